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
                    relay, heapTrim);
            int exitCode = supervise(new Supervisor(options, processes, programs), signals);
            if (relay != null) {
                relay.drain();
            }
            if (options.expectedExitCodes().contains(exitCode)) {
                Log.at(Log.INFO, "exit status " + exitCode + " is expected: exiting with 0");
                return 0;
            }
            return exitCode;
        }
    }

    private int supervise(Supervisor supervisor, SignalReader signals) {
        int exitCode;
        try {
            exitCode = supervisor.run();
        } catch (LibcException | RuntimeException e) {
            // Whatever went wrong, a known status is not lost.
            Log.error("supervision failed: " + e);
            try {
                return supervisor.statusAfterFailure();
            } catch (LibcException waitFailed) {
                Log.error("waiting for the command: " + waitFailed.getMessage());
                return ExitCodes.FAILURE;
            }
        }
        try {
            new Shutdown(signals, options.warnOnReap()).run(supervisor.hurried() ? Duration.ZERO : options.grace());
        } catch (UncheckedIOException e) {
            Log.error("cannot stop the processes left: " + e.getCause().getMessage());
        } catch (LibcException | RuntimeException e) {
            Log.error("cannot stop the processes left: " + e);
        }
        return exitCode;
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
