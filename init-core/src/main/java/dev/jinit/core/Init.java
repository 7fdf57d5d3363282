package dev.jinit.core;

import dev.jinit.core.libc.Errno;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The init itself: starts the command, forwards every signal to it, reaps every process that
 * ends up as jinit's child, and returns the command's exit status.
 */
public final class Init {
    /** Where forwarded signals go. */
    public enum Forwarding {
        /** To the child's whole process group; the child leads a group of its own. */
        PROCESS_GROUP,
        /** To the child's pid only. */
        SINGLE_CHILD
    }

    private final Inheritance inheritance;
    private final Forwarding forwarding;

    public Init(Inheritance inheritance, Forwarding forwarding) {
        this.inheritance = inheritance;
        this.forwarding = forwarding;
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
        try (signals; Arena arena = Arena.ofConfined()) {
            int child;
            try {
                child = Spawner.spawn(command, inheritance, forwarding == Forwarding.PROCESS_GROUP);
            } catch (SpawnException e) {
                Log.error(e.getMessage());
                return e.exitCode();
            }
            Log.at(Log.INFO, "started pid " + child + ": " + command);
            return supervise(signals, child, arena.allocate(ValueLayout.JAVA_INT));
        }
    }

    private int supervise(SignalReader signals, int child, MemorySegment status) {
        int target = forwarding == Forwarding.PROCESS_GROUP ? -child : child;
        try {
            while (true) {
                int signal = signals.next();
                if (signal == Signals.SIGCHLD) {
                    int exitCode = reapAll(child, status);
                    if (exitCode >= 0) {
                        Log.at(Log.INFO, "pid " + child + " ended; exiting with " + exitCode);
                        return exitCode;
                    }
                } else {
                    forward(target, signal);
                }
            }
        } catch (LibcException e) {
            Log.error("signal loop failed: " + e.getMessage() + "; no longer forwarding, waiting for pid " + child);
            return waitFor(child, status);
        }
    }

    /**
     * Reaps every child that has ended: SIGCHLD coalesces, so one signal may stand for many.
     *
     * @return the main child's exit code if it was among them, else -1
     */
    private static int reapAll(int child, MemorySegment status) throws LibcException {
        int childExitCode = -1;
        while (true) {
            int pid;
            try {
                pid = Libc.waitpid(-1, status, Libc.WNOHANG);
            } catch (LibcException e) {
                if (e.errno() == Errno.ECHILD) {
                    return childExitCode;
                }
                throw e;
            }
            if (pid == 0) {
                return childExitCode;
            }
            if (pid == child) {
                childExitCode = ExitCodes.ofWaitStatus(status.get(ValueLayout.JAVA_INT, 0));
            } else {
                Log.at(Log.DEBUG, "reaped pid " + pid);
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

    private static int waitFor(int child, MemorySegment status) {
        try {
            Libc.waitpid(child, status, 0);
            return ExitCodes.ofWaitStatus(status.get(ValueLayout.JAVA_INT, 0));
        } catch (LibcException e) {
            Log.error("waiting for pid " + child + ": " + e.getMessage());
            return ExitCodes.FAILURE;
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
