package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * The init itself: starts the command, forwards every signal to it, reaps every process that
 * ends up as jinit's child, stops what is left when the command ends, and returns the command's
 * exit status.
 */
public final class Init {
    /** How long jinit's last log lines may take to reach stderr before it exits anyway. */
    private static final Duration LOG_FLUSH = Duration.ofSeconds(2);

    private final Inheritance inheritance;
    private final InitOptions options;

    public Init(Inheritance inheritance, InitOptions options) {
        this.inheritance = inheritance;
        this.options = options;
    }

    /**
     * Runs the programs (see {@link Supervisor}), then stops every process left; returns the exit
     * status: the first failed watched command's, 0, or jinit's own error code.
     */
    public int run(List<Program> programs) {
        Log.neverBlock();
        // A thread beside the loop that fails anyway says so in one line, not a stack trace on stderr.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> Log.error(thread.getName() + " ended: " + Log.describe(e)));
        try {
            return runAndStop(programs);
        } finally {
            Log.flush(LOG_FLUSH);
        }
    }

    private int runAndStop(List<Program> programs) {
        if (!mayRunAsTheirUsers(programs)) {
            return ExitCodes.FAILURE;
        }
        becomeSubreaperUnlessPid1();
        if (options.parentDeathSignal() != 0) {
            setParentDeathSignal(options.parentDeathSignal());
        }
        HeapTrim heapTrim = new HeapTrim();
        SignalReader signals;
        try {
            signals = new SignalReader(Startup.BLOCKED, heapTrim::trim);
        } catch (LibcException e) {
            Log.error("cannot read signals: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        try (signals) {
            OutputRelay relay = options.prefixOutput() ? new OutputRelay() : null;
            // A single command may take the terminal's foreground.
            Processes processes = new LiveProcesses(inheritance, options.forwarding(), programs.size() == 1, signals,
                    relay, heapTrim, new OomOrder());
            LoopWaker wakeLoop = LoopWaker.ofThisProcess();
            ControlInbox control = new ControlInbox(wakeLoop);
            Supervisor supervisor = new Supervisor(options, processes, programs, control, new Probes(wakeLoop, processes));
            // What runs beside the loop starts once a command runs: off the start-up path, and never in
            // a command's place under a limit on threads.
            int exitCode = supervise(supervisor, signals, () -> {
                SentFaults.guard();
                ControlServer.start(control);
            });
            if (relay != null) {
                relay.drain();
            }
            if (options.expectedExitCodes().contains(exitCode)) {
                Log.at(Log.INFO, "exit status " + exitCode + " is expected: exiting with 0");
                exitCode = 0;
            }
            if (options.terminationLog() != null) {
                writeTerminationMessage(supervisor, relay, exitCode);
            }
            return exitCode;
        }
    }

    private void writeTerminationMessage(Supervisor supervisor, OutputRelay relay, int exitCode) {
        TerminationMessage.End end = supervisor.failedEnd();
        List<String> lastLines = relay == null || end == null ? List.of() : relay.lastLines(end.name());
        TerminationMessage.write(options.terminationLog(),
                TerminationMessage.text(supervisor.firstStopRequest(), end, exitCode, lastLines));
    }

    /** Runs the supervisor, then stops every process left, whichever way the supervisor ended. */
    private int supervise(Supervisor supervisor, SignalReader signals, Runnable started) {
        int exitCode;
        boolean failed = false;
        try {
            exitCode = supervisor.run(started);
        } catch (LibcException | RuntimeException | Error e) {
            Log.error("supervision failed: " + Log.describe(e) + "; stopping everything");
            exitCode = ExitCodes.FAILURE;
            failed = true;
            supervisor.abandon();
        }
        try {
            new Shutdown(signals, supervisor.exits()).run(supervisor.hurried() ? Duration.ZERO : options.grace());
        } catch (UncheckedIOException e) {
            Log.error("cannot stop the processes left: " + e.getCause().getMessage());
        } catch (LibcException | RuntimeException | Error e) {
            Log.error("cannot stop the processes left: " + Log.describe(e));
        }
        // A status that was not known when the loop failed may have been reaped by the sweep.
        return failed ? supervisor.statusAfterFailure() : exitCode;
    }

    /** Whether jinit may start each command as its {@code --user}: when one needs a privilege jinit lacks, it says so. */
    private static boolean mayRunAsTheirUsers(List<Program> programs) {
        if (programs.stream().allMatch(program -> program.runAs() == null)) {
            return true;
        }
        ProcSelf.Credentials own = ProcSelf.credentials();
        for (Program program : programs) {
            if (program.runAs() != null && program.runAs().changes(own.uid(), own.gid()) && !own.canSetIds()) {
                Log.error(program.name() + " is to run as " + program.runAs() + ", but jinit runs as " + own.uid() + ":"
                        + own.gid() + " without CAP_SETUID and CAP_SETGID: start jinit as root for --user");
                return false;
            }
        }
        return true;
    }

    private static void setParentDeathSignal(int signal) {
        try {
            Libc.setParentDeathSignal(signal);
        } catch (LibcException e) {
            Log.warn("cannot set the parent death signal to SIG" + Signals.name(signal) + ": " + e.getMessage());
        }
    }

    private static void becomeSubreaperUnlessPid1() {
        if (ProcSelf.pid() == 1) {
            return;
        }
        try {
            Libc.becomeChildSubreaper();
        } catch (LibcException e) {
            Log.warn("jinit is not PID 1 and cannot become a child subreaper (" + e.getMessage()
                    + "): orphaned processes will not be reaped by jinit; run it as the container's ENTRYPOINT");
        }
    }
}
