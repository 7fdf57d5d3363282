package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import dev.jinit.it.JinitProcess.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the command has ended, the processes it left get SIGTERM, then SIGKILL after the grace
 * period, and jinit exits with the command's status. As PID 1 that is every process in the
 * namespace; as a subreaper only jinit's own descendants.
 */
class ShutdownTest {
    /** Run as {@code sh -c TERM_HANDLER NAME MARKER READY}: writes MARKER when it gets SIGTERM; creates READY once its trap is set. */
    private static final String TERM_HANDLER = """
            trap 'echo TERM > "$1"; exit 0' TERM
            touch "$2"
            sleep 100 & wait $!
            """;
    /**
     * Starts TERM_HANDLER ($1) in a session and group of its own (out of reach of signals to the
     * command's group) and waits until it is ready; the test appends how the command goes on.
     */
    private static final String START_DETACHED_TERM_HANDLER = """
            setsid sh -c "$1" helper "$2" "$3" &
            until [ -e "$3" ]; do sleep 0.01; done
            """;
    /**
     * Leaves a sleep that ignores SIGTERM, in a session of its own, and reports its pid as
     * {@code helper PID} once it runs sleep (until then it is named setsid). The trap is set before
     * the fork, so it ignores TERM from its first instant.
     */
    private static final String START_TERM_IGNORING_SLEEP = """
            trap '' TERM
            setsid sleep 100 &
            trap - TERM
            until [ "$(cat /proc/$!/comm 2>/dev/null)" = sleep ]; do :; done
            echo "helper $!"
            """;
    private static final String HELPER_REPORT = "helper ";
    /** Reports when the command ends, in this machine's wall-clock milliseconds. */
    private static final String EXIT_7_REPORTING_THE_TIME = """
            echo "ending at $(date +%s%3N)"
            exit 7
            """;
    private static final String ENDING_REPORT = "ending at ";
    private static final Duration LONG_GRACE = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    @Test
    void detachedHelperGetsTermAndTheStatusIsTheCommands() {
        Path marker = directory.resolve("marker");
        try (JinitProcess jinit = startDetachedTermHandler(Placement.PID_1, "--grace=" + LONG_GRACE.toSeconds() + "s", marker)) {
            // Well within the grace: jinit stops waiting as soon as nothing is left.
            assertThat(jinit.awaitExit(LONG_GRACE.dividedBy(2))).isEqualTo(7);
            assertThat(marker).as("written by the helper's TERM handler").exists();
        }
    }

    @Test
    void termIgnoringHelperIsKilledAfterTheGrace() {
        try (JinitProcess jinit = startShell(Placement.PID_1, List.of("--grace=2s"),
                START_TERM_IGNORING_SLEEP + EXIT_7_REPORTING_THE_TIME)) {
            assertThat(jinit.awaitExit()).isEqualTo(7);
            long commandEnded = Long.parseLong(reported(jinit, ENDING_REPORT).orElseThrow());
            assertThat(System.currentTimeMillis() - commandEnded).as("ms from the command's end to jinit's")
                    .isBetween(1_800L, 8_000L);
        }
    }

    @Test
    void secondTermDuringTheGraceEndsItAtOnce() {
        try (JinitProcess jinit = startShell(Placement.PID_1, List.of("-v", "--grace=" + LONG_GRACE.toSeconds() + "s"),
                START_TERM_IGNORING_SLEEP + "exec sleep 100\n")) {
            jinit.awaitTrue("the helper's pid on stdout", () -> reported(jinit, HELPER_REPORT).isPresent());
            // The first ends the command (the helper is out of its group); the second ends the grace period.
            jinit.signal(Signals.SIGTERM);
            JinitLogs.await(jinit, "sending SIGTERM to pid");
            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit(LONG_GRACE.dividedBy(3))).isEqualTo(128 + Signals.SIGTERM);
            assertThat(JinitLogs.of(jinit)).anyMatch(line -> line.contains("SIGTERM during the grace period"));
        }
    }

    /** A stopped process acts on SIGTERM only once continued: jinit sends SIGCONT along. */
    @Test
    void stoppedHelperIsContinuedToHandleTerm() {
        Path marker = directory.resolve("marker");
        // $! is still the helper: the wait loop runs only foreground commands.
        try (JinitProcess jinit = startDetachedTermHandler(Placement.PID_1, "--grace=5s", marker, "kill -STOP $!\nexit 7\n")) {
            assertThat(jinit.awaitExit()).isEqualTo(7);
            assertThat(marker).as("written by the stopped helper's TERM handler").exists();
        }
    }

    @Test
    void zeroGraceKillsLeftoversAtOnce() {
        Path marker = directory.resolve("marker");
        try (JinitProcess jinit = startDetachedTermHandler(Placement.PID_1, "--grace=0", marker)) {
            assertThat(jinit.awaitExit()).isEqualTo(7);
            assertThat(marker).as("written by the helper's TERM handler, had it got a TERM").doesNotExist();
        }
    }

    /** Without a namespace of its own jinit must only touch its descendants: never kill(-1), never a stranger. */
    @Test
    void subreaperStopsItsDescendantsButNoOtherProcess() throws IOException, InterruptedException {
        Path strangerMarker = directory.resolve("stranger-marker");
        Path strangerReady = directory.resolve("stranger-ready");
        Path descendantMarker = directory.resolve("descendant-marker");
        Process stranger = new ProcessBuilder("sh", "-c", TERM_HANDLER, "stranger", strangerMarker.toString(),
                strangerReady.toString()).start();
        try {
            awaitFile(strangerReady);
            try (JinitProcess jinit = startDetachedTermHandler(Placement.SUBREAPER, "--grace=5s", descendantMarker)) {
                assertThat(jinit.awaitExit()).isEqualTo(7);
            }
            assertThat(descendantMarker).as("written by jinit's descendant on TERM").exists();
            assertThat(stranger.isAlive()).as("the process that is not jinit's descendant is alive").isTrue();
            assertThat(strangerMarker).as("written by the stranger, had it got a TERM").doesNotExist();
        } finally {
            stranger.descendants().forEach(ProcessHandle::destroyForcibly);
            stranger.destroyForcibly().waitFor();
        }
    }

    @Test
    void verboseLogNamesWhatItSignalsByPidAndCommand() {
        try (JinitProcess jinit = startShell(Placement.PID_1, List.of("-v", "--grace=1s"),
                START_TERM_IGNORING_SLEEP + "exit 7\n")) {
            assertThat(jinit.awaitExit()).isEqualTo(7);
            String helper = "pid " + reported(jinit, HELPER_REPORT).orElseThrow() + " (sleep)";
            assertThat(JinitLogs.of(jinit)).anyMatch(line -> line.contains("sending SIGTERM to " + helper))
                    .anyMatch(line -> line.contains("sending SIGKILL to " + helper));
        }
    }

    /** A command that leaves TERM_HANDLER running detached, with {@code marker}, and exits 7. */
    private JinitProcess startDetachedTermHandler(Placement placement, String graceOption, Path marker) {
        return startDetachedTermHandler(placement, graceOption, marker, "exit 7\n");
    }

    /** A command that leaves TERM_HANDLER running detached, with {@code marker}, then runs {@code ending}. */
    private JinitProcess startDetachedTermHandler(Placement placement, String graceOption, Path marker, String ending) {
        return startShell(placement, List.of(graceOption), START_DETACHED_TERM_HANDLER + ending, TERM_HANDLER,
                marker.toString(), directory.resolve("ready").toString());
    }

    /** {@code jinit OPTIONS -- sh -c SCRIPT main SCRIPT_ARGUMENTS...}. */
    private static JinitProcess startShell(Placement placement, List<String> options, String script, String... scriptArguments) {
        List<String> arguments = new ArrayList<>(options);
        arguments.addAll(List.of("--", "sh", "-c", script, "main"));
        arguments.addAll(Arrays.asList(scriptArguments));
        return JinitProcess.start(List.of(), placement, arguments);
    }

    private static void awaitFile(Path path) {
        Polling.awaitTrue(path.toString(), () -> Files.exists(path), JinitProcess.TIMEOUT, Duration.ofMillis(10));
    }

    /** What the command reported on the stdout line starting with {@code report}. */
    private static Optional<String> reported(JinitProcess jinit, String report) {
        return jinit.stdout().stream().filter(line -> line.startsWith(report))
                .map(line -> line.substring(report.length())).findFirst();
    }
}
