package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jinit.core.Signals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signals sent to jinit (PID 1) reach its child, in process-group mode (-g) and single-child mode (-c). */
class SignalForwardingTest {
    /**
     * A child that traps every signal given as an argument, reports each as {@code got N} and
     * keeps running. The wait builtin returns as soon as a trapped signal arrives, so the report
     * comes at once; the short sleeps keep the processes the group mode also signals short-lived.
     * Run by dash, not bash: bash catches USR1 (and other "terminating" signals) with a handler of
     * its own from its start, and one that arrives before the trap is set is neither reported nor fatal.
     */
    private static final String REPORTER = """
            for signal in "$@"; do trap "echo got $signal" "$signal"; done
            echo ready
            while :; do sleep 0.1 & wait $!; done
            """;
    /**
     * Not among them: KILL and STOP cannot be caught, CHLD is jinit's; ILL, BUS, FPE and SEGV reach
     * the child by another path ({@link #faultSignalsSentToJinitReachTheChild}).
     */
    private static final List<Integer> NOT_FORWARDED = List.of(Signals.SIGKILL, Signals.SIGSTOP, Signals.SIGCHLD,
            Signals.SIGILL, Signals.SIGBUS, Signals.SIGFPE, Signals.SIGSEGV);
    /** RTMAX (64) is the JVM's, 32 and 33 are glibc's. */
    private static final List<Integer> REALTIME = List.of(Signals.SIGRTMIN, Signals.SIGRTMIN + 6, Signals.SIGRTMAX - 1);
    private static final String JINIT_STAGE_1_VARIABLE = "_JINIT_STAGE1=";
    /** After this, docker stop sends SIGKILL. */
    private static final Duration DOCKER_STOP_TIMEOUT = Duration.ofSeconds(10);

    private static List<Integer> forwardableSignals() {
        return Stream.concat(IntStream.rangeClosed(1, 31).boxed().filter(signal -> !NOT_FORWARDED.contains(signal)),
                REALTIME.stream()).toList();
    }

    /** @param options jinit's, space-separated */
    private static JinitProcess startReporter(String options, List<Integer> signals) {
        List<String> arguments = new ArrayList<>(List.of(options.split(" ")));
        arguments.addAll(List.of("dash", "-c", REPORTER, "reporter"));
        signals.forEach(signal -> arguments.add(String.valueOf(signal)));
        return JinitProcess.asPid1(arguments.toArray(String[]::new));
    }

    /**
     * ILL, BUS, FPE and SEGV sent to jinit, which HotSpot takes for faults of its own: jinit lives
     * on and forwards them, one at a time and after a quick burst, in which, as with any standard
     * signal, those not yet taken merge. None of the JVM's text reaches stdout, no crash file the
     * working directory, and the child gets the user's LD_PRELOAD, not jinit's.
     */
    @Test
    void faultSignalsSentToJinitReachTheChild(@TempDir Path directory) throws IOException {
        List<Integer> faults = List.of(Signals.SIGILL, Signals.SIGBUS, Signals.SIGFPE, Signals.SIGSEGV);
        List<String> arguments = new ArrayList<>(List.of("-vv", "-c", "dash", "-c", REPORTER, "reporter"));
        faults.forEach(signal -> arguments.add(String.valueOf(signal)));
        List<String> launcher = List.of("env", "LD_PRELOAD=libc.so.6", "sh", "-c", "cd \"$0\" && exec \"$@\"",
                directory.toString());
        try (JinitProcess jinit = JinitProcess.start(launcher, JinitProcess.Placement.PID_1, arguments)) {
            jinit.awaitLine("ready");
            // Until then, jinit's start, they would still end it.
            jinit.awaitTrue("jinit to guard them", () -> jinit.stderr().contains(GUARDING_FAULTS));
            for (int round = 1; round <= 3; round++) {
                for (int signal : faults) {
                    jinit.signal(signal);
                    int expected = round;
                    jinit.awaitTrue("got " + signal + " " + round + " times", () -> timesGot(jinit, signal) == expected);
                }
            }
            for (int i = 0; i < 20; i++) {
                faults.forEach(jinit::signal);
            }
            for (int signal : faults) {
                jinit.awaitTrue("got " + signal + " after the burst", () -> timesGot(jinit, signal) > 3);
            }
            long child = ProcessHandle.of(jinit.jinitPid()).orElseThrow().children().findFirst().orElseThrow().pid();
            assertThat(Files.readString(Path.of("/proc", String.valueOf(child), "environ"), StandardCharsets.ISO_8859_1)
                    .split("\0")).filteredOn(entry -> entry.contains("LD_PRELOAD")).containsExactly("LD_PRELOAD=libc.so.6");
            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit()).isEqualTo(128 + Signals.SIGTERM);
            assertThat(jinit.stdout()).allMatch(line -> line.equals("ready") || line.startsWith("got "));
            assertThat(jinit.stderr()).allMatch(line -> line.startsWith("[jinit] "));
        }
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).as("files left in jinit's working directory").isEmpty();
        }
    }

    /** jinit's line once it forwards ILL, BUS, FPE and SEGV sent to it (-vv). */
    static final String GUARDING_FAULTS = "[jinit] DEBUG forwarding SIGILL SIGBUS SIGFPE SIGSEGV sent to jinit";

    private static long timesGot(JinitProcess jinit, int signal) {
        return jinit.stdout().stream().filter(line -> line.equals("got " + signal)).count();
    }

    /** In process-group mode TSTP, TTIN and TTOU are rewritten to themselves: by default they would go as STOP. */
    @ParameterizedTest(name = "jinit {0}")
    @ValueSource(strings = {"-g -r TSTP:TSTP -r TTIN:TTIN -r TTOU:TTOU", "-c"})
    void everyForwardableSignalReachesTheChild(String options) {
        List<Integer> signals = forwardableSignals();
        try (JinitProcess jinit = startReporter(options, signals)) {
            jinit.awaitLine("ready");
            for (int signal : signals) {
                jinit.signal(signal);
                jinit.awaitLine(report(signal));
            }
            assertThat(jinit.isRunning()).as("jinit after forwarding, output %s", jinit.stdout()).isTrue();
        }
    }

    /** {@code docker stop}: SIGTERM to a shell that runs a command and would then do more. */
    @ParameterizedTest(name = "jinit {0}")
    @ValueSource(strings = {"-g", "-c"})
    void termEndsAShellThatDoesNotHandleIt(String mode) {
        try (JinitProcess jinit = JinitProcess.asPid1(mode, "sh", "-c", "sleep 1000; echo done")) {
            jinit.awaitDescendant("sleep");
            jinit.signal(Signals.SIGTERM);
            // In both modes the shell dies of it: it is not PID 1, so TERM's default action applies. With -c, the
            // sleep it leaves behind gets SIGTERM from jinit's shutdown.
            assertThat(jinit.awaitExit(DOCKER_STOP_TIMEOUT)).isEqualTo(128 + Signals.SIGTERM);
            assertThat(jinit.stdout()).doesNotContain("done");
        }
    }

    /** A shell that traps TERM runs the trap only after its foreground command ends; -g makes that command end. */
    @Test
    void termReachesTheForegroundCommandOfAShellInGroupMode() {
        try (JinitProcess jinit = JinitProcess.asPid1("-g", "sh", "-c", "trap 'echo got TERM' TERM; sleep 1000; echo done")) {
            jinit.awaitDescendant("sleep");
            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit(DOCKER_STOP_TIMEOUT)).isZero();
            assertThat(jinit.stdout()).containsExactly("got TERM", "done");
        }
    }

    @Test
    void termReachesOnlyTheShellInSingleChildMode() throws InterruptedException {
        try (JinitProcess jinit = JinitProcess.asPid1("-c", "sh", "-c", "trap 'echo got TERM' TERM; sleep 1000; echo done")) {
            jinit.awaitDescendant("sleep");
            jinit.signal(Signals.SIGTERM);
            Thread.sleep(2000);
            // The shell waits for sleep before it runs its trap; close() kills jinit, and with it the namespace.
            assertThat(jinit.isRunning()).as("jinit 2 s after TERM").isTrue();
            assertThat(jinit.stdout()).isEmpty();
        }
    }

    /**
     * jinit re-executes its JVM at start-up; signals sent to the second JVM before it spawned the
     * child are blocked and pending, and must be forwarded once the child runs.
     */
    @Test
    void signalsSentWhileJinitStartsReachTheChild() {
        List<Integer> signals = List.of(Signals.SIGUSR1, Signals.SIGRTMIN + 6);
        try (JinitProcess jinit = startReporter("-g", signals)) {
            jinit.awaitTrue("stage 1 (its environment holds " + JINIT_STAGE_1_VARIABLE + ")",
                    () -> inStage1(jinit.jinitPid()));
            assumeTrue(JinitProcess.childrenOf(jinit.jinitPid()).isEmpty(),
                    "jinit had already spawned its child: the signals would not be sent during start-up");
            signals.forEach(jinit::signal);
            // The reporter may not have set its traps yet when the forwarded signals come: then one of them kills it.
            if (awaitReportsOrEnd(jinit, signals)) {
                return;
            }
            // Killed by the first one that came: the others had no live target left.
            int status = jinit.awaitExit();
            assertThat(status - 128).as("signal that killed the reporter (exit status %d), output %s", status,
                    jinit.stdout()).isIn(signals);
        }
    }

    /** True when the reporter reported all {@code signals} (in any order), false if it ended first. */
    private static boolean awaitReportsOrEnd(JinitProcess jinit, List<Integer> signals) {
        for (String report : reports(signals)) {
            if (!jinit.awaitLineOrEnd(report)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> reports(List<Integer> signals) {
        return signals.stream().map(SignalForwardingTest::report).toList();
    }

    /** What the reporter writes when it gets {@code signal}. */
    private static String report(int signal) {
        return "got " + signal;
    }

    private static boolean inStage1(int pid) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), "environ"), StandardCharsets.ISO_8859_1)
                    .contains(JINIT_STAGE_1_VARIABLE);
        } catch (IOException execInProgress) {
            return false;
        }
    }
}
