package dev.jinit.it;

import static dev.jinit.it.SeveralCommands.shell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several commands under one jinit (PID 1): {@code --before} commands first, {@code --watch},
 * signals to every command, the ordered stop, the exit status and {@code --hold-on-failure}.
 */
class SeveralCommandsTest {
    /**
     * Reports, with its name ($0), that it leads its own process group (if it does), that it is
     * ready, and every USR1 and TERM it gets; exits 0 on TERM. Run by dash, which runs a trap as soon as the
     * signal interrupts {@code wait}; the short sleeps keep the processes in its group short-lived.
     */
    private static final String REPORTER = """
            trap 'echo "$0 got USR1"' USR1
            trap 'echo "$0 got TERM"; exit 0' TERM
            [ "$(cut -d ' ' -f 5 /proc/$$/stat)" = "$$" ] && echo "$0 leads its own process group"
            echo "$0 ready"
            while :; do sleep 0.1 & wait $!; done
            """;
    /** Ignores TERM, so only SIGKILL ends it. */
    private static final String TERM_IGNORER = """
            trap '' TERM
            echo "$0 ready"
            exec sleep 100
            """;

    @Test
    void beforeCommandsRunInOrderToCompletionFirst() {
        try (JinitProcess jinit = SeveralCommands.asPid1(List.of(), List.of(
                shell(List.of("--before"), "first", "sleep 0.3; echo first"),
                shell(List.of("--before"), "second", "echo second"),
                shell("main", "echo main")))) {
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).containsExactly("first", "second", "main");
        }
    }

    @Test
    void eachCommandGetsItsOwnEnvironmentEntriesOnTopOfJinits(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("web.env"), "# the service's\nPORT=8080\nMODE=file\n");
        List<String> launcher = List.of("env", "PORT=80", "SHARED=yes");
        try (JinitProcess jinit = JinitProcess.start(launcher, JinitProcess.Placement.PID_1, List.of("--",
                "--env-file", file.toString(), "--env", "MODE=flag", "--name", "web", "sh", "-c",
                "echo \"web $PORT $MODE $SHARED\"", "---",
                "--name", "agent", "sh", "-c", "sleep 0.2; echo \"agent $PORT ${MODE:-unset} $SHARED\""))) {
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).containsExactly("web 8080 flag yes", "agent 80 unset yes");
        }
    }

    @Test
    void failingBeforeCommandStopsStartUpWithItsStatus() {
        try (JinitProcess jinit = SeveralCommands.asPid1(List.of(), List.of(
                shell(List.of("--before"), "first", "echo first; exit 4"),
                shell(List.of("--before"), "second", "echo second"),
                shell("main", "echo main")))) {
            assertThat(jinit.awaitExit()).isEqualTo(4);
            assertThat(jinit.stdout()).containsExactly("first");
            assertThat(JinitLogs.of(jinit)).anyMatch(line -> line.contains("first failed with status 4"));
        }
    }

    @Test
    void containerEndsWhenEveryWatchedCommandHasEnded() {
        try (JinitProcess jinit = SeveralCommands.asPid1(List.of(), List.of(
                shell(List.of("--watch"), "quick", "sleep 0.2; echo quick done"),
                shell(List.of("--watch"), "slow", "sleep 1; echo slow done"),
                shell("unwatched", "sleep 100")))) {
            // Not watched, the long sleep is stopped (and its death by SIGTERM is no failure).
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).containsExactly("quick done", "slow done");
        }
    }

    @Test
    void unwatchedCommandEndingDoesNotEndTheContainer() {
        try (JinitProcess jinit = SeveralCommands.asPid1(List.of("-v"), List.of(
                shell(List.of("--watch"), "server", REPORTER),
                shell("oneshot", "exit 5")))) {
            jinit.awaitLine("server ready");
            JinitLogs.await(jinit, ") ended with status 5");
            // Still supervising: signals are forwarded after the unwatched command has gone.
            jinit.signal(Signals.SIGUSR1);
            jinit.awaitLine("server got USR1");
            assertThat(jinit.isRunning()).as("jinit after the unwatched command ended").isTrue();
            jinit.signal(Signals.SIGTERM);
            // The unwatched command's failure is not the container's.
            assertThat(jinit.awaitExit()).isZero();
        }
    }

    @Test
    void withoutWatchEveryCommandIsWatched() {
        try (JinitProcess jinit = SeveralCommands.asPid1(List.of(), List.of(
                shell("quick", "sleep 0.2"),
                shell("slow", "sleep 1; echo slow done")))) {
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).containsExactly("slow done");
        }
    }

    static Stream<Arguments> exitStatuses() {
        return Stream.of(
                Arguments.of("none failed: 0", List.of(shell("a", "exit 0"), shell("b", "sleep 0.3")), 0),
                // The first to fail in time, not in the command line; the other is stopped and its 143 ignored.
                Arguments.of("first watched to fail", List.of(shell("late", "sleep 1; exit 3"), shell("early", "exit 4")), 4),
                Arguments.of("killed: 128+N", List.of(shell("killed", "kill -KILL $$"), shell("other", "sleep 100")), 137));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exitStatuses")
    void exitStatusIsTheFirstWatchedFailure(String description, List<List<String>> commands, int status) {
        try (JinitProcess jinit = SeveralCommands.asPid1(List.of(), commands)) {
            assertThat(jinit.awaitExit()).isEqualTo(status);
        }
    }

    @Test
    void signalsReachEveryCommandEachLeadingItsOwnGroup() {
        try (JinitProcess jinit = SeveralCommands.asPid1(List.of(), List.of(shell("a", REPORTER), shell("b", REPORTER)))) {
            jinit.awaitLine("a ready");
            jinit.awaitLine("b ready");
            jinit.signal(Signals.SIGUSR1);
            jinit.awaitLine("a got USR1");
            jinit.awaitLine("b got USR1");
            assertThat(jinit.stdout()).contains("a leads its own process group", "b leads its own process group");
        }
    }

    /**
     * SIGTERM: c, then b (which ignores it and is SIGKILLed after its own 1 s grace, not the global
     * 10 s), then a; then the sweep reaches the helper that a left in a session of its own.
     */
    @Test
    void termStopsCommandsInReverseOrderEachWithItsGraceThenSweepsTheRest() {
        String detachedHelper = """
                trap 'echo "helper got TERM"; exit 0' TERM
                echo "helper ready"
                sleep 100 & wait $!
                """;
        try (JinitProcess jinit = SeveralCommands.asPid1(List.of("-v", "--grace=10s"), List.of(
                shell("a", "setsid sh -c \"$1\" helper &\n" + REPORTER, detachedHelper),
                shell(List.of("--grace", "1s"), "b", TERM_IGNORER),
                shell("c", REPORTER)))) {
            List.of("a ready", "b ready", "c ready", "helper ready").forEach(jinit::awaitLine);
            long termSent = System.nanoTime();
            jinit.signal(Signals.SIGTERM);
            // b's SIGKILL makes the first watched failure.
            assertThat(jinit.awaitExit()).isEqualTo(128 + Signals.SIGKILL);
            assertThat(Duration.ofNanos(System.nanoTime() - termSent)).as("from SIGTERM to jinit's exit")
                    .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(8));
            assertThat(jinit.stdout().stream().filter(line -> line.endsWith("got TERM")))
                    .containsExactly("c got TERM", "a got TERM", "helper got TERM");
            List<String> stops = JinitLogs.of(jinit).stream()
                    .filter(line -> line.contains("stopping ") || line.contains("sending SIG")).toList();
            assertThat(stops).as("jinit's stop log").hasSizeGreaterThan(4);
            assertThat(stops.subList(0, 4)).satisfiesExactly(
                    line -> assertThat(line).contains("stopping c (pid"),
                    line -> assertThat(line).contains("stopping b (pid"),
                    line -> assertThat(line).contains("sending SIGKILL to b (pid"),
                    line -> assertThat(line).contains("stopping a (pid"));
            assertThat(stops.subList(4, stops.size())).anyMatch(line -> line.contains("sending SIGTERM to pid"));
        }
    }

    /**
     * The watched command fails; jinit says so once and holds: it still forwards signals (USR1 makes
     * the other command leave an orphan) and still reaps (the orphan is gone from /proc, not left a
     * zombie). Only SIGTERM ends it, with the failure's status.
     */
    @Test
    void holdOnFailureKeepsReapingAndForwardingUntilTerm() {
        String orphanMaker = """
                make_orphan() {
                  orphan=$(sh -c 'sleep 0.2 >/dev/null & echo $!')
                  for try in $(seq 100); do
                    [ -e /proc/$orphan ] || { echo "orphan reaped"; return; }
                    sleep 0.05
                  done
                  echo "orphan left: $(cat /proc/$orphan/stat)"
                }
                trap make_orphan USR1
                echo "$0 ready"
                while :; do sleep 0.1 & wait $!; done
                """;
        String holdNotice = "holding the container";
        try (JinitProcess jinit = SeveralCommands.asPid1(List.of("--hold-on-failure"), List.of(
                shell(List.of("--watch"), "failing", "exit 3"),
                shell("orphan-maker", orphanMaker)))) {
            jinit.awaitLine("orphan-maker ready");
            JinitLogs.await(jinit, holdNotice);
            jinit.signal(Signals.SIGUSR1);
            jinit.awaitLine("orphan reaped");
            assertThat(jinit.isRunning()).as("jinit holding after the failure").isTrue();
            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit()).isEqualTo(3);
            assertThat(JinitLogs.count(jinit, holdNotice)).as("log lines saying it holds").isOne();
        }
    }
}
