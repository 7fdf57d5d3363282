package dev.jinit.core;

import static dev.jinit.core.FakeProcesses.program;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.libc.LibcException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the supervisor acts on readiness and health checks, with commands and exec checks that are only names. */
class SupervisorChecksTest {
    private static final Program.Restart NEVER = Program.Restart.NEVER;
    private static final Check EXEC = Check.parse("exec:probe");

    private static Program checked(String name, Program.Restart restart, boolean watched, Program.Readiness readiness,
            Program.Health health) {
        return new Program(name, new Command(List.of(name.getBytes(StandardCharsets.UTF_8))), restart, watched, false,
                Duration.ZERO, List.of(), null, null, readiness, health);
    }

    private static Program.Readiness ready(Check check, Duration timeout) {
        return new Program.Readiness(check, timeout);
    }

    private static Supervisor supervisor(FakeProcesses processes, Program... programs) {
        return new Supervisor(InitOptions.defaults(), processes, List.of(programs), processes.control, processes.probes);
    }

    @Test
    void theCommandsAfterACommandWithAReadinessCheckStartOnceItPasses() throws LibcException {
        FakeProcesses processes = new FakeProcesses().timePasses().exits("web", 0).timePasses();
        int status = supervisor(processes, checked("proxy", NEVER, false, ready(EXEC, Duration.ofSeconds(60)), null),
                program("web", NEVER, true)).run(() -> {});

        assertThat(status).isZero();
        assertThat(processes.log).containsSubsequence("start proxy", "check proxy", "start web", "web ends with 0",
                "proxy TERM");
    }

    @Test
    void aCommandThatSaysItIsReadyLetsTheNextStart() throws LibcException {
        FakeProcesses processes = new FakeProcesses().timePasses().exits("web", 0).timePasses();
        processes.saidReady.add("proxy");
        supervisor(processes, checked("proxy", NEVER, false, ready(Check.parse("notify"), Duration.ofSeconds(60)), null),
                program("web", NEVER, true)).run(() -> {});

        assertThat(processes.log).containsSubsequence("start proxy", "start web").doesNotContain("check proxy");
    }

    @Test
    void aCommandNotReadyInTimeIsStoppedAndWithoutARestartNothingAfterItStarts() throws LibcException {
        FakeProcesses processes = new FakeProcesses();
        processes.checkStatus.put("proxy", 1);
        int status = supervisor(processes, program("db", NEVER, false),
                checked("proxy", NEVER, false, ready(EXEC, Duration.ofMillis(300)), null),
                program("web", NEVER, true)).run(() -> {});

        assertThat(status).isEqualTo(ExitCodes.FAILURE);
        assertThat(processes.log).containsSubsequence("start db", "start proxy", "check proxy", "check proxy", "proxy TERM",
                "proxy ends with 0", "db TERM").doesNotContain("start web");
    }

    @Test
    void aCommandNotReadyInTimeIsRestartedByItsPolicyAndTheWaitBeginsAgain() throws LibcException {
        FakeProcesses processes = new FakeProcesses();
        processes.checkStatus.put("proxy", 1);
        Program.Restart once = new Program.Restart(Program.RestartPolicy.ON_FAILURE, Duration.ZERO, Duration.ZERO, 1,
                Duration.ofMinutes(1));
        int status = supervisor(processes, checked("proxy", once, false, ready(EXEC, Duration.ofMillis(200)), null),
                program("web", NEVER, true)).run(() -> {});

        assertThat(status).isEqualTo(ExitCodes.FAILURE);
        assertThat(processes.log).containsSubsequence("start proxy", "proxy TERM", "start proxy", "proxy TERM")
                .doesNotContain("start web");
    }

    @Test
    void anUnhealthyCommandIsStoppedAndRestartedAndAWatchedOneNotRestartedEndsTheContainer() throws LibcException {
        FakeProcesses processes = new FakeProcesses();
        processes.checkStatus.put("web", 1);
        Program.Restart once = new Program.Restart(Program.RestartPolicy.ALWAYS, Duration.ZERO, Duration.ZERO, 1,
                Duration.ofMinutes(1));
        Program.Health health = new Program.Health(EXEC, Duration.ofMillis(10), Duration.ofSeconds(1), 2);
        int status = supervisor(processes, program("agent", NEVER, false), checked("web", once, true, null, health))
                .run(() -> {});

        assertThat(status).isEqualTo(ExitCodes.FAILURE);
        assertThat(processes.log).containsSubsequence("start web", "check web", "check web", "web TERM", "start web",
                "check web", "check web", "web TERM", "agent TERM");
    }

    @Test
    void aHealthyCommandKeepsRunning() throws LibcException {
        FakeProcesses processes = new FakeProcesses();
        for (int i = 0; i < 10; i++) {
            processes.sleeps(5);
        }
        processes.exits("web", 0);
        Program.Health health = new Program.Health(EXEC, Duration.ofMillis(1), Duration.ofSeconds(1), 1);
        int status = supervisor(processes, checked("web", NEVER, true, null, health)).run(() -> {});

        assertThat(status).isZero();
        assertThat(processes.log).contains("check web").doesNotContain("web TERM");
    }

    @Test
    @Timeout(10)
    void theWaitForReadinessEndsWhenTheWatchedCommandsHaveEnded() throws LibcException {
        FakeProcesses processes = new FakeProcesses().exits("job", 0);
        processes.checkStatus.put("proxy", 1);
        int status = supervisor(processes, program("job", NEVER, true),
                checked("proxy", NEVER, false, ready(EXEC, Duration.ofHours(1)), null), program("web", NEVER, false))
                .run(() -> {});

        assertThat(status).isZero();
        assertThat(processes.log).containsSubsequence("start job", "start proxy", "job ends with 0", "proxy TERM")
                .doesNotContain("start web");
    }

    @Test
    void checksThatJinitCannotStartDoNotMakeACommandUnhealthy() throws LibcException {
        FakeProcesses processes = new FakeProcesses();
        for (int i = 0; i < 10; i++) {
            processes.sleeps(5);
        }
        processes.exits("web", 0);
        processes.checksCannotStart.add("web");
        Program.Health health = new Program.Health(EXEC, Duration.ofMillis(1), Duration.ofSeconds(1), 1);
        int status = supervisor(processes, checked("web", NEVER, true, null, health)).run(() -> {});

        assertThat(status).isZero();
        assertThat(processes.log).contains("no check web").doesNotContain("web TERM");
    }

    @Test
    void whileACommandIsBeingStoppedItsChecksDoNotWakeTheLoop() throws LibcException {
        FakeProcesses processes = new FakeProcesses().sleeps(30).receives(Signals.SIGTERM).sleeps(30).sleeps(30)
                .exits("web", 0);
        processes.stubborn.add("web");
        Program.Health health = new Program.Health(EXEC, Duration.ofMillis(10), Duration.ofSeconds(1), 3);
        supervisor(processes, checked("web", NEVER, true, null, health)).run(() -> {});

        assertThat(processes.log).contains("web TERM");
        assertThat(processes.pastDeadlines).as("waits for an attempt that is not made").isZero();
    }
}
