package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jinit.core.Signals;
import dev.jinit.core.libc.SignalSet;
import dev.jinit.it.JinitProcess.Placement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The child gets what jinit was given, as if jinit were not there: the signal mask, the ignored
 * signals, the environment (without what jinit sets for itself), the working directory and the
 * open descriptors (without the JVM's).
 */
class InheritanceTest {
    /** Opens descriptor 7 for jinit to pass on; then execs its arguments. */
    private static final List<String> OPEN_FD_7 = List.of("sh", "-c", "exec 7</etc/hostname && exec \"$@\"", "open-fd-7");
    private static final String MARKER = "JINIT_TEST_MARKER=spaces and = signs";
    private static final SignalSet IGNORED = SignalSet.of(Signals.SIGHUP, Signals.SIGUSR1);
    private static final SignalSet BLOCKED = SignalSet.of(Signals.SIGUSR2, Signals.SIGRTMIN + 1);
    private static final String SIG_BLK = "SigBlk:\t";
    private static final String SIG_IGN = "SigIgn:\t";
    /** glibc's internal signals (SIGCANCEL, SIGSETXID). */
    private static final int[] GLIBC_INTERNAL = {32, 33};
    /**
     * Reports the child's own state with bash builtins only: a forked helper would see the shell
     * mid-fork (shells block signals around fork and open pipes for $(...)). Descriptors come
     * first, before any redirection opens one.
     */
    private static final String REPORT = """
            for fd in /proc/self/fd/*; do [ -e "$fd" ] && echo "fd ${fd##*/}"; done
            while read -r line; do case $line in SigBlk:*|SigIgn:*) echo "$line";; esac; done < /proc/self/status
            while IFS= read -r -d '' entry; do echo "env $entry"; done < /proc/self/environ
            echo "cwd $(pwd -P)"
            """;

    @BeforeAll
    static void coreutilsEnvSetsSignals() throws IOException, InterruptedException {
        Process env = new ProcessBuilder("env", "--block-signal=USR2", "true").start();
        assumeTrue(env.waitFor(JinitProcess.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && env.exitValue() == 0,
                "env cannot set signal dispositions (needs GNU coreutils 8.31 or later)");
    }

    @ParameterizedTest(name = "caller sets \"{0}\"")
    @ValueSource(strings = {"", "_JAVA_SR_SIGNUM=45"})
    void childInheritsWhatJinitWasGiven(String callerVariable) {
        List<String> launcher = launcher(callerVariable);
        List<String> report = List.of("bash", "-c", REPORT);
        List<String> expected = reportOf(JinitProcess.withoutJinit(launcher, report));
        // The baseline must show what the launcher set up, or comparing with it would prove nothing.
        assertThat(expected).contains("fd 0", "fd 1", "fd 2", "fd 7", SIG_BLK + BLOCKED.toHex(), "env " + MARKER);
        assertThat(ignored(expected).containsAll(IGNORED)).as("ignored signals in %s", expected).isTrue();
        List<String> jinitArguments = new ArrayList<>(List.of("--"));
        jinitArguments.addAll(report);
        List<String> actual = reportOf(JinitProcess.start(launcher, Placement.PID_1, jinitArguments));
        // In any order: the order of environment variables carries no meaning.
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * With every signal ignored, the command gets every ignore it gets under tini but those jinit
     * cannot learn or keep, as docs/reference.md lists them: ILL, BUS, FPE, SEGV, PIPE, XFSZ and USR2,
     * which HotSpot takes for its handlers before jinit's code runs in the first JVM, and RTMAX, the
     * suspend/resume signal of the second. (unshare resets CHLD for both.)
     */
    @Test
    void everyIgnoreJinitCanLearnReachesTheCommandAsUnderTini() {
        SignalSet notPassedOn = SignalSet.of(Signals.SIGILL, Signals.SIGBUS, Signals.SIGFPE, Signals.SIGSEGV,
                Signals.SIGPIPE, Signals.SIGXFSZ, Signals.SIGUSR2, Signals.SIGRTMAX);
        List<String> ignoringAll = List.of("env", "--ignore-signal");
        List<String> status = List.of("cat", "/proc/self/status");
        SignalSet underTini = ignored(reportOf(JinitProcess.initAsPid1(ignoringAll, "tini --", status)));
        assertThat(underTini.containsAll(notPassedOn.with(Signals.SIGRTMAX - 2))).as("under tini: %s", underTini).isTrue();
        SignalSet underJinit = ignored(reportOf(JinitProcess.initAsPid1(ignoringAll, "jinit", status)));
        assertThat(underJinit).isEqualTo(underTini.minus(notPassedOn));
    }

    /** {@code env -i}, so that the environment is known exactly, plus the caller's own variable if any. */
    private static List<String> launcher(String callerVariable) {
        List<String> launcher = new ArrayList<>(OPEN_FD_7);
        launcher.addAll(List.of("env", "-i"));
        IGNORED.stream().forEach(signal -> launcher.add("--ignore-signal=" + signal));
        BLOCKED.stream().forEach(signal -> launcher.add("--block-signal=" + signal));
        launcher.addAll(List.of("PATH=/usr/bin:/bin", MARKER));
        if (!callerVariable.isEmpty()) {
            launcher.add(callerVariable);
        }
        return launcher;
    }

    private static SignalSet ignored(List<String> report) {
        return report.stream().filter(line -> line.startsWith(SIG_IGN)).findFirst()
                .map(line -> SignalSet.fromHex(line.substring(SIG_IGN.length()))).orElseThrow();
    }

    /**
     * The report, with glibc's internal signals taken out of SigIgn: the JDK's posix_spawn leaves
     * them ignored in the processes it starts (container runtimes do not), and glibc sets its own
     * handler for 33 in jinit's JVM before jinit can see that it was ignored.
     */
    private static List<String> reportOf(JinitProcess process) {
        try (process) {
            assertThat(process.awaitExit()).as("exit status, stderr %s", process.stderr()).isZero();
            return process.stdout().stream()
                    .map(line -> line.startsWith(SIG_IGN)
                            ? SIG_IGN + ignored(List.of(line)).without(GLIBC_INTERNAL).toHex() : line)
                    .toList();
        }
    }
}
