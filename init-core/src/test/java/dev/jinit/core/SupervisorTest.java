package dev.jinit.core;

import static dev.jinit.core.FakeProcesses.program;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.libc.LibcException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The supervisor's rules, with commands that are only names ({@link FakeProcesses}). */
class SupervisorTest {
    private static final Program.Restart NEVER = Program.Restart.NEVER;
    private static final InitOptions DEFAULTS = InitOptions.defaults();

    private static Program.Restart always(int limit) {
        return new Program.Restart(Program.RestartPolicy.ALWAYS, Duration.ZERO, Duration.ZERO, limit, Duration.ofMinutes(1));
    }

    private static InitOptions holdingOnFailure() {
        return new InitOptions(Forwarding.PROCESS_GROUP, Duration.ofSeconds(5), SignalRewrites.NONE, Set.of(), 0, false,
                true, false, Duration.ZERO, null);
    }

    private static InitOptions delayingStops(Duration delay) {
        return new InitOptions(Forwarding.PROCESS_GROUP, Duration.ofSeconds(5), SignalRewrites.NONE, Set.of(), 0, false,
                false, false, delay, null);
    }

    @Test
    void aStopDelayKeepsEverythingRunningAndRestartingThenStopsInOrder() throws LibcException {
        FakeProcesses processes = new FakeProcesses().receives(Signals.SIGTERM).exits("a", 1);
        Supervisor supervisor = new Supervisor(delayingStops(Duration.ofMillis(20)), processes,
                List.of(program("a", always(5), false), program("b", NEVER, false)), processes.control, processes.probes);

        assertThat(supervisor.run(() -> {})).isZero();
        assertThat(processes.log).containsExactly("start a", "start b", "a ends with 1", "start a",
                "b TERM", "b ends with 0", "a TERM", "a ends with 0");
        assertThat(supervisor.firstStopRequest()).isEqualTo(Signals.SIGTERM);
    }

    @Test
    void aSecondStopRequestCutsTheStopDelayShort() throws LibcException {
        FakeProcesses processes = new FakeProcesses().receives(Signals.SIGTERM).receives(Signals.SIGINT);
        Supervisor supervisor = new Supervisor(delayingStops(Duration.ofHours(1)), processes,
                List.of(program("a", NEVER, false), program("b", NEVER, false)), processes.control, processes.probes);

        assertThat(supervisor.run(() -> {})).isZero();
        assertThat(processes.log).containsExactly("start a", "start b", "b INT", "b ends with 0", "a INT", "a ends with 0");
    }

    @Test
    void theWatchedCommandEndingCutsTheStopDelayShort() throws LibcException {
        FakeProcesses processes = new FakeProcesses().receives(Signals.SIGTERM).exits("web", 0);
        Supervisor supervisor = new Supervisor(delayingStops(Duration.ofHours(1)), processes,
                List.of(program("web", NEVER, true), program("agent", NEVER, false)), processes.control, processes.probes);

        assertThat(supervisor.run(() -> {})).isZero();
        assertThat(processes.log).containsExactly("start web", "start agent", "web ends with 0", "agent TERM",
                "agent ends with 0");
    }

    @Test
    void theFirstWatchedFailureIsWhatEndedTheContainer() throws LibcException {
        FakeProcesses processes = new FakeProcesses().exits("web", 3);
        Supervisor supervisor = new Supervisor(DEFAULTS, processes, List.of(program("web", NEVER, true)), processes.control, processes.probes);

        assertThat(supervisor.run(() -> {})).isEqualTo(3);
        assertThat(supervisor.failedEnd()).isEqualTo(new TerminationMessage.End("web", "exited with status 3"));
        assertThat(supervisor.firstStopRequest()).isZero();
    }

    @Test
    void aStopRequestStopsSeveralCommandsLastStartedFirst() throws LibcException {
        FakeProcesses processes = new FakeProcesses().receives(Signals.SIGTERM);
        processes.stubborn.add("b");
        Supervisor supervisor = new Supervisor(DEFAULTS, processes,
                List.of(program("a", NEVER, false), program("b", NEVER, false), program("c", NEVER, false)), processes.control, processes.probes);

        assertThat(supervisor.run(() -> {})).as("status").isEqualTo(137);
        assertThat(processes.log).containsExactly("start a", "start b", "start c",
                "c TERM", "c ends with 0",
                "b TERM", "b KILL", "b ends with 137",
                "a TERM", "a ends with 0");
        assertThat(supervisor.hurried()).isFalse();
    }

    @Test
    void aSecondStopRequestKillsWhatIsLeftAtOnce() throws LibcException {
        FakeProcesses processes = new FakeProcesses().receives(Signals.SIGTERM).receives(Signals.SIGINT);
        processes.stubborn.addAll(Set.of("a", "b"));
        Supervisor supervisor = new Supervisor(DEFAULTS, processes, List.of(program("a", NEVER, false), program("b", NEVER, false)), processes.control, processes.probes);

        supervisor.run(() -> {});
        assertThat(processes.log).containsExactly("start a", "start b",
                "b TERM", "b KILL", "b ends with 137",
                "a KILL", "a ends with 137");
        assertThat(supervisor.hurried()).isTrue();
    }

    @Test
    void aSingleCommandGetsTheStopRequestForwardedRewrittenAndIsNotRestarted() throws LibcException {
        InitOptions rewriting = new InitOptions(Forwarding.PROCESS_GROUP, Duration.ofSeconds(5),
                SignalRewrites.of(Map.of(Signals.SIGTERM, Signals.SIGINT), Forwarding.PROCESS_GROUP), Set.of(), 0, false, false,
                false, Duration.ZERO, null);
        FakeProcesses processes = new FakeProcesses().receives(Signals.SIGTERM);
        Supervisor supervisor = new Supervisor(rewriting, processes, List.of(program("web", always(5), false)), processes.control, processes.probes);

        assertThat(supervisor.run(() -> {})).isZero();
        assertThat(processes.log).containsExactly("start web", "web INT", "web ends with 0");
        assertThat(supervisor.phase()).isEqualTo(Supervisor.Phase.STOPPING);
    }

    @Test
    void restartsWithinTheBudgetThenGivesUpAsFailed() throws LibcException {
        FakeProcesses processes = new FakeProcesses().exits("flaky", 0).exits("flaky", 0).exits("flaky", 0);
        Supervisor supervisor = new Supervisor(DEFAULTS, processes, List.of(program("flaky", always(2), false)), processes.control, processes.probes);

        // Its last status was 0: giving up counts as a failure all the same.
        assertThat(supervisor.run(() -> {})).isEqualTo(ExitCodes.FAILURE);
        assertThat(processes.log).filteredOn("start flaky"::equals).hasSize(3);
        assertThat(processes.scriptDone()).isTrue();
    }

    @Test
    void theContainerEndsWithTheWatchedCommandsAndStopsTheOthers() throws LibcException {
        FakeProcesses processes = new FakeProcesses().exits("agent", 1).exits("web", 0);
        Supervisor supervisor = new Supervisor(DEFAULTS, processes,
                List.of(program("web", NEVER, true), program("agent", NEVER, false), program("cron", NEVER, false)), processes.control, processes.probes);

        // agent's failure does not count: it is not watched.
        assertThat(supervisor.run(() -> {})).isZero();
        assertThat(processes.log).containsExactly("start web", "start agent", "start cron",
                "agent ends with 1", "web ends with 0", "cron TERM", "cron ends with 0");
    }

    @Test
    void aWatchedFailureEndsTheContainerAtOnce() throws LibcException {
        FakeProcesses processes = new FakeProcesses().exits("web", 3).receives(Signals.SIGTERM);
        Supervisor supervisor = new Supervisor(DEFAULTS, processes, List.of(program("web", NEVER, true), program("agent", NEVER, false)), processes.control, processes.probes);

        assertThat(supervisor.run(() -> {})).isEqualTo(3);
        assertThat(processes.log).containsExactly("start web", "start agent", "web ends with 3", "agent TERM", "agent ends with 0");
        assertThat(processes.scriptDone()).as("the SIGTERM in the script never needed").isFalse();
    }

    @Test
    void holdingOnFailureKeepsTheContainerUpUntilAStopRequest() throws LibcException {
        FakeProcesses processes = new FakeProcesses().exits("web", 3).exits("agent", 0).timePasses()
                .receives(Signals.SIGTERM);
        Supervisor supervisor = new Supervisor(holdingOnFailure(), processes,
                List.of(program("web", NEVER, true), program("agent", always(5), false)), processes.control, processes.probes);

        assertThat(supervisor.run(() -> {})).isEqualTo(3);
        // While holding, agent is still restarted; the stop request then stops it.
        assertThat(processes.log).containsExactly("start web", "start agent", "web ends with 3", "agent ends with 0",
                "start agent", "agent TERM", "agent ends with 0");
        assertThat(processes.scriptDone()).isTrue();
    }

    /** In process-group mode as STOP (dumb-init's default), in single-child mode as they are (tini). */
    @Test
    void terminalStopsAreForwardedThenStopJinit() throws LibcException {
        InitOptions singleChild = new InitOptions(Forwarding.SINGLE_CHILD, Duration.ofSeconds(5),
                SignalRewrites.of(Map.of(), Forwarding.SINGLE_CHILD), Set.of(), 0, false, false, false, Duration.ZERO, null);
        for (InitOptions options : List.of(DEFAULTS, singleChild)) {
            FakeProcesses processes = new FakeProcesses().receives(Signals.SIGTSTP).exits("vi", 0);
            Supervisor supervisor = new Supervisor(options, processes, List.of(program("vi", NEVER, false)),
                    processes.control, processes.probes);

            assertThat(supervisor.run(() -> {})).isZero();
            String forwarded = options == DEFAULTS ? "vi STOP" : "vi TSTP";
            assertThat(processes.log).as(options.forwarding().toString())
                    .containsExactly("start vi", forwarded, "stop jinit", "vi ends with 0");
        }
    }

    @Test
    void aCommandStoppedOnRequestIsNoFailureAndStartBringsItBack() throws LibcException {
        FakeProcesses processes = new FakeProcesses().asks("stop", "web").asks("status").asks("start", "web")
                .asks("status").exits("web", 0);
        Supervisor supervisor = new Supervisor(DEFAULTS, processes, List.of(program("web", NEVER, true)), processes.control, processes.probes);

        assertThat(supervisor.run(() -> {})).isZero();
        assertThat(processes.log).containsExactly("start web", "web TERM", "web ends with 0",
                "answer 0: web: stopping (SIGTERM, SIGKILL after 5000 ms)",
                "answer 1: web: stopped, restarts 0", "start web", "answer 0: web: started",
                "answer 0: web: running, pid 101, restarts 1, uptime 0s", "web ends with 0");
    }

    @Test
    void statusSaysHowEachCommandStandsAndSucceedsOnlyWhenEveryWatchedOneRuns() throws LibcException {
        FakeProcesses processes = new FakeProcesses().asks("status").exits("agent", 1).asks("status").exits("web", 0);
        Supervisor supervisor = new Supervisor(DEFAULTS, processes,
                List.of(program("web", NEVER, true), program("agent", NEVER, false)), processes.control, processes.probes);

        supervisor.run(() -> {});
        assertThat(processes.log).filteredOn(line -> line.startsWith("answer")).containsExactly(
                "answer 0: web: running, pid 100, restarts 0, uptime 0s\nagent: running, pid 101, restarts 0, uptime 0s",
                // agent is not watched: its end does not fail the status.
                "answer 0: web: running, pid 100, restarts 0, uptime 0s\nagent: exited with status 1, restarts 0");
    }

    @Test
    void aStopRequestWhileACommandIsStoppedOnRequestEndsTheContainer() throws LibcException {
        FakeProcesses processes = new FakeProcesses().asks("stop", "web").receives(Signals.SIGTERM);
        Supervisor supervisor = new Supervisor(DEFAULTS, processes, List.of(program("web", always(5), true)), processes.control, processes.probes);

        assertThat(supervisor.run(() -> {})).isZero();
        assertThat(supervisor.failedEnd()).isNull();
    }

    @Test
    void aCommandThatIgnoresTheStopIsKilledAfterItsGraceAndRestartStartsItAgain() throws LibcException {
        FakeProcesses processes = new FakeProcesses().asks("restart", "db").timePasses().receives(Signals.SIGTERM);
        processes.stubborn.add("db");
        Program db = new Program("db", new Command(List.of("db".getBytes(java.nio.charset.StandardCharsets.UTF_8))), NEVER,
                false, false, Duration.ZERO, List.of(), null, null, null, null);
        Supervisor supervisor = new Supervisor(DEFAULTS, processes, List.of(db, program("web", NEVER, true)), processes.control, processes.probes);

        supervisor.run(() -> {});
        assertThat(processes.log).startsWith("start db", "start web", "db TERM",
                "answer 0: db: stopping (SIGTERM, SIGKILL after 0 ms)", "db KILL", "db ends with 137", "start db");
    }

    @Test
    void requestsNamingNoCommandOrABeforeCommandAreRefused() throws LibcException {
        FakeProcesses processes = new FakeProcesses().exits("setup", 0).asks("stop", "setup")
                .asks("signal", "nobody", "HUP").asks("signal", "web", "HUP").exits("web", 0);
        Program setup = new Program("setup", new Command(List.of("setup".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                NEVER, false, true, Duration.ZERO, List.of(), null, null, null, null);
        Supervisor supervisor = new Supervisor(DEFAULTS, processes, List.of(setup, program("web", NEVER, true)),
                processes.control, processes.probes);

        supervisor.run(() -> {});
        assertThat(processes.log).containsSubsequence("answer 1: setup is a --before command, which runs once",
                "answer 1: no command is named nobody (see --control status)", "web HUP", "answer 0: web: sent SIGHUP");
    }
}
