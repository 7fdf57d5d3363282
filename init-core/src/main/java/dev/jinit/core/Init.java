package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The init itself: starts the command, forwards every signal to it, reaps every process that
 * ends up as jinit's child, stops what is left when the command ends, and returns the command's
 * exit status.
 */
public final class Init {
    /** Where forwarded signals go. */
    public enum Forwarding {
        /** To the child's whole process group; the child leads a group of its own. */
        PROCESS_GROUP,
        /** To the child's pid only. */
        SINGLE_CHILD
    }

    /**
     * @param forwarding where signals go
     * @param grace how long processes left when the command ends get between SIGTERM and SIGKILL;
     *     zero sends SIGKILL at once
     * @param rewrites which signal to forward for which (dumb-init's {@code -r})
     * @param successExitCodes exit codes reported as 0 (tini's {@code -e}), after 128+N
     * @param parentDeathSignal the signal jinit gets when its parent dies (tini's {@code -p}); 0 for none
     * @param warnOnReap log a warning for every zombie reaped that was not the command (tini's {@code -w})
     * @param holdOnFailure when a watched command fails, keep running (reaping, forwarding) until a stop signal
     * @param prefixOutput copy each command's output line by line with {@code [NAME] } in front
     */
    public record Options(Forwarding forwarding, Duration grace, SignalRewrites rewrites, Set<Integer> successExitCodes,
            int parentDeathSignal, boolean warnOnReap, boolean holdOnFailure, boolean prefixOutput) {
        public Options {
            successExitCodes = Set.copyOf(successExitCodes);
        }

        /** The defaults: process group, 5 s grace, no rewrites. */
        public static Options defaults() {
            return new Options(Forwarding.PROCESS_GROUP, Duration.ofSeconds(5), SignalRewrites.NONE, Set.of(), 0, false, false, false);
        }
    }

    private final Inheritance inheritance;
    private final Options options;

    public Init(Inheritance inheritance, Options options) {
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
        SignalReader signals;
        try {
            signals = new SignalReader(Startup.BLOCKED);
        } catch (LibcException e) {
            Log.error("cannot read signals: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        try (signals; Reaper reaper = new Reaper()) {
            OutputRelay relay = options.prefixOutput() ? new OutputRelay() : null;
            int exitCode = supervise(new Supervisor(inheritance, options, signals, reaper, programs, relay), signals, reaper);
            if (relay != null) {
                relay.drain();
            }
            if (options.successExitCodes().contains(exitCode)) {
                Log.at(Log.INFO, "exit status " + exitCode + " is expected: exiting with 0");
                return 0;
            }
            return exitCode;
        }
    }

    private int supervise(Supervisor supervisor, SignalReader signals, Reaper reaper) {
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
            new Shutdown(signals, reaper, options.warnOnReap()).run(supervisor.hurried() ? Duration.ZERO : options.grace());
        } catch (UncheckedIOException e) {
            Log.error("cannot stop the processes left: " + e.getCause().getMessage());
        } catch (LibcException | RuntimeException e) {
            Log.error("cannot stop the processes left: " + e);
        }
        return exitCode;
    }

    private static void setParentDeathSignal(int signal) {
        try {
            Libc.prctl(Libc.PR_SET_PDEATHSIG, signal);
        } catch (LibcException e) {
            Log.warn("cannot set the parent death signal to SIG" + Signals.name(signal) + ": " + e.getMessage());
        }
    }

    private static void becomeSubreaperUnlessPid1() {
        if (ProcSelf.pid() == 1) {
            return;
        }
        try {
            Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 1);
        } catch (LibcException e) {
            Log.warn("jinit is not PID 1 and cannot become a child subreaper (" + e.getMessage()
                    + "): orphaned processes will not be reaped by jinit; run it as the container's ENTRYPOINT");
        }
    }
}
