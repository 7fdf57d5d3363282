package dev.jinit.core;

import dev.jinit.core.libc.Errno;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Reaps every child of jinit, orphans included. */
final class Reaper implements AutoCloseable {
    /** Told of every child reaped. */
    @FunctionalInterface
    interface Exits {
        /** @param exitCode the exit code, or 128+N when signal N killed it */
        void ended(int pid, int exitCode);
    }

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);

    /**
     * Reaps every child that has ended, with WNOHANG until none is left: SIGCHLD coalesces, so one
     * signal may stand for many.
     */
    void reapAll(Exits exits) throws LibcException {
        while (true) {
            int pid;
            try {
                pid = Libc.waitpid(-1, status, Libc.WNOHANG);
            } catch (LibcException e) {
                if (e.errno() == Errno.ECHILD) {
                    return;
                }
                throw e;
            }
            if (pid == 0) {
                return;
            }
            exits.ended(pid, ExitCodes.ofWaitStatus(status.get(ValueLayout.JAVA_INT, 0)));
        }
    }

    /**
     * Reaps as SIGCHLD comes until {@code done} holds or {@code limit} has passed; with
     * {@code stopOnRequest}, a stop request (TERM, INT, QUIT) ends the wait too. Other signals are
     * not forwarded meanwhile.
     *
     * @return the stop request that ended the wait, or 0
     */
    int reapUntil(Exits exits, SignalReader signals, BooleanSupplier done, Duration limit, boolean stopOnRequest)
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

    /** Blocks until {@code pid} ends; for when the signal loop itself has failed. */
    int waitFor(int pid) throws LibcException {
        Libc.waitpid(pid, status, 0);
        return ExitCodes.ofWaitStatus(status.get(ValueLayout.JAVA_INT, 0));
    }

    @Override
    public void close() {
        arena.close();
    }
}
