package dev.jinit.core;

import dev.jinit.core.libc.Errno;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import dev.jinit.core.libc.WaitStatus;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Reaps every child of jinit, orphans included. */
final class Reaper {
    private Reaper() {}

    /** Told of every child reaped. */
    @FunctionalInterface
    interface Exits {
        /** @param exitCode the exit code, or 128+N when signal N killed it */
        void ended(int pid, int exitCode);
    }

    /**
     * Reaps every child that has ended, with WNOHANG until none is left: SIGCHLD coalesces, so one
     * signal may stand for many.
     */
    static void reapAll(Exits exits) throws LibcException {
        while (true) {
            long reaped;
            try {
                reaped = Libc.waitpid(-1, Libc.WNOHANG);
            } catch (LibcException e) {
                if (e.errno() == Errno.ECHILD) {
                    return;
                }
                throw e;
            }
            if (reaped == WaitStatus.NONE) {
                return;
            }
            exits.ended(WaitStatus.pid(reaped), ExitCodes.ofWaitStatus(WaitStatus.status(reaped)));
        }
    }

    /**
     * Reaps as SIGCHLD comes until {@code done} holds or {@code limit} has passed; with
     * {@code stopOnRequest}, a stop request (TERM, INT, QUIT) ends the wait too. Other signals are
     * not forwarded meanwhile.
     *
     * @return the stop request that ended the wait, or 0
     */
    static int reapUntil(Exits exits, SignalReader signals, BooleanSupplier done, Duration limit, boolean stopOnRequest)
            throws LibcException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            reapAll(exits);
            long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (done.getAsBoolean() || remainingMillis <= 0) {
                return 0;
            }
            int signal = signals.next((int) Math.min(remainingMillis, Integer.MAX_VALUE));
            if (stopOnRequest && Signals.STOP_REQUESTS.contains(signal)) {
                return signal;
            }
        }
    }

    /** Logs a reaped process that was not a command jinit started: tini's {@code -w} makes it a warning. */
    static void logReaped(int pid, boolean warn) {
        if (warn) {
            Log.warn("reaped zombie pid " + pid);
        } else if (Log.enabled(Log.DEBUG)) {
            Log.at(Log.DEBUG, "reaped pid " + pid);
        }
    }
}
