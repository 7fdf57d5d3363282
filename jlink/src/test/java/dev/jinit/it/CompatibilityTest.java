package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import dev.jinit.it.JinitProcess.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jinit in place of tini or dumb-init (issue #4): their flags, run through the real image, in the
 * scenarios their own test suites check. Precedence between flags and variables is in
 * SettingsPrecedenceTest, logging (-v, -w) in LoggingTest; job control, terminals and the parent
 * death signal have tests of their own.
 */
class CompatibilityTest {
    private static final Path LICENSE = Path.of(System.getProperty("basedir", ""), "..", "LICENSE");
    private static final String NOT_A_SUBREAPER_WARNING =
            "[jinit] WARN jinit is not PID 1 and cannot become a child subreaper";

    /** tini's -e: listed codes (after 128+N for a signal) become 0, others pass through. */
    @ParameterizedTest(name = "jinit -e {0} sh -c ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "3       | exit 3        | 0",
        "3       | exit 4        | 4",
        "0,255   | exit 255      | 0",
        "143     | kill -INT $$  | 130",
        "130,137 | kill -KILL $$ | 0",
    })
    void expectedExitCodesBecomeZeroAndOthersPassThrough(String codes, String script, int status) {
        List<String> arguments = new ArrayList<>();
        for (String code : codes.split(",")) {
            arguments.addAll(List.of("-e", code));
        }
        arguments.addAll(List.of("sh", "-c", script));
        try (JinitProcess jinit = JinitProcess.start(List.of(), Placement.PID_1, arguments)) {
            assertThat(jinit.awaitExit()).as("exit status, stderr %s", jinit.stderr()).isEqualTo(status);
        }
    }

    @Test
    void expectingStatus143MakesDockerStopASuccess() {
        try (JinitProcess jinit = JinitProcess.asPid1("-e", "143", "sleep", "1000")) {
            jinit.awaitDescendant("sleep");
            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit()).isZero();
        }
    }

    /** dumb-init's -r, with signals written in every form jinit accepts. */
    @ParameterizedTest(name = "jinit {0}")
    @ValueSource(strings = {"-g", "-c"})
    void rewriteTableSwapsRenamesAndDropsSignals(String mode) {
        List<String> options = List.of(mode,
                "-r", "USR1:USR2", "-r", "SIGUSR2:sigusr1",
                "-r", "3:1",
                "-r", "RTMIN+1:USR1", "-r", "40:RTMAX-1",
                "-r", "TERM:0");
        int notRewritten = Signals.SIGRTMIN + 2;
        List<String> arguments = SignalReporter.jinitArguments(options,
                Signals.SIGHUP, Signals.SIGUSR1, Signals.SIGUSR2, Signals.SIGRTMAX - 1, notRewritten);
        try (JinitProcess jinit = JinitProcess.start(List.of(), Placement.PID_1, arguments)) {
            SignalReporter reporter = SignalReporter.awaitReady(jinit);
            reporter.send(Signals.SIGUSR1, Signals.SIGUSR2);
            reporter.send(Signals.SIGUSR2, Signals.SIGUSR1);
            reporter.send(Signals.SIGQUIT, Signals.SIGHUP);
            reporter.send(Signals.SIGRTMIN + 1, Signals.SIGUSR1);
            reporter.send(40, Signals.SIGRTMAX - 1);
            reporter.send(Signals.SIGTERM);
            // Numbered higher than TERM, so jinit takes it after TERM: a TERM forwarded first would have killed the
            // reporter.
            reporter.send(notRewritten, notRewritten);
            assertThat(jinit.isRunning()).as("jinit after a dropped SIGTERM").isTrue();
        }
    }

    @Test
    void licenseGoesToStdout() throws IOException {
        try (JinitProcess jinit = JinitProcess.asSubreaper("-l")) {
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).containsExactlyElementsOf(Files.readAllLines(LICENSE));
            assertThat(jinit.stderr()).isEmpty();
        }
    }

    /** A few cases through the real binary; JinitCommandTest checks thousands in-process. */
    @ParameterizedTest(name = "{0} jinit {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                         | -e 256 echo ran        | --expect-exit",
        "''                                         | -p 65 echo ran         | --parent-death-signal",
        "JINIT_GRACE=-1s                            | echo ran               | JINIT_GRACE",
        "JINIT_REWRITE=TERM:NOSUCH                  | echo ran               | JINIT_REWRITE",
        "''                                         | -r 1:32 echo ran       | '1:32'",
        "''                                         | -r 1:33 echo ran       | '1:33'",
        "''                                         | -r 32:1 echo ran       | '32:1'",
        "TINI_VERBOSITY=loud                        | echo ran               | TINI_VERBOSITY",
        "JINIT_PROCESS_GROUP=1 JINIT_SINGLE_CHILD=1 | echo ran               | JINIT_SINGLE_CHILD",
    })
    void badValueExits2WithOneLineNamingIt(String environment, String arguments, String named) {
        try (JinitProcess jinit = JinitProcess.start(Launchers.withEnvironment(environment), Placement.SUBREAPER,
                List.of(arguments.split(" ")))) {
            assertThat(jinit.awaitExit()).as("exit status, stderr %s", jinit.stderr()).isEqualTo(2);
            assertThat(jinit.stderr()).singleElement().asString().startsWith("[jinit] ERROR ").contains(named);
            assertThat(jinit.stdout()).as("output of the command, which must not run").isEmpty();
        }
    }

    /**
     * Every command starts in the caller's directory, a restarted one and a second one too, while
     * jinit is in / from before the first starts (catatonit's chdir), so that it never keeps the
     * directory (a volume, say) busy: each reports its own directory and, at once, its parent's.
     */
    @Test
    void commandsStartInTheCallersDirectoryWhileJinitIsInRoot(@TempDir Path directory) throws IOException {
        Path callers = directory.toRealPath();
        String report = "echo \"$(pwd -P) $(readlink /proc/$PPID/cwd)\"";
        List<String> arguments = List.of("--", "--before", "sh", "-c", report, "---",
                "--restart", "on-failure", "--restart-limit", "1", "--restart-delay", "10ms", "sh", "-c", report + "; exit 3");
        try (JinitProcess jinit = JinitProcess.start(Launchers.inDirectory(callers), Placement.PID_1, arguments)) {
            assertThat(jinit.awaitExit()).as("exit status, stderr %s", jinit.stderr()).isEqualTo(3);
            assertThat(jinit.stdout()).as("the --before command, the other and its restart").hasSize(3)
                    .containsOnly(callers + " /");
        }
    }

    /** The only way found to make prctl(PR_SET_CHILD_SUBREAPER) fail is a seccomp filter. */
    @Test
    void warnsOnceWhenItCannotBecomeASubreaper() {
        try (JinitProcess jinit = JinitProcess.start(Launchers.SUBREAPER_DENIED, Placement.SUBREAPER,
                List.of("sh", "-c", "exit 0"))) {
            assertThat(jinit.awaitExit()).as("exit status, stderr %s", jinit.stderr()).isZero();
            assertThat(jinit.stderr()).singleElement().asString().startsWith(NOT_A_SUBREAPER_WARNING);
        }
    }
}
