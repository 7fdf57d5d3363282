package dev.jinit.core;

import dev.jinit.core.libc.Errno;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Reaps every child of jinit, orphans included, and keeps the main child's exit code. */
final class Reaper implements AutoCloseable {
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
    private final int mainChild;
    private final boolean warnOnReap;
    private int exitCode = -1;

    Reaper(int mainChild, boolean warnOnReap) {
        this.mainChild = mainChild;
        this.warnOnReap = warnOnReap;
    }

    /**
     * Reaps every child that has ended, with WNOHANG until none is left: SIGCHLD coalesces, so one
     * signal may stand for many.
     *
     * @return whether the main child has ended
     */
    boolean reapAll() throws LibcException {
        while (true) {
            int pid;
            try {
                pid = Libc.waitpid(-1, status, Libc.WNOHANG);
            } catch (LibcException e) {
                if (e.errno() == Errno.ECHILD) {
                    return hasEnded();
                }
                throw e;
            }
            if (pid == 0) {
                return hasEnded();
            }
            if (pid == mainChild) {
                exitCode = ExitCodes.ofWaitStatus(status.get(ValueLayout.JAVA_INT, 0));
            } else if (warnOnReap) {
                Log.warn("reaped zombie pid " + pid);
            } else {
                Log.at(Log.DEBUG, "reaped pid " + pid);
            }
        }
    }

    /** Blocks until the main child ends; for when the signal loop itself has failed. */
    int waitForMainChild() throws LibcException {
        Libc.waitpid(mainChild, status, 0);
        exitCode = ExitCodes.ofWaitStatus(status.get(ValueLayout.JAVA_INT, 0));
        return exitCode;
    }

    boolean hasEnded() {
        return exitCode >= 0;
    }

    /** The main child's exit code, or 128+N when signal N killed it; -1 while it runs. */
    int exitCode() {
        return exitCode;
    }

    @Override
    public void close() {
        arena.close();
    }
}
