package dev.jinit.core;

/** jinit's own exit statuses; otherwise it exits with its child's. */
public final class ExitCodes {
    /** jinit itself failed (it could not start, or could not start the command for lack of resources). */
    public static final int FAILURE = 1;
    /** A bad command line or environment variable. */
    public static final int USAGE = 2;
    /** The command exists but could not be executed. */
    public static final int NOT_EXECUTABLE = 126;
    /** The command was not found. */
    public static final int NOT_FOUND = 127;
    /** Added to the signal number when a signal killed the child, as shells do. */
    public static final int SIGNALED_BASE = 128;

    private ExitCodes() {}

    /** The exit status a shell would give for a waitpid(2) status: the exit code, or 128+N when signal N killed it. */
    static int ofWaitStatus(int status) {
        int signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : SIGNALED_BASE + signal;
    }
}
