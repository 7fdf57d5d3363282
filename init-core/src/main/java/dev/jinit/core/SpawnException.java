package dev.jinit.core;

import dev.jinit.core.libc.Errno;
import dev.jinit.core.libc.LibcException;

/** The command could not be started; carries the exit status jinit reports for it. */
final class SpawnException extends Exception {
    private final int exitCode;
    /** Whether jinit was short of processes, memory or descriptors: nothing wrong with the command. */
    private final boolean jinitShort;

    SpawnException(Command command, LibcException cause) {
        super("cannot run '" + command.program() + "': " + cause.getMessage(), null, false, false);
        this.jinitShort = switch (cause.errno()) {
            case Errno.EAGAIN, Errno.ENOMEM, Errno.EMFILE, Errno.ENFILE -> true;
            default -> false;
        };
        this.exitCode = switch (cause.errno()) {
            case Errno.ENOENT, Errno.ENOTDIR -> ExitCodes.NOT_FOUND;
            case Errno.EACCES, Errno.ENOEXEC, Errno.EISDIR, Errno.ETXTBSY, Errno.ELOOP, Errno.ENAMETOOLONG, Errno.E2BIG,
                    Errno.EPERM -> ExitCodes.NOT_EXECUTABLE;
            default -> ExitCodes.FAILURE;
        };
    }

    /** jinit could not prepare the spawn itself, for want of descriptors or memory. */
    SpawnException(Command command, String problem) {
        super("cannot run '" + command.program() + "': " + problem, null, false, false);
        this.exitCode = ExitCodes.FAILURE;
        this.jinitShort = true;
    }

    /** Whether jinit was short of processes (a pids limit), memory or descriptors, rather than the command at fault. */
    boolean jinitShort() {
        return jinitShort;
    }

    int exitCode() {
        return exitCode;
    }
}
