package dev.jinit.core;

import dev.jinit.core.libc.Errno;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Starts a command with posix_spawnp(3): glibc clones with {@code CLONE_VM|CLONE_VFORK}, so no
 * Java runs in the child, and the attributes give the child what jinit inherited.
 */
final class Spawner {
    /** Signals whose disposition may be reset to default (KILL and STOP cannot be changed). */
    private static final SignalSet CHANGEABLE = SignalSet.range(1, Signals.MAX).without(Signals.SIGKILL, Signals.SIGSTOP);

    private static final int STDIN = 0;

    private Spawner() {}

    /** Whether stdin is a terminal whose foreground group is jinit's: only then is it jinit's to hand on. */
    private static boolean ownsForegroundOfTerminal() {
        if (!Libc.isatty(STDIN)) {
            return false;
        }
        try {
            return Libc.tcgetpgrp(STDIN) == Libc.getpgrp();
        } catch (LibcException notControllingTerminal) {
            return false;
        }
    }

    /**
     * @param ownProcessGroup put the child at the head of a new process group
     * @param takeTerminal with a new group, make it the foreground of jinit's terminal, if jinit has it
     * @param output descriptors to become the child's stdout and stderr; null to pass on jinit's
     * @return the child's pid
     */
    static int spawn(Command command, Inheritance inheritance, boolean ownProcessGroup, boolean takeTerminal,
            int[] output) throws SpawnException {
        try (Arena arena = Arena.ofConfined()) {
            closeOwnDescriptorsOnExec(inheritance);
            MemorySegment attributes = attributes(arena, inheritance, ownProcessGroup);
            // docker run -it: the child's group takes the terminal, so Ctrl-C and Ctrl-Z reach it.
            boolean handOverTerminal = ownProcessGroup && takeTerminal && ownsForegroundOfTerminal();
            if (!handOverTerminal && output == null) {
                return spawn(arena, command, inheritance, MemorySegment.NULL, attributes);
            }
            MemorySegment actions = arena.allocate(Libc.POSIX_SPAWN_FILE_ACTIONS_SIZE, 16);
            Libc.posixSpawnFileActionsInit(actions);
            try {
                if (handOverTerminal) {
                    Libc.posixSpawnFileActionsAddtcsetpgrpNp(actions, STDIN);
                }
                if (output != null) {
                    Libc.posixSpawnFileActionsAdddup2(actions, output[0], 1);
                    Libc.posixSpawnFileActionsAdddup2(actions, output[1], 2);
                }
                return spawn(arena, command, inheritance, actions, attributes);
            } finally {
                Libc.posixSpawnFileActionsDestroy(actions);
            }
        } catch (LibcException e) {
            throw new SpawnException(command, e);
        } catch (UncheckedIOException e) {
            throw new SpawnException(command, "cannot list jinit's descriptors: " + e.getCause().getMessage());
        }
    }

    private static int spawn(Arena arena, Command command, Inheritance inheritance, MemorySegment actions,
            MemorySegment attributes) throws LibcException {
        MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
        Libc.posixSpawnp(pid, NativeStrings.string(arena, command.argv().getFirst()), actions, attributes,
                NativeStrings.array(arena, command.argv()), NativeStrings.array(arena, inheritance.environment()));
        return pid.get(ValueLayout.JAVA_INT, 0);
    }

    private static MemorySegment attributes(Arena arena, Inheritance inheritance, boolean ownProcessGroup) {
        short flags = (short) (Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF
                | (ownProcessGroup ? Libc.POSIX_SPAWN_SETPGROUP : 0));
        // Signals ignored when jinit started stay ignored, as with tini; all others are reset. The
        // mask is the one jinit was started with, not the one it runs with. Process group 0: the child's pid.
        return Libc.spawnAttributes(arena, flags, 0, CHANGEABLE.minus(inheritance.ignored()).toSigset(arena),
                inheritance.mask().toSigset(arena));
    }

    /**
     * The child gets the descriptors jinit inherited and none of jinit's own (the JVM's files, the
     * signalfd, pipes): those are marked close-on-exec, which jinit, never executing again, does not mind.
     */
    private static void closeOwnDescriptorsOnExec(Inheritance inheritance) throws LibcException {
        for (int fd : ProcSelf.openDescriptors().keySet()) {
            if (!inheritance.descriptors().contains(fd)) {
                try {
                    Libc.setCloseOnExec(fd);
                } catch (LibcException e) {
                    if (e.errno() != Errno.EBADF) {
                        throw e;
                    }
                    // Closed by another thread since the listing was read.
                }
            }
        }
    }
}
