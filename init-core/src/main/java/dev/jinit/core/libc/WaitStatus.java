package dev.jinit.core.libc;

/**
 * What {@link Libc#waitpid} reports: the pid reaped and its wait status, packed into one
 * {@code long} (the pid in the low half) so that reaping allocates nothing per child.
 */
public final class WaitStatus {
    /** No child has changed state ({@link Libc#WNOHANG}). */
    public static final long NONE = 0;
    /** Added to the signal number when a signal killed the child, as shells do. */
    public static final int SIGNALED_BASE = 128;

    private WaitStatus() {}

    static long of(int pid, int status) {
        return ((long) status << 32) | (pid & 0xffff_ffffL);
    }

    /** The pid reaped; 0 for {@link #NONE}. */
    public static int pid(long wait) {
        return (int) wait;
    }

    /** The exit status a shell would give: the exit code, or 128+N when signal N killed it. */
    public static int exitCode(long wait) {
        int status = (int) (wait >>> 32);
        int signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : SIGNALED_BASE + signal;
    }
}
