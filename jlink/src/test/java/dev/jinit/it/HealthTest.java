package dev.jinit.it;

import static dev.jinit.it.Checks.TERM_REPORTER;
import static dev.jinit.it.SeveralCommands.shell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --health}: a check run every interval; after {@code --health-retries} failures in a row
 * the command is stopped and its restart policy applies, or, not restarted and watched, the
 * container ends with status 1. jinit as PID 1 of a namespace.
 */
class HealthTest {
    /** What a hung check sleeps: no other process sleeps as long. */
    private static final String HUNG = "101";
    /** A check that notes each attempt, as its working directory, in $CHECK_LOG; exits $1 (hangs on "hang"). */
    private static final String CHECK = """
            pwd >> "$CHECK_LOG"
            [ "$1" = hang ] && exec sleep %s
            exit "$1"
            """.formatted(HUNG);
    /** Notes each start in the checks' log, at once (a builtin), so that the log has starts and checks in order. */
    private static final String WORKER = """
            echo started >> "$CHECK_LOG"
            exec sleep 100
            """;

    /** The options that run {@link #CHECK} in {@code directory} as the worker's health check, every {@code interval}. */
    private static List<String> checked(Path directory, String checkArgument, String interval, String... more) {
        Path check = Checks.script(directory, "check", CHECK);
        List<String> options = new ArrayList<>(List.of("--env", "CHECK_LOG=" + directory.resolve("checks"),
                "--workdir", directory.toString(), "--health", "exec:" + check + " " + checkArgument,
                "--health-interval", interval));
        options.addAll(List.of(more));
        return options;
    }

    private static List<String> checkLog(Path directory) {
        try {
            return Files.readAllLines(directory.resolve("checks"));
        } catch (NoSuchFileException none) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Three failures in a row (a failing check, or one that outlasts --health-timeout): a WARN line,
     * the worker stopped and started again, with no check in between.
     */
    @ParameterizedTest(name = "--restart {0}, the check {1}")
    @CsvSource({"always, 1", "on-failure, hang"})
    void anUnhealthyCommandIsRestarted(String policy, String checkArgument, @TempDir Path directory) {
        // Each attempt ends before the next one is due, so none overlap; the first is due well after the worker's start.
        try (JinitProcess jinit = Checks.asPid1(List.of(), List.of(shell(checked(directory, checkArgument, "400ms",
                "--health-timeout", "200ms", "--health-retries", "3", "--restart", policy, "--restart-delay", "100ms"),
                "worker", WORKER)))) {
            jinit.awaitTrue("a second start", () -> checkLog(directory).size() >= 5);
            String check = directory.toString();
            assertThat(checkLog(directory)).startsWith("started", check, check, check, "started");
            assertThat(JinitLogs.await(jinit, "worker is unhealthy")).startsWith("[jinit] WARN");
            // A check that outlasts its timeout is ended, not left behind at every interval.
            jinit.awaitTrue("no hung check left", () -> ProcessHandle.of(jinit.jinitPid()).orElseThrow().descendants()
                    .noneMatch(process -> process.info().arguments().map(List::of).orElse(List.of()).contains(HUNG)));
        }
    }

    /** Not restarted, the watched worker's unhealthiness ends the container: the other command is stopped, status 1. */
    @Test
    void anUnhealthyWatchedCommandNotRestartedEndsTheContainer() {
        try (JinitProcess jinit = Checks.asPid1(List.of(), List.of(
                shell("other", TERM_REPORTER),
                shell(List.of("--watch", "--health", "exec:/bin/false", "--health-interval", "200ms",
                        "--health-retries", "2"), "worker", "echo \"$0 running\"; exec sleep 100")))) {
            assertThat(jinit.awaitExit()).isEqualTo(1);
            assertThat(jinit.stdout()).containsExactlyInAnyOrder("other running", "worker running", "other got TERM");
            assertThat(JinitLogs.of(jinit)).anyMatch(line -> line.startsWith("[jinit] WARN") && line.contains("worker is unhealthy"));
        }
    }

    /** A check that passes, even with one retry allowed, runs in the command's environment and directory, and never restarts it. */
    @Test
    void aPassingCheckKeepsTheCommandRunning(@TempDir Path directory) {
        try (JinitProcess jinit = Checks.asPid1(List.of(), List.of(shell(checked(directory, "0", "200ms", "--health-retries", "1",
                "--restart", "always", "--restart-delay", "100ms"), "worker", WORKER)))) {
            jinit.awaitTrue("five checks", () -> checkLog(directory).size() >= 6);
            assertThat(checkLog(directory)).as("one start, then each check's working directory")
                    .containsOnlyOnce("started").containsOnly("started", directory.toString());
            assertThat(JinitLogs.count(jinit, "is unhealthy")).isZero();
            jinit.signal(Signals.SIGTERM);
            jinit.awaitExit();
        }
    }

    /** A check that hangs until its timeout holds up no other command's check, which would then fail. */
    @Test
    void aHungCheckOfOneCommandDoesNotMakeAnotherUnhealthy() {
        int port = Checks.freePort();
        try (JinitProcess jinit = Checks.asPid1(List.of(), List.of(Checks.hungCheck("6s"),
                List.of("--health", "tcp:" + port, "--health-interval", "200ms", "--health-timeout", "500ms",
                        "--health-retries", "2", "--restart", "always", "--restart-delay", "100ms",
                        "--name", "web", Checks.PYTHON, "-c", Checks.SERVER, "web", "tcp", Integer.toString(port), "0")))) {
            jinit.awaitTrue("five checks of web, or web unhealthy", () -> JinitLogs.count(jinit, "is unhealthy") > 0
                    || jinit.stdout().stream().filter("web accepted"::equals).count() >= 5);
            assertThat(jinit.stdout().stream().filter(line -> line.startsWith("web ready"))).as("web's starts").hasSize(1);
            assertThat(JinitLogs.count(jinit, "is unhealthy")).isZero();
        }
    }

    /** Health checks start once the command is ready, not while it is starting. */
    @Test
    void healthChecksWaitForReadiness(@TempDir Path directory) {
        Path ready = directory.resolve("ready");
        try (JinitProcess jinit = Checks.asPid1(List.of("-v"), List.of(shell(List.of("--ready", "file:" + ready,
                "--health", "exec:/bin/false", "--health-interval", "100ms", "--health-retries", "1"),
                "worker", "sleep 1; touch \"$1\"; exec sleep 100", ready.toString())))) {
            assertThat(jinit.awaitExit()).isEqualTo(1);
            assertThat(Checks.logIndex(jinit, "worker is ready")).isLessThan(Checks.logIndex(jinit, "worker is unhealthy"));
        }
    }

    /**
     * While checks run every 100 ms: a signal still reaches the command, and an orphan is reaped
     * (the orphan maker, which ignores the USR1 sent to every command, ends only once its orphan is gone).
     */
    @Test
    void signalsAreForwardedAndOrphansReapedWhileChecksRun() {
        String usr1Reporter = """
                trap 'echo "$0 got USR1"' USR1
                trap 'exit 0' TERM
                echo "$0 running"
                while :; do sleep 0.1 & wait $!; done
                """;
        List<String> orphanMaker = Orphans.REAPED_WHILE_THE_COMMAND_RUNS;
        try (JinitProcess jinit = Checks.asPid1(List.of(), List.of(
                shell(List.of("--health", "exec:/bin/true", "--health-interval", "100ms"), "reporter", usr1Reporter),
                List.of("--name", "orphans", orphanMaker.get(0), orphanMaker.get(1),
                        "trap '' USR1; sleep 0.5; " + orphanMaker.get(2))))) {
            jinit.awaitLine("reporter running");
            Polling.sleep(Duration.ofMillis(500));
            jinit.signal(Signals.SIGUSR1);
            jinit.awaitLine("reporter got USR1");
            jinit.awaitTrue("the orphan reaped", () -> jinit.stdout().stream().anyMatch(line -> line.startsWith("orphan ")));
            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit()).isZero();
        }
    }

    /** Good checks pass the parsing that rejects the bad ones below; the plan shows them resolved, with the defaults. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "tcp:8080                      | tcp:127.0.0.1:8080",
        "http://127.0.0.1:8080/healthz | http://127.0.0.1:8080/healthz",
        "file:/run/healthy             | file:/run/healthy",
        "exec:/bin/check --quick       | 'exec:/bin/check --quick'",
    })
    void aGoodHealthCheckIsInThePlan(String check, String shown) {
        assertThat(Checks.planLine(List.of("--health", check)))
                .contains(" --health " + shown + " --health-interval 10s --health-timeout 5s --health-retries 3 ");
    }

    /** Each one line on stderr, status 2, before anything starts; the line names the option. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--health notify                              | --health",
        "--health fd:3                                | --health",
        "--health bogus:x                             | --health",
        "--before --health exec:/bin/true             | --health",
        "--health exec:/bin/true --health-retries 0   | --health-retries",
        "--health exec:/bin/true --health-interval 0s | --health-interval",
        "--health exec:/bin/true --health-timeout 0s  | --health-timeout",
        "--health-interval 1s                         | --health",
    })
    void aBadHealthOptionIsAUsageErrorBeforeAnythingStarts(String options, String fragment) {
        Checks.assertUsageError(List.of(options.split(" ")), fragment);
    }
}
