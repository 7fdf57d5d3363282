package dev.jinit.core.libc;

/**
 * A libc call failed. Carries the call's name and the error number; cheap to throw (no stack
 * trace), because some failures, such as {@code ECHILD} from {@code waitpid}, are ordinary.
 */
public final class LibcException extends Exception {
    private final int errno;

    public LibcException(String call, int errno) {
        super(call + ": " + Errno.describe(errno), null, false, false);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
