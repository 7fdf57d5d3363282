package dev.jinit.core.libc;

/**
 * A libc call failed: the message names the call and the error, {@link #errno} is its number.
 * Cheap to throw (no stack trace), because some failures, such as {@code ECHILD} from
 * {@code waitpid}, are ordinary.
 */
public final class LibcException extends Exception {
    private final int errno;

    LibcException(String call, int errno) {
        super(call + ": " + Errno.describe(errno), null, false, false);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
