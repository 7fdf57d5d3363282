package dev.jinit.it;

import static dev.jinit.it.SeveralCommands.shell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --restart}: which ends start a command again, the exponential back-off between restarts,
 * and giving up after {@code --restart-limit} restarts within {@code --restart-window}. A lone
 * command is watched, so the container ends with its status once it has ended for good.
 */
class RestartTest {
    /** How late a restart may come on a slow, busy machine; never early. */
    private static final long LATENESS_ALLOWED_MILLIS = 1_000;

    /** The flaky command is watched, beside an unwatched one: when jinit gives up on it, the container ends with its status. */
    @Test
    void onFailureBacksOffExponentiallyUpToTheMaximumThenGivesUp() {
        List<String> restartOptions = List.of("--watch", "--restart", "on-failure", "--restart-delay", "200ms",
                "--restart-max-delay", "800ms", "--restart-limit", "4");
        try (JinitProcess jinit = SeveralCommands.asPid1(List.of(), List.of(
                shell(restartOptions, "flaky", "date +%s%3N; exit 3"),
                shell("sidecar", "sleep 100")))) {
            assertThat(jinit.awaitExit()).isEqualTo(3);
            List<Long> startMillis = jinit.stdout().stream().map(Long::valueOf).toList();
            List<Long> expectedDelays = List.of(200L, 400L, 800L, 800L);
            assertThat(startMillis).as("starts: the first and one per restart").hasSize(expectedDelays.size() + 1);
            for (int restart = 0; restart < expectedDelays.size(); restart++) {
                long delay = expectedDelays.get(restart);
                assertThat(startMillis.get(restart + 1) - startMillis.get(restart)).as("ms before restart %d", restart + 1)
                        .isBetween(delay, delay + LATENESS_ALLOWED_MILLIS);
            }
            assertThat(JinitLogs.of(jinit)).anyMatch(line -> line.contains("giving up on flaky"));
        }
    }

    @ParameterizedTest(name = "--restart {0}, exit {1}: {2} runs, status {3}")
    @CsvSource({
        "no,         3, 1, 3",
        "on-failure, 0, 1, 0",
        "on-failure, 3, 3, 3",
        // Giving up treats the command as failed, whatever its last status.
        "always,     0, 3, 1",
    })
    void policyDecidesWhichEndsRestart(String policy, int exitCode, int runs, int status) {
        try (JinitProcess jinit = JinitProcess.asPid1("--", "--restart", policy, "--restart-delay", "50ms",
                "--restart-limit", "2", "sh", "-c", "echo run; exit " + exitCode)) {
            assertThat(jinit.awaitExit()).isEqualTo(status);
            assertThat(jinit.stdout()).isEqualTo(Collections.nCopies(runs, "run"));
        }
    }

    /** Each run lasts longer than the window, so no restart is ever counted against the limit of 1. */
    @Test
    void onlyRestartsWithinTheWindowCountTowardsTheLimit(@TempDir Path directory) {
        String failThreeTimesSlowly = """
                runs=$(($(cat "$1" 2>/dev/null || echo 0) + 1))
                echo "$runs" > "$1"
                echo "run $runs"
                [ "$runs" -ge 4 ] && exit 0
                sleep 0.5
                exit 3
                """;
        try (JinitProcess jinit = JinitProcess.asPid1("--", "--restart", "on-failure", "--restart-delay", "50ms",
                "--restart-limit", "1", "--restart-window", "300ms",
                "sh", "-c", failThreeTimesSlowly, "slow", directory.resolve("runs").toString())) {
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).isEqualTo(IntStream.rangeClosed(1, 4).mapToObj(run -> "run " + run).toList());
        }
    }

    /**
     * {@code -r TERM:0} drops SIGTERM: it must change nothing, as it does with several commands.
     * Fails at the time of writing: with a single long-running command jinit still takes the
     * dropped SIGTERM as a stop request and restarts it no more, so the container ends after the
     * run under way.
     */
    @Test
    void termRewrittenToNothingDoesNotStopRestarts() {
        try (JinitProcess jinit = JinitProcess.asPid1("-r", "TERM:0", "--", "--restart", "always",
                "--restart-delay", "50ms", "--restart-limit", "2", "sh", "-c", "echo run; sleep 0.5")) {
            jinit.awaitLine("run");
            jinit.signal(Signals.SIGTERM);
            int status = jinit.awaitExit();
            assertThat(jinit.stdout()).as("runs: the first and two restarts").isEqualTo(Collections.nCopies(3, "run"));
            // Then jinit gives up, which counts as a failure.
            assertThat(status).isEqualTo(1);
        }
    }
}
