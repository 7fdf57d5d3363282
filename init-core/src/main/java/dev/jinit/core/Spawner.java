package dev.jinit.core;

import dev.jinit.core.libc.Errno;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import dev.jinit.core.libc.PosixSpawn;
import dev.jinit.core.libc.SignalSet;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a command with posix_spawnp(3): glibc clones with {@code CLONE_VM|CLONE_VFORK}, so no
 * Java runs in the child, and the attributes give the child what jinit inherited.
 */
final class Spawner {
    /** Signals whose disposition may be reset to default (KILL and STOP cannot be changed). */
    private static final SignalSet CHANGEABLE = SignalSet.range(1, Signals.MAX).without(Signals.SIGKILL, Signals.SIGSTOP);
    /**
     * Signals whose disposition jinit keeps as its JVM needs it, so that the child does not inherit
     * an ignore of them: HotSpot's handlers (ILL, BUS, FPE, SEGV, the suspend/resume signal),
     * glibc's 32 and 33, and CHLD (ignored, the kernel would reap jinit's children for it).
     */
    private static final SignalSet OWN_DISPOSITIONS = SignalSet.of(Signals.SIGILL, Signals.SIGBUS, Signals.SIGFPE,
            Signals.SIGSEGV, Signals.JVM_SUSPEND_RESUME, 32, 33, Signals.SIGCHLD);

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
     * @param workingDirectory where the child starts; null for jinit's own working directory
     * @param ownProcessGroup put the child at the head of a new process group
     * @param takeTerminal with a new group, make it the foreground of jinit's terminal, if jinit has it
     * @param output descriptors to become the child's stdout and stderr; null to pass on jinit's
     * @param environment the child's environment
     * @param moreActions what the child does last before the exec (more descriptors to put in place)
     * @return the child's pid
     */
    static int spawn(Command command, Inheritance inheritance, byte[] workingDirectory, boolean ownProcessGroup,
            boolean takeTerminal, int[] output, List<byte[]> environment, List<PosixSpawn.FileAction> moreActions)
            throws SpawnException {
        try {
            closeOwnDescriptorsOnExec(inheritance);
            ignoreAgain(inheritance.ignored().minus(OWN_DISPOSITIONS));
            // Signals ignored when jinit started stay ignored, as with tini; all others are reset. The
            // mask is the one jinit was started with, not the one it runs with.
            PosixSpawn.Attributes attributes = new PosixSpawn.Attributes(inheritance.mask(),
                    CHANGEABLE.minus(inheritance.ignored()), ownProcessGroup);
            List<PosixSpawn.FileAction> actions = new ArrayList<>(4);
            if (workingDirectory != null) {
                actions.add(new PosixSpawn.ChangeDirectory(workingDirectory));
            }
            // docker run -it: the child's group takes the terminal, so Ctrl-C and Ctrl-Z reach it.
            if (ownProcessGroup && takeTerminal && ownsForegroundOfTerminal()) {
                actions.add(new PosixSpawn.TakeTerminal(STDIN));
            }
            if (output != null) {
                actions.add(new PosixSpawn.Dup2(output[0], 1));
                actions.add(new PosixSpawn.Dup2(output[1], 2));
            }
            actions.addAll(moreActions);
            return PosixSpawn.spawnp(command.argv(), environment, attributes, actions);
        } catch (LibcException e) {
            throw new SpawnException(command, e);
        } catch (UncheckedIOException e) {
            throw new SpawnException(command, "cannot list jinit's descriptors: " + e.getCause().getMessage());
        }
    }

    /**
     * Ignores again the signals that were ignored when jinit started and have had a handler set
     * since (the JDK's NIO takes SIGRTMAX-2 at its first file read), because the child gets jinit's
     * ignores and no handler: the exec resets handlers to the default. Before each start, as the
     * JDK may set one at any time. Blocked, an ignored signal still waits for the signalfd.
     */
    private static void ignoreAgain(SignalSet signals) throws LibcException {
        for (int signal = 1; signal <= Signals.MAX; signal++) {
            if (signals.contains(signal) && !Libc.isIgnored(signal)) {
                Libc.ignore(signal);
            }
        }
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
