package dev.jinit.core.libc;

/**
 * What {@link Libc#waitpid} reports: the pid reaped and its wait status, packed into one
 * {@code long} (the pid in the low half) so that reaping allocates nothing per child.
 */
public final class WaitStatus {
    /** No child has changed state ({@link Libc#WNOHANG}). */
    public static final long NONE = 0;

    private WaitStatus() {}

    static long of(int pid, int status) {
        return ((long) status << 32) | (pid & 0xffff_ffffL);
    }

    /** The pid reaped; 0 for {@link #NONE}. */
    public static int pid(long wait) {
        return (int) wait;
    }

    /** The wait status waitpid(2) stored: exit code or signal, as its W* macros decode it. */
    public static int status(long wait) {
        return (int) (wait >>> 32);
    }
}
