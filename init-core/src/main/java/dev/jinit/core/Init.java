package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.time.Duration;

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
     */
    public record Options(Forwarding forwarding, Duration grace) {}

    private final Inheritance inheritance;
    private final Options options;

    public Init(Inheritance inheritance, Options options) {
        this.inheritance = inheritance;
        this.options = options;
    }

    /** Runs {@code command} to its end; returns its exit code, 128+N if signal N killed it, or jinit's own error code. */
    public int run(Command command) {
        becomeSubreaperUnlessPid1();
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
            try (Reaper reaper = new Reaper(child)) {
                return supervise(signals, reaper, child);
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

    private static void forward(int target, int signal) {
        try {
            Libc.kill(target, signal);
            Log.at(Log.DEBUG, "forwarded SIG" + Signals.name(signal) + " to " + target);
        } catch (LibcException e) {
            // ESRCH: the child (group) is gone and its SIGCHLD is on its way.
            Log.at(Log.DEBUG, "forwarding SIG" + Signals.name(signal) + " to " + target + ": " + e.getMessage());
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
