package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.lang.foreign.Arena;
import java.time.Duration;
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
     */
    public record Options(Forwarding forwarding, Duration grace, SignalRewrites rewrites, Set<Integer> successExitCodes,
            int parentDeathSignal, boolean warnOnReap) {
        public Options {
            successExitCodes = Set.copyOf(successExitCodes);
        }

        /** The defaults: process group, 5 s grace, no rewrites. */
        public static Options defaults() {
            return new Options(Forwarding.PROCESS_GROUP, Duration.ofSeconds(5), SignalRewrites.NONE, Set.of(), 0, false);
        }
    }

    /** Job-control stops: forwarded, then jinit stops itself too, as a shell's job would (dumb-init does the same). */
    private static final SignalSet TERMINAL_STOPS = SignalSet.of(Signals.SIGTSTP, Signals.SIGTTIN, Signals.SIGTTOU);

    private final Inheritance inheritance;
    private final Options options;

    public Init(Inheritance inheritance, Options options) {
        this.inheritance = inheritance;
        this.options = options;
    }

    /** Runs {@code command} to its end; returns its exit code, 128+N if signal N killed it, or jinit's own error code. */
    public int run(Command command) {
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
        try (signals) {
            int child;
            try {
                child = Spawner.spawn(command, inheritance, options.forwarding() == Forwarding.PROCESS_GROUP);
            } catch (SpawnException e) {
                Log.error(e.getMessage());
                return e.exitCode();
            }
            Log.at(Log.INFO, "started pid " + child + ": " + command);
            leaveWorkingDirectory();
            try (Reaper reaper = new Reaper(child, options.warnOnReap())) {
                int exitCode = supervise(signals, reaper, child);
                if (options.successExitCodes().contains(exitCode)) {
                    Log.at(Log.INFO, "exit status " + exitCode + " is expected: exiting with 0");
                    return 0;
                }
                return exitCode;
            }
        }
    }

    private int supervise(SignalReader signals, Reaper reaper, int child) {
        int target = options.forwarding() == Forwarding.PROCESS_GROUP ? -child : child;
        try {
            while (!reaper.hasEnded()) {
                int signal = signals.next();
                if (signal == Signals.SIGCHLD) {
                    reaper.reapAll();
                } else {
                    forward(target, signal);
                }
            }
            Log.at(Log.INFO, "pid " + child + " ended with status " + reaper.exitCode());
            new Shutdown(signals, reaper).run(options.grace());
            return reaper.exitCode();
        } catch (LibcException | RuntimeException e) {
            // Whatever went wrong, the child's status is not lost.
            if (reaper.hasEnded()) {
                Log.error("stopping the processes left: " + e.getMessage());
                return reaper.exitCode();
            }
            Log.error("signal loop failed: " + e.getMessage() + "; no longer forwarding, waiting for pid " + child);
            try {
                return reaper.waitForMainChild();
            } catch (LibcException waitFailed) {
                Log.error("waiting for pid " + child + ": " + waitFailed.getMessage());
                return ExitCodes.FAILURE;
            }
        }
    }

    private void forward(int target, int received) {
        int signal = options.rewrites().apply(received);
        if (signal == 0) {
            Log.at(Log.DEBUG, "dropped SIG" + Signals.name(received) + " (rewritten to 0)");
        } else {
            send(target, signal);
            Log.at(Log.DEBUG, "forwarded SIG" + Signals.name(received)
                    + (signal == received ? "" : " as SIG" + Signals.name(signal)) + " to " + target);
        }
        if (TERMINAL_STOPS.contains(received)) {
            // The kernel ignores this when jinit is PID 1 of its namespace.
            send(Libc.getpid(), Signals.SIGSTOP);
        }
    }

    private static void send(int target, int signal) {
        try {
            Libc.kill(target, signal);
        } catch (LibcException e) {
            // ESRCH: the child (group) is gone and its SIGCHLD is on its way.
            Log.at(Log.DEBUG, "sending SIG" + Signals.name(signal) + " to " + target + ": " + e.getMessage());
        }
    }

    private static void setParentDeathSignal(int signal) {
        try {
            Libc.prctl(Libc.PR_SET_PDEATHSIG, signal);
        } catch (LibcException e) {
            Log.warn("cannot set the parent death signal to SIG" + Signals.name(signal) + ": " + e.getMessage());
        }
    }

    /** So that jinit does not keep the directory it was started in busy; the child started there. */
    private static void leaveWorkingDirectory() {
        try (Arena arena = Arena.ofConfined()) {
            Libc.chdir(arena.allocateFrom("/"));
        } catch (LibcException e) {
            Log.warn("cannot change directory to /: " + e.getMessage());
        }
    }

    private static void becomeSubreaperUnlessPid1() {
        if (Libc.getpid() == 1) {
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
