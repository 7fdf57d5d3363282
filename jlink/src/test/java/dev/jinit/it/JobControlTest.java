package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import dev.jinit.it.JinitProcess.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TSTP, TTIN and TTOU (Ctrl-Z, background reads and writes) are forwarded (in process-group mode
 * as STOP, unless rewritten), and then jinit stops itself, as a shell's job would and as dumb-init
 * does; CONT resumes jinit and is forwarded. As PID 1 of a namespace the kernel does not let jinit stop.
 */
class JobControlTest {
    private static final List<Integer> TERMINAL_STOPS = List.of(Signals.SIGTSTP, Signals.SIGTTIN, Signals.SIGTTOU);
    /** What the command traps in the tests as PID 1: the stops, and USR1 to show the init still forwards. */
    private static final int[] TRAPPED = {Signals.SIGTSTP, Signals.SIGTTIN, Signals.SIGTTOU, Signals.SIGUSR1};

    /** jinit run directly (a subreaper, so it can stop) in a process group of its own. */
    private static JinitProcess startNotPid1(List<String> arguments) {
        return JinitProcess.start(Launchers.OWN_PROCESS_GROUP, Placement.SUBREAPER, arguments);
    }

    @ParameterizedTest(name = "jinit {0}")
    @ValueSource(strings = {"-g", "-c"})
    void terminalStopStopsTheCommandThenJinitAndContResumesBoth(String mode) {
        try (JinitProcess jinit = startNotPid1(SignalReporter.jinitArguments(List.of(mode)))) {
            SignalReporter.awaitReady(jinit);
            int command = onlyChild(jinit);
            for (int stop : TERMINAL_STOPS) {
                jinit.signal(stop);
                awaitStopped(jinit, "the command after SIG" + Signals.name(stop), command, true);
                awaitStopped(jinit, "jinit after SIG" + Signals.name(stop), jinit.jinitPid(), true);
                jinit.signal(Signals.SIGCONT);
                awaitStopped(jinit, "jinit after SIGCONT", jinit.jinitPid(), false);
                awaitStopped(jinit, "the command after SIGCONT", command, false);
            }
        }
    }

    /** dumb-init too forwards the rewritten signal and then stops itself for the one it received. */
    @ParameterizedTest(name = "jinit {0} -r TSTP:USR1")
    @ValueSource(strings = {"-g", "-c"})
    void rewrittenTerminalStopIsForwardedRewrittenAndStillStopsJinit(String mode) {
        List<String> arguments = SignalReporter.jinitArguments(List.of(mode, "-r", "TSTP:USR1"), Signals.SIGUSR1);
        try (JinitProcess jinit = startNotPid1(arguments)) {
            SignalReporter reporter = SignalReporter.awaitReady(jinit);
            int command = onlyChild(jinit);
            reporter.send(Signals.SIGTSTP, Signals.SIGUSR1);
            awaitStopped(jinit, "jinit after SIGTSTP", jinit.jinitPid(), true);
            assertThat(ProcessState.isStopped(command)).as("the command stopped, though it got USR1 for TSTP").isFalse();
            jinit.signal(Signals.SIGCONT);
            awaitStopped(jinit, "jinit after SIGCONT", jinit.jinitPid(), false);
        }
    }

    /**
     * In single-child mode the stops reach the command as they are (tini forwards TSTP so, and
     * drops TTIN and TTOU, which it ignores itself): it traps them, so it keeps running; a USR1
     * after each shows that jinit still forwards.
     */
    @Test
    void asPid1InSingleChildModeTerminalStopsReachTheCommandAsTheyAre() {
        try (JinitProcess jinit = JinitProcess.initAsPid1(List.of(), "jinit -c", SignalReporter.command(TRAPPED))) {
            SignalReporter reporter = SignalReporter.awaitReady(jinit);
            for (int stop : TERMINAL_STOPS) {
                reporter.send(stop, stop);
                reporter.send(Signals.SIGUSR1, Signals.SIGUSR1);
            }
            assertThat(ProcessState.isStopped(jinit.jinitPid())).as("jinit stopped").isFalse();
        }
    }

    /**
     * In process-group mode, as with dumb-init (setsid mode), they reach the command's group as
     * STOP, which it cannot trap: {@code docker kill -s TSTP} suspends a shell or a JVM too. CONT
     * resumes it; the USR1 at the end is the one report it writes.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jinit", "dumb-init"})
    void asPid1InProcessGroupModeTerminalStopsStopTheCommandThoughItTrapsThem(String init) {
        try (JinitProcess jinit = JinitProcess.initAsPid1(List.of(), init, SignalReporter.command(TRAPPED))) {
            SignalReporter reporter = SignalReporter.awaitReady(jinit);
            int command = onlyChild(jinit);
            for (int stop : TERMINAL_STOPS) {
                jinit.signal(stop);
                awaitStopped(jinit, "the command after SIG" + Signals.name(stop), command, true);
                jinit.signal(Signals.SIGCONT);
                if (init.equals("jinit")) {
                    awaitStopped(jinit, "the command after SIGCONT", command, false);
                } else {
                    // dumb-init as PID 1 stops itself after forwarding, and the kernel's discarding of that
                    // STOP can take a SIGCONT with it (the race jinit no longer has): send it until it lands.
                    jinit.awaitTrue("the command running again after SIGCONT", () -> {
                        jinit.signal(Signals.SIGCONT);
                        return !ProcessState.isStopped(command);
                    });
                }
            }
            reporter.send(Signals.SIGUSR1, Signals.SIGUSR1);
            assertThat(ProcessState.isStopped(jinit.jinitPid())).as("the init stopped").isFalse();
        }
    }

    private static int onlyChild(JinitProcess jinit) {
        List<ProcessHandle> children = ProcessHandle.of(jinit.jinitPid()).orElseThrow(() -> jinit.failure("has ended"))
                .children().toList();
        assertThat(children).as("jinit's children").hasSize(1);
        return Math.toIntExact(children.getFirst().pid());
    }

    private static void awaitStopped(JinitProcess jinit, String what, int pid, boolean stopped) {
        jinit.awaitTrue(what + (stopped ? " stopped (state T)" : " running again"),
                () -> ProcessState.isStopped(pid) == stopped);
    }
}
