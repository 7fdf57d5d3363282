package dev.jinit.core.libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Hand-written bindings to the glibc functions jinit uses, for Linux on x86_64 and aarch64.
 *
 * <p>Each function's handle lives in its own holder class, so it is linked the first time it is
 * called: the first JVM start (which only re-executes itself) links three handles, not all of
 * them. Handles are invoked with {@code invokeExact} and exact types. Functions that report
 * failure through {@code errno} capture it per call into a buffer owned by the calling thread;
 * {@code EINTR} is retried here, in one place; any other failure becomes a {@link LibcException}.
 * Nothing here decides policy: callers decide what an error means.
 */
public final class Libc {
    // <signal.h>
    public static final int SIG_BLOCK = 0;
    /** glibc's {@code sigset_t}: 1024 bits, of which the kernel reads the first 64. */
    public static final long SIGSET_SIZE = 128;
    // <sys/signalfd.h>
    public static final int SFD_CLOEXEC = 0x80000;
    /** {@code struct signalfd_siginfo}. */
    public static final long SIGNALFD_SIGINFO_SIZE = 128;
    public static final long SSI_SIGNO_OFFSET = 0;
    public static final long SSI_PID_OFFSET = 12;
    // <sys/wait.h>
    public static final int WNOHANG = 1;
    // <sys/prctl.h>
    public static final int PR_SET_PDEATHSIG = 1;
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    // <fcntl.h>
    public static final int O_CLOEXEC = 0x80000;
    // <poll.h>
    public static final short POLLIN = 1;
    /** {@code struct pollfd}: int fd, short events, short revents. */
    public static final long POLLFD_SIZE = 8;
    // <sys/syscall.h>: one number on every architecture for the system calls added since Linux 5.1.
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;
    // <spawn.h>
    public static final short POSIX_SPAWN_SETPGROUP = 0x02;
    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** {@code posix_spawnattr_t} is 336 bytes and {@code posix_spawn_file_actions_t} 80 in glibc; rounded up. */
    public static final long POSIX_SPAWNATTR_SIZE = 384;
    public static final long POSIX_SPAWN_FILE_ACTIONS_SIZE = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /**
     * One errno buffer per thread, so that threads never share one. From the global arena: a buffer
     * of an automatic arena would cost a session acquire and release on every call, and jinit
     * starts few threads.
     */
    private static final ThreadLocal<MemorySegment> CALL_STATE_BUFFER =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CALL_STATE));

    private Libc() {}

    /** getpgrp(2): https://man7.org/linux/man-pages/man2/getpgrp.2.html */
    public static int getpgrp() {
        try {
            return (int) GetPgrp.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw downcallFailed("getpgrp", t);
        }
    }

    /** isatty(3): https://man7.org/linux/man-pages/man3/isatty.3.html */
    public static boolean isatty(int fd) {
        try {
            return (int) IsAtty.HANDLE.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw downcallFailed("isatty", t);
        }
    }

    /** tcgetpgrp(3): the terminal's foreground process group: https://man7.org/linux/man-pages/man3/tcgetpgrp.3.html */
    public static int tcgetpgrp(int fd) throws LibcException {
        return (int) call("tcgetpgrp", state -> (int) TcGetPgrp.HANDLE.invokeExact(state, fd));
    }

    /** kill(2): https://man7.org/linux/man-pages/man2/kill.2.html */
    public static void kill(int pid, int signal) throws LibcException {
        call("kill", state -> (int) Kill.HANDLE.invokeExact(state, pid, signal));
    }

    /**
     * waitpid(2): https://man7.org/linux/man-pages/man2/waitpid.2.html
     *
     * @return the pid reaped, or 0 with {@link #WNOHANG} when no child has changed state
     */
    public static int waitpid(int pid, MemorySegment status, int options) throws LibcException {
        return (int) call("waitpid", state -> (int) WaitPid.HANDLE.invokeExact(state, pid, status, options));
    }

    /** sigprocmask(2), for the calling thread: https://man7.org/linux/man-pages/man2/sigprocmask.2.html */
    public static void sigprocmask(int how, MemorySegment set, MemorySegment oldSet) throws LibcException {
        call("sigprocmask", state -> (int) SigProcMask.HANDLE.invokeExact(state, how, set, oldSet));
    }

    /** signalfd(2): https://man7.org/linux/man-pages/man2/signalfd.2.html */
    public static int signalfd(int fd, MemorySegment mask, int flags) throws LibcException {
        return (int) call("signalfd", state -> (int) SignalFd.HANDLE.invokeExact(state, fd, mask, flags));
    }

    /** read(2): https://man7.org/linux/man-pages/man2/read.2.html */
    public static long read(int fd, MemorySegment buffer, long count) throws LibcException {
        return call("read", state -> (long) Read.HANDLE.invokeExact(state, fd, buffer, count));
    }

    /** close(2); never retried, since Linux frees the descriptor even on EINTR: https://man7.org/linux/man-pages/man2/close.2.html */
    public static void close(int fd) throws LibcException {
        MemorySegment state = CALL_STATE_BUFFER.get();
        int result;
        try {
            result = (int) Close.HANDLE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw downcallFailed("close", t);
        }
        if (result == -1) {
            throw new LibcException("close", errno(state));
        }
    }

    /** execve(2); returns only by throwing: https://man7.org/linux/man-pages/man2/execve.2.html */
    public static void execve(MemorySegment path, MemorySegment argv, MemorySegment envp) throws LibcException {
        call("execve", state -> (int) ExecVe.HANDLE.invokeExact(state, path, argv, envp));
    }

    /** prctl(2) with one argument: https://man7.org/linux/man-pages/man2/prctl.2.html */
    public static void prctl(int option, long argument) throws LibcException {
        call("prctl", state -> (int) Prctl.HANDLE.invokeExact(state, option, argument, 0L, 0L, 0L));
    }

    /**
     * pidfd_open(2), through syscall(2) so that any glibc will do; the descriptor is close-on-exec:
     * https://man7.org/linux/man-pages/man2/pidfd_open.2.html
     */
    public static int pidfdOpen(int pid) throws LibcException {
        return (int) call("pidfd_open",
                state -> (long) Syscall.HANDLE.invokeExact(state, SYS_PIDFD_OPEN, (long) pid, 0L, 0L, 0L));
    }

    /** pidfd_send_signal(2), through syscall(2): https://man7.org/linux/man-pages/man2/pidfd_send_signal.2.html */
    public static void pidfdSendSignal(int pidfd, int signal) throws LibcException {
        call("pidfd_send_signal", state -> (long) Syscall.HANDLE.invokeExact(state, SYS_PIDFD_SEND_SIGNAL,
                (long) pidfd, (long) signal, 0L, 0L));
    }

    /**
     * poll(2) on one descriptor for input.
     *
     * @return whether it is readable; false when {@code timeoutMillis} passed first
     */
    public static boolean pollIn(int fd, int timeoutMillis) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(POLLFD_SIZE, 4);
            pollfd.set(JAVA_INT, 0, fd);
            pollfd.set(JAVA_SHORT, 4, POLLIN);
            return call("poll", state -> (int) Poll.HANDLE.invokeExact(state, pollfd, 1L, timeoutMillis)) > 0;
        }
    }

    /**
     * pipe2(2) with {@code O_CLOEXEC}.
     *
     * @param fds receives the read end at index 0 and the write end at index 1 (two ints)
     */
    public static void pipe2(MemorySegment fds) throws LibcException {
        call("pipe2", state -> (int) Pipe2.HANDLE.invokeExact(state, fds, O_CLOEXEC));
    }

    /** chdir(2): https://man7.org/linux/man-pages/man2/chdir.2.html */
    public static void chdir(MemorySegment path) throws LibcException {
        call("chdir", state -> (int) ChDir.HANDLE.invokeExact(state, path));
    }

    /**
     * The process's {@code environ}, a NULL-terminated array of {@code NAME=value} strings:
     * https://man7.org/linux/man-pages/man7/environ.7.html
     */
    public static MemorySegment environ() {
        return Environ.VARIABLE.get(ADDRESS, 0);
    }

    /**
     * posix_spawnp(3); reports failure (including the child's failed exec) by its return value:
     * https://man7.org/linux/man-pages/man3/posix_spawn.3.html
     */
    public static void posixSpawnp(MemorySegment pid, MemorySegment file, MemorySegment fileActions,
            MemorySegment attributes, MemorySegment argv, MemorySegment envp) throws LibcException {
        int error;
        try {
            error = (int) PosixSpawnp.HANDLE.invokeExact(pid, file, fileActions, attributes, argv, envp);
        } catch (Throwable t) {
            throw downcallFailed("posix_spawnp", t);
        }
        checkReturned("posix_spawnp", error);
    }

    /** posix_spawnattr_init(3): https://man7.org/linux/man-pages/man3/posix_spawnattr_init.3.html */
    public static void posixSpawnattrInit(MemorySegment attributes) throws LibcException {
        callOnSegment("posix_spawnattr_init", SpawnAttrInit.HANDLE, attributes);
    }

    /** posix_spawnattr_destroy(3): https://man7.org/linux/man-pages/man3/posix_spawnattr_init.3.html */
    public static void posixSpawnattrDestroy(MemorySegment attributes) throws LibcException {
        callOnSegment("posix_spawnattr_destroy", SpawnAttrDestroy.HANDLE, attributes);
    }

    /** posix_spawnattr_setflags(3): https://man7.org/linux/man-pages/man3/posix_spawnattr_setflags.3.html */
    public static void posixSpawnattrSetflags(MemorySegment attributes, short flags) throws LibcException {
        int error;
        try {
            error = (int) SpawnAttrSetFlags.HANDLE.invokeExact(attributes, flags);
        } catch (Throwable t) {
            throw downcallFailed("posix_spawnattr_setflags", t);
        }
        checkReturned("posix_spawnattr_setflags", error);
    }

    /** posix_spawnattr_setsigmask(3): https://man7.org/linux/man-pages/man3/posix_spawnattr_setsigmask.3.html */
    public static void posixSpawnattrSetsigmask(MemorySegment attributes, MemorySegment mask) throws LibcException {
        callOnSegments("posix_spawnattr_setsigmask", SpawnAttrSetSigMask.HANDLE, attributes, mask);
    }

    /** posix_spawnattr_setsigdefault(3): https://man7.org/linux/man-pages/man3/posix_spawnattr_setsigdefault.3.html */
    public static void posixSpawnattrSetsigdefault(MemorySegment attributes, MemorySegment signals) throws LibcException {
        callOnSegments("posix_spawnattr_setsigdefault", SpawnAttrSetSigDefault.HANDLE, attributes, signals);
    }

    /** posix_spawnattr_setpgroup(3): https://man7.org/linux/man-pages/man3/posix_spawnattr_setpgroup.3.html */
    public static void posixSpawnattrSetpgroup(MemorySegment attributes, int processGroup) throws LibcException {
        callOnSegmentAndInt("posix_spawnattr_setpgroup", SpawnAttrSetPgroup.HANDLE, attributes, processGroup);
    }

    /** posix_spawn_file_actions_init(3): https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_init.3.html */
    public static void posixSpawnFileActionsInit(MemorySegment actions) throws LibcException {
        callOnSegment("posix_spawn_file_actions_init", FileActionsInit.HANDLE, actions);
    }

    /** posix_spawn_file_actions_destroy(3): https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_init.3.html */
    public static void posixSpawnFileActionsDestroy(MemorySegment actions) throws LibcException {
        callOnSegment("posix_spawn_file_actions_destroy", FileActionsDestroy.HANDLE, actions);
    }

    /** posix_spawn_file_actions_addclose(3): https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_addclose.3.html */
    public static void posixSpawnFileActionsAddclose(MemorySegment actions, int fd) throws LibcException {
        callOnSegmentAndInt("posix_spawn_file_actions_addclose", FileActionsAddClose.HANDLE, actions, fd);
    }

    /**
     * posix_spawn_file_actions_addtcsetpgrp_np(3) (glibc 2.35): the child makes its process group
     * the foreground of terminal {@code fd}: https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_addtcsetpgrp_np.3.html
     */
    public static void posixSpawnFileActionsAddtcsetpgrpNp(MemorySegment actions, int fd) throws LibcException {
        callOnSegmentAndInt("posix_spawn_file_actions_addtcsetpgrp_np", FileActionsAddTcSetPgrp.HANDLE, actions, fd);
    }

    /** posix_spawn_file_actions_adddup2(3): https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_adddup2.3.html */
    public static void posixSpawnFileActionsAdddup2(MemorySegment actions, int fd, int newFd) throws LibcException {
        int error;
        try {
            error = (int) FileActionsAddDup2.HANDLE.invokeExact(actions, fd, newFd);
        } catch (Throwable t) {
            throw downcallFailed("posix_spawn_file_actions_adddup2", t);
        }
        checkReturned("posix_spawn_file_actions_adddup2", error);
    }

    @FunctionalInterface
    private interface ErrnoCall {
        long invoke(MemorySegment callState) throws Throwable;
    }

    /** Runs a call that returns -1 and sets errno on failure; retries EINTR. */
    private static long call(String name, ErrnoCall call) throws LibcException {
        MemorySegment state = CALL_STATE_BUFFER.get();
        while (true) {
            long result;
            try {
                result = call.invoke(state);
            } catch (Throwable t) {
                throw downcallFailed(name, t);
            }
            if (result != -1) {
                return result;
            }
            int errno = errno(state);
            if (errno != Errno.EINTR) {
                throw new LibcException(name, errno);
            }
        }
    }

    private static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    /** For the functions that return an error number instead of setting errno. */
    private static void checkReturned(String name, int error) throws LibcException {
        if (error != 0) {
            throw new LibcException(name, error);
        }
    }

    // Three shapes of the functions that return an error number, called and checked in one place each.

    private static void callOnSegment(String name, MethodHandle handle, MemorySegment segment) throws LibcException {
        int error;
        try {
            error = (int) handle.invokeExact(segment);
        } catch (Throwable t) {
            throw downcallFailed(name, t);
        }
        checkReturned(name, error);
    }

    private static void callOnSegments(String name, MethodHandle handle, MemorySegment first, MemorySegment second) throws LibcException {
        int error;
        try {
            error = (int) handle.invokeExact(first, second);
        } catch (Throwable t) {
            throw downcallFailed(name, t);
        }
        checkReturned(name, error);
    }

    private static void callOnSegmentAndInt(String name, MethodHandle handle, MemorySegment segment, int value) throws LibcException {
        int error;
        try {
            error = (int) handle.invokeExact(segment, value);
        } catch (Throwable t) {
            throw downcallFailed(name, t);
        }
        checkReturned(name, error);
    }

    /** A downcall itself cannot throw; anything caught here is a bug in these bindings. */
    private static Error downcallFailed(String name, Throwable cause) {
        return new AssertionError("downcall " + name + " threw", cause);
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment address = LINKER.defaultLookup().findOrThrow(name);
        return LINKER.downcallHandle(address, descriptor, options);
    }

    private static MethodHandle errnoDowncall(String name, FunctionDescriptor descriptor) {
        return downcall(name, descriptor, CAPTURE_ERRNO);
    }

    private static final FunctionDescriptor INT_OF_ADDRESS = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor INT_OF_ADDRESS_ADDRESS = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
    private static final FunctionDescriptor INT_OF_ADDRESS_INT = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);

    // One holder per function: a handle is linked on first use only.
    private static final class GetPgrp {
        static final MethodHandle HANDLE = downcall("getpgrp", FunctionDescriptor.of(JAVA_INT));
    }

    private static final class IsAtty {
        static final MethodHandle HANDLE = downcall("isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private static final class TcGetPgrp {
        static final MethodHandle HANDLE = errnoDowncall("tcgetpgrp", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private static final class Kill {
        static final MethodHandle HANDLE = errnoDowncall("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final class WaitPid {
        static final MethodHandle HANDLE =
                errnoDowncall("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class SigProcMask {
        static final MethodHandle HANDLE =
                errnoDowncall("sigprocmask", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    private static final class SignalFd {
        static final MethodHandle HANDLE =
                errnoDowncall("signalfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Read {
        static final MethodHandle HANDLE =
                errnoDowncall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    private static final class Close {
        static final MethodHandle HANDLE = errnoDowncall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private static final class ExecVe {
        static final MethodHandle HANDLE =
                errnoDowncall("execve", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    }

    private static final class Prctl {
        // int prctl(int option, ...): the kernel reads four unsigned longs after the option.
        static final MethodHandle HANDLE = downcall("prctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));
    }

    private static final class Syscall {
        // long syscall(long number, ...): the kernel reads as many of the arguments as the call takes.
        static final MethodHandle HANDLE = downcall("syscall",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));
    }

    private static final class Poll {
        static final MethodHandle HANDLE =
                errnoDowncall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    private static final class Pipe2 {
        static final MethodHandle HANDLE = errnoDowncall("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class ChDir {
        static final MethodHandle HANDLE = errnoDowncall("chdir", INT_OF_ADDRESS);
    }

    private static final class Environ {
        static final MemorySegment VARIABLE =
                LINKER.defaultLookup().findOrThrow("environ").reinterpret(ADDRESS.byteSize());
    }

    private static final class PosixSpawnp {
        static final MethodHandle HANDLE = downcall("posix_spawnp",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    }

    private static final class SpawnAttrInit {
        static final MethodHandle HANDLE = downcall("posix_spawnattr_init", INT_OF_ADDRESS);
    }

    private static final class SpawnAttrDestroy {
        static final MethodHandle HANDLE = downcall("posix_spawnattr_destroy", INT_OF_ADDRESS);
    }

    private static final class SpawnAttrSetFlags {
        static final MethodHandle HANDLE =
                downcall("posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    }

    private static final class SpawnAttrSetSigMask {
        static final MethodHandle HANDLE = downcall("posix_spawnattr_setsigmask", INT_OF_ADDRESS_ADDRESS);
    }

    private static final class SpawnAttrSetSigDefault {
        static final MethodHandle HANDLE = downcall("posix_spawnattr_setsigdefault", INT_OF_ADDRESS_ADDRESS);
    }

    private static final class SpawnAttrSetPgroup {
        static final MethodHandle HANDLE = downcall("posix_spawnattr_setpgroup", INT_OF_ADDRESS_INT);
    }

    private static final class FileActionsInit {
        static final MethodHandle HANDLE = downcall("posix_spawn_file_actions_init", INT_OF_ADDRESS);
    }

    private static final class FileActionsDestroy {
        static final MethodHandle HANDLE = downcall("posix_spawn_file_actions_destroy", INT_OF_ADDRESS);
    }

    private static final class FileActionsAddClose {
        static final MethodHandle HANDLE = downcall("posix_spawn_file_actions_addclose", INT_OF_ADDRESS_INT);
    }

    private static final class FileActionsAddTcSetPgrp {
        static final MethodHandle HANDLE = downcall("posix_spawn_file_actions_addtcsetpgrp_np", INT_OF_ADDRESS_INT);
    }

    private static final class FileActionsAddDup2 {
        static final MethodHandle HANDLE = downcall("posix_spawn_file_actions_adddup2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }
}
