package dev.jinit.core.libc;

import static dev.jinit.core.libc.Headers.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * posix_spawnp(3) with the attributes and file actions jinit uses:
 * https://man7.org/linux/man-pages/man3/posix_spawn.3.html
 */
public final class PosixSpawn {
    /**
     * The child's signal mask and the signals whose disposition it gets reset to default
     * ({@code POSIX_SPAWN_SETSIGMASK}, {@code POSIX_SPAWN_SETSIGDEF}), and whether it leads a new
     * process group, its own pid ({@code POSIX_SPAWN_SETPGROUP} with group 0).
     */
    public record Attributes(SignalSet mask, SignalSet signalsToDefault, boolean newProcessGroup) {}

    /** What the child does between the clone and the exec. */
    public sealed interface FileAction {}

    /** posix_spawn_file_actions_adddup2(3): {@code fd} becomes the child's {@code newFd}. */
    public record Dup2(int fd, int newFd) implements FileAction {}

    /**
     * posix_spawn_file_actions_addtcsetpgrp_np(3) (glibc 2.35): the child makes its process group
     * the foreground of terminal {@code fd}.
     */
    public record TakeTerminal(int fd) implements FileAction {}

    /**
     * posix_spawn_file_actions_addchdir_np(3) (glibc 2.29): the child changes to directory
     * {@code path} (bytes, no NUL), before it looks the command up in {@code PATH}.
     */
    public record ChangeDirectory(byte[] path) implements FileAction {}

    /**
     * posix_spawn_file_actions_addopen(3): the child opens {@code path} (bytes, no NUL) for writing
     * as its {@code fd}.
     */
    public record OpenForWriting(int fd, byte[] path) implements FileAction {}

    private PosixSpawn() {}

    /**
     * posix_spawnp(3): starts {@code argv[0]}, looked up in {@code PATH}, with the arguments and
     * environment byte for byte; reports failure, including the child's failed exec, by throwing.
     *
     * @param actions none, to pass no file actions at all (the start-up links no function for them)
     * @return the child's pid
     */
    public static int spawnp(List<byte[]> argv, List<byte[]> environment, Attributes attributes,
            List<FileAction> actions) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pid = arena.allocate(JAVA_INT);
            MemorySegment fileActions = actions.isEmpty() ? MemorySegment.NULL : fileActions(arena, actions);
            try {
                int error = Downcalls.posixSpawnp(pid.address(), NativeStrings.string(arena, argv.getFirst()).address(),
                        fileActions.address(), attributes(arena, attributes).address(),
                        NativeStrings.array(arena, argv).address(), NativeStrings.array(arena, environment).address());
                Downcalls.checkReturned("posix_spawnp", error);
            } finally {
                if (!fileActions.equals(MemorySegment.NULL)) {
                    call("posix_spawn_file_actions_destroy", FileActionsDestroy.HANDLE, fileActions.address(), 0, 0);
                }
            }
            return pid.get(JAVA_INT, 0);
        }
    }

    /**
     * The attributes as glibc lays out {@code posix_spawnattr_t}: what posix_spawnattr_init(3)
     * (all zero) and then posix_spawnattr_setflags, setpgroup, setsigdefault and setsigmask would
     * write. Filled here rather than through those four functions, because each is a function type
     * of its own to link at start-up: https://man7.org/linux/man-pages/man3/posix_spawnattr_init.3.html
     */
    private static MemorySegment attributes(Arena arena, Attributes attributes) {
        short flags = (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
                | (attributes.newProcessGroup() ? POSIX_SPAWN_SETPGROUP : 0));
        // Zeroed: process group 0 (the child's pid), and the sigset bits past the kernel's 64.
        MemorySegment layout = arena.allocate(POSIX_SPAWNATTR_SIZE, 8);
        layout.set(JAVA_SHORT, SPAWNATTR_FLAGS_OFFSET, flags);
        layout.set(JAVA_LONG, SPAWNATTR_SIGDEFAULT_OFFSET, attributes.signalsToDefault().bits());
        layout.set(JAVA_LONG, SPAWNATTR_SIGMASK_OFFSET, attributes.mask().bits());
        return layout;
    }

    /** posix_spawn_file_actions_init(3) and the actions: https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_init.3.html */
    private static MemorySegment fileActions(Arena arena, List<FileAction> actions) throws LibcException {
        MemorySegment fileActions = arena.allocate(POSIX_SPAWN_FILE_ACTIONS_SIZE, 16);
        call("posix_spawn_file_actions_init", FileActionsInit.HANDLE, fileActions.address(), 0, 0);
        try {
            for (FileAction action : actions) {
                add(arena, fileActions, action);
            }
        } catch (LibcException | RuntimeException e) {
            call("posix_spawn_file_actions_destroy", FileActionsDestroy.HANDLE, fileActions.address(), 0, 0);
            throw e;
        }
        return fileActions;
    }

    /** With instanceof rather than a pattern switch, which would spin a class at run time. */
    private static void add(Arena arena, MemorySegment fileActions, FileAction action) throws LibcException {
        long actions = fileActions.address();
        if (action instanceof Dup2 dup2) {
            call("posix_spawn_file_actions_adddup2", FileActionsAddDup2.HANDLE, actions, dup2.fd(), dup2.newFd());
        } else if (action instanceof OpenForWriting open) {
            // glibc copies the path.
            String name = "posix_spawn_file_actions_addopen";
            Downcalls.checkReturned(name, (int) Downcalls.invokeFunction(FileActionsAddOpen.HANDLE, name, actions, open.fd(),
                    NativeStrings.string(arena, open.path()).address(), O_WRONLY, 0, 0));
        } else if (action instanceof ChangeDirectory directory) {
            // glibc copies the path.
            call("posix_spawn_file_actions_addchdir_np", FileActionsAddChdir.HANDLE, actions,
                    NativeStrings.string(arena, directory.path()).address(), 0);
        } else {
            call("posix_spawn_file_actions_addtcsetpgrp_np", FileActionsAddTcSetPgrp.HANDLE, actions,
                    ((TakeTerminal) action).fd(), 0);
        }
    }

    /** A file action function, whose int result is an error number or 0. */
    private static void call(String name, MethodHandle handle, long fileActions, long b, long c) throws LibcException {
        // The int result is the low half of the long; int arguments travel as longs do.
        Downcalls.checkReturned(name, (int) Downcalls.invokeFunction(handle, name, fileActions, b, c, 0, 0, 0));
    }

    /*
     * One holder per function: a handle is linked on first use only, and with syscall's function
     * type, for posix_spawnp's reasons (see Downcalls): no stub of their own for the JVM to generate
     * at the first start that needs a file action (a command started outside /, with -it or with
     * --prefix-output).
     */
    private static final class FileActionsInit {
        static final MethodHandle HANDLE = Downcalls.function("posix_spawn_file_actions_init");
    }

    private static final class FileActionsDestroy {
        static final MethodHandle HANDLE = Downcalls.function("posix_spawn_file_actions_destroy");
    }

    private static final class FileActionsAddTcSetPgrp {
        static final MethodHandle HANDLE = Downcalls.function("posix_spawn_file_actions_addtcsetpgrp_np");
    }

    private static final class FileActionsAddChdir {
        static final MethodHandle HANDLE = Downcalls.function("posix_spawn_file_actions_addchdir_np");
    }

    private static final class FileActionsAddOpen {
        static final MethodHandle HANDLE = Downcalls.function("posix_spawn_file_actions_addopen");
    }

    private static final class FileActionsAddDup2 {
        static final MethodHandle HANDLE = Downcalls.function("posix_spawn_file_actions_adddup2");
    }
}
