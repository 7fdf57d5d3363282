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
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Hand-written bindings to the Linux system calls and glibc functions jinit uses, for x86_64 and aarch64.
 *
 * <p>Every system call goes through one downcall handle, to syscall(2), with the call's number
 * ({@link SystemCall}): the JVM generates a stub class and its method handle forms for each
 * distinct function type it links, 1-6 ms each at start-up (12 ms for the first), and jinit
 * starts the JVM twice, so it links as few types as it can. The glibc functions that are not
 * system calls have handles of their own, each in its own holder class so that it is linked on
 * first use; posix_spawnp, which every start calls, with syscall's type (see its holder).
 * Handles are invoked with {@code invokeExact}
 * and exact types. System calls capture errno per call into a buffer owned by the calling
 * thread; {@code EINTR} is retried here, in one place; any other failure becomes a
 * {@link LibcException}. Nothing here decides policy: callers decide what an error means.
 */
public final class Libc {
    // <signal.h>
    public static final int SIG_BLOCK = 0;
    /** glibc's {@code sigset_t}: 1024 bits, of which the kernel reads the first 64. */
    public static final long SIGSET_SIZE = 128;
    /** The signal set size the kernel's calls take: 64 signals. */
    private static final long KERNEL_SIGSET_SIZE = 8;
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
    private static final int O_CLOEXEC = 0x80000;
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;
    // <poll.h>
    private static final short POLLIN = 1;
    /** {@code struct pollfd}: int fd, short events, short revents. */
    private static final long POLLFD_SIZE = 8;
    /** {@code struct timespec}: long seconds, long nanoseconds. */
    private static final long TIMESPEC_SIZE = 16;
    // <asm-generic/ioctls.h>, the same on x86_64 and aarch64
    private static final int TCGETS = 0x5401;
    private static final int TIOCGPGRP = 0x540F;
    /** The kernel's {@code struct termios} is 36 bytes (60 in glibc's); rounded up. */
    private static final long TERMIOS_SIZE = 64;
    // <spawn.h>
    public static final short POSIX_SPAWN_SETPGROUP = 0x02;
    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /**
     * glibc's {@code posix_spawnattr_t} (spawn.h): short flags, pid_t process group, sigset_t
     * signals to default, sigset_t mask, then scheduling fields and padding; 336 bytes.
     */
    private static final long POSIX_SPAWNATTR_SIZE = 336;
    private static final long SPAWNATTR_FLAGS_OFFSET = 0;
    private static final long SPAWNATTR_PGROUP_OFFSET = 4;
    private static final long SPAWNATTR_SIGDEFAULT_OFFSET = 8;
    private static final long SPAWNATTR_SIGMASK_OFFSET = SPAWNATTR_SIGDEFAULT_OFFSET + SIGSET_SIZE;
    /** {@code posix_spawn_file_actions_t} is 80 bytes in glibc; rounded up. */
    public static final long POSIX_SPAWN_FILE_ACTIONS_SIZE = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    /**
     * glibc itself, which the JVM has loaded: finding it opens no file, where the linker's default
     * lookup opens the JDK's libsyslookup.so, and, should that fail (no descriptor left), answers
     * "not found" for every symbol for the rest of the JVM's life.
     */
    private static final SymbolLookup LIBC = SymbolLookup.libraryLookup("libc.so.6", Arena.global());
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    /**
     * One errno buffer per thread, so that threads never share one. From the global arena: a buffer
     * of an automatic arena would cost a session acquire and release on every call, and jinit
     * starts few threads.
     */
    private static final ThreadLocal<MemorySegment> CALL_STATE_BUFFER =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CALL_STATE));

    private Libc() {}

    /** Links the syscall(2) handle now rather than at the first system call. */
    public static void linkSystemCalls() {
        Syscall.HANDLE.type();
    }

    /** getpgrp(2), as getpgid(0): https://man7.org/linux/man-pages/man2/getpgrp.2.html */
    public static int getpgrp() throws LibcException {
        return (int) syscall("getpgid", SystemCall.GETPGID, 0, 0, 0, 0, 0);
    }

    /** isatty(3), as glibc does it: ioctl(2) {@code TCGETS}: https://man7.org/linux/man-pages/man3/isatty.3.html */
    public static boolean isatty(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            return invoke(SystemCall.IOCTL, fd, TCGETS, arena.allocate(TERMIOS_SIZE, 8).address(), 0, 0) == 0;
        }
    }

    /**
     * tcgetpgrp(3), as ioctl(2) {@code TIOCGPGRP}: the terminal's foreground process group:
     * https://man7.org/linux/man-pages/man3/tcgetpgrp.3.html
     */
    public static int tcgetpgrp(int fd) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment group = arena.allocate(JAVA_INT);
            syscall("tcgetpgrp", SystemCall.IOCTL, fd, TIOCGPGRP, group.address(), 0, 0);
            return group.get(JAVA_INT, 0);
        }
    }

    /** kill(2): https://man7.org/linux/man-pages/man2/kill.2.html */
    public static void kill(int pid, int signal) throws LibcException {
        syscall("kill", SystemCall.KILL, pid, signal, 0, 0, 0);
    }

    /**
     * waitpid(2), as wait4(2) with no resource usage: https://man7.org/linux/man-pages/man2/waitpid.2.html
     *
     * @return the pid reaped, or 0 with {@link #WNOHANG} when no child has changed state
     */
    public static int waitpid(int pid, MemorySegment status, int options) throws LibcException {
        return (int) syscall("waitpid", SystemCall.WAIT4, pid, status.address(), options, 0, 0);
    }

    /**
     * sigprocmask(2), for the calling thread, as rt_sigprocmask(2): unlike glibc's, it does not
     * leave out glibc's own signals 32 and 33, so callers leave them out:
     * https://man7.org/linux/man-pages/man2/sigprocmask.2.html
     */
    public static void sigprocmask(int how, MemorySegment set, MemorySegment oldSet) throws LibcException {
        syscall("sigprocmask", SystemCall.RT_SIGPROCMASK, how, set.address(), oldSet.address(), KERNEL_SIGSET_SIZE, 0);
    }

    /** signalfd(2), as signalfd4: https://man7.org/linux/man-pages/man2/signalfd.2.html */
    public static int signalfd(int fd, MemorySegment mask, int flags) throws LibcException {
        return (int) syscall("signalfd", SystemCall.SIGNALFD4, fd, mask.address(), KERNEL_SIGSET_SIZE, flags, 0);
    }

    /** read(2): https://man7.org/linux/man-pages/man2/read.2.html */
    public static long read(int fd, MemorySegment buffer, long count) throws LibcException {
        return syscall("read", SystemCall.READ, fd, buffer.address(), count, 0, 0);
    }

    /** close(2); never retried, since Linux frees the descriptor even on EINTR: https://man7.org/linux/man-pages/man2/close.2.html */
    public static void close(int fd) throws LibcException {
        if (invoke(SystemCall.CLOSE, fd, 0, 0, 0, 0) == -1) {
            throw new LibcException("close", errno());
        }
    }

    /** fcntl(2) {@code F_SETFD}: the descriptor is closed by the next execve: https://man7.org/linux/man-pages/man2/fcntl.2.html */
    public static void setCloseOnExec(int fd) throws LibcException {
        syscall("fcntl", SystemCall.FCNTL, fd, F_SETFD, FD_CLOEXEC, 0, 0);
    }

    /** execve(2); returns only by throwing: https://man7.org/linux/man-pages/man2/execve.2.html */
    public static void execve(MemorySegment path, MemorySegment argv, MemorySegment envp) throws LibcException {
        syscall("execve", SystemCall.EXECVE, path.address(), argv.address(), envp.address(), 0, 0);
    }

    /** prctl(2) with one argument: https://man7.org/linux/man-pages/man2/prctl.2.html */
    public static void prctl(int option, long argument) throws LibcException {
        syscall("prctl", SystemCall.PRCTL, option, argument, 0, 0, 0);
    }

    /** pidfd_open(2); the descriptor is close-on-exec: https://man7.org/linux/man-pages/man2/pidfd_open.2.html */
    public static int pidfdOpen(int pid) throws LibcException {
        return (int) syscall("pidfd_open", SystemCall.PIDFD_OPEN, pid, 0, 0, 0, 0);
    }

    /** pidfd_send_signal(2): https://man7.org/linux/man-pages/man2/pidfd_send_signal.2.html */
    public static void pidfdSendSignal(int pidfd, int signal) throws LibcException {
        syscall("pidfd_send_signal", SystemCall.PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0, 0);
    }

    /**
     * poll(2) on one descriptor for input, as ppoll (aarch64 has no poll):
     * https://man7.org/linux/man-pages/man2/poll.2.html
     *
     * @param timeoutMillis how long to wait; forever if negative
     * @return whether it is readable; false when the time ran out first
     */
    public static boolean pollIn(int fd, int timeoutMillis) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(POLLFD_SIZE, 4);
            pollfd.set(JAVA_INT, 0, fd);
            pollfd.set(JAVA_SHORT, 4, POLLIN);
            MemorySegment timeout = MemorySegment.NULL;
            if (timeoutMillis >= 0) {
                timeout = arena.allocate(TIMESPEC_SIZE, 8);
                timeout.set(JAVA_LONG, 0, timeoutMillis / 1000);
                timeout.set(JAVA_LONG, 8, (timeoutMillis % 1000) * 1_000_000L);
            }
            return syscall("poll", SystemCall.PPOLL, pollfd.address(), 1, timeout.address(), 0, KERNEL_SIGSET_SIZE) > 0;
        }
    }

    /**
     * pipe2(2) with {@code O_CLOEXEC}.
     *
     * @param fds receives the read end at index 0 and the write end at index 1 (two ints)
     */
    public static void pipe2(MemorySegment fds) throws LibcException {
        syscall("pipe2", SystemCall.PIPE2, fds.address(), O_CLOEXEC, 0, 0, 0);
    }

    /** chdir(2): https://man7.org/linux/man-pages/man2/chdir.2.html */
    public static void chdir(MemorySegment path) throws LibcException {
        syscall("chdir", SystemCall.CHDIR, path.address(), 0, 0, 0, 0);
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
            // The int result is the low half of the long (see the handle).
            error = (int) (long) PosixSpawnp.HANDLE.invokeExact(CALL_STATE_BUFFER.get(), pid.address(),
                    file.address(), fileActions.address(), attributes.address(), argv.address(), envp.address());
        } catch (Throwable t) {
            throw downcallFailed("posix_spawnp", t);
        }
        checkReturned("posix_spawnp", error);
    }

    /**
     * Spawn attributes, laid out as glibc's {@code posix_spawnattr_t}: what posix_spawnattr_init(3)
     * (all zero) and then posix_spawnattr_setflags, setpgroup, setsigdefault and setsigmask would
     * write. Filled here rather than through those four functions, because each is a function
     * type of its own to link at start-up: https://man7.org/linux/man-pages/man3/posix_spawnattr_init.3.html
     *
     * @param signalsToDefault a {@code sigset_t} of {@link #SIGSET_SIZE} bytes
     * @param mask a {@code sigset_t} of {@link #SIGSET_SIZE} bytes
     */
    public static MemorySegment spawnAttributes(Arena arena, short flags, int processGroup,
            MemorySegment signalsToDefault, MemorySegment mask) {
        MemorySegment attributes = arena.allocate(POSIX_SPAWNATTR_SIZE, 8);
        attributes.set(JAVA_SHORT, SPAWNATTR_FLAGS_OFFSET, flags);
        attributes.set(JAVA_INT, SPAWNATTR_PGROUP_OFFSET, processGroup);
        MemorySegment.copy(signalsToDefault, 0, attributes, SPAWNATTR_SIGDEFAULT_OFFSET, SIGSET_SIZE);
        MemorySegment.copy(mask, 0, attributes, SPAWNATTR_SIGMASK_OFFSET, SIGSET_SIZE);
        return attributes;
    }

    /** posix_spawn_file_actions_init(3): https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_init.3.html */
    public static void posixSpawnFileActionsInit(MemorySegment actions) throws LibcException {
        callOnSegment("posix_spawn_file_actions_init", FileActionsInit.HANDLE, actions);
    }

    /** posix_spawn_file_actions_destroy(3): https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_init.3.html */
    public static void posixSpawnFileActionsDestroy(MemorySegment actions) throws LibcException {
        callOnSegment("posix_spawn_file_actions_destroy", FileActionsDestroy.HANDLE, actions);
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

    /** Makes a system call that returns -1 and sets errno on failure; retries EINTR. */
    private static long syscall(String name, SystemCall call, long a, long b, long c, long d, long e)
            throws LibcException {
        while (true) {
            long result = invoke(call, a, b, c, d, e);
            if (result != -1) {
                return result;
            }
            int errno = errno();
            if (errno != Errno.EINTR) {
                throw new LibcException(name, errno);
            }
        }
    }

    /** One system call; on failure, it returns -1 and {@link #errno()} tells why. */
    private static long invoke(SystemCall call, long a, long b, long c, long d, long e) {
        try {
            return (long) Syscall.HANDLE.invokeExact(CALL_STATE_BUFFER.get(), call.number, a, b, c, d, e);
        } catch (Throwable t) {
            throw downcallFailed(call.kernelName(), t);
        }
    }

    /** The errno of the calling thread's last system call here. */
    private static int errno() {
        return CALL_STATE_BUFFER.get().get(JAVA_INT, ERRNO_OFFSET);
    }

    /** For the functions that return an error number instead of setting errno. */
    private static void checkReturned(String name, int error) throws LibcException {
        if (error != 0) {
            throw new LibcException(name, error);
        }
    }

    // Two shapes of the functions that return an error number, called and checked in one place each.

    private static void callOnSegment(String name, MethodHandle handle, MemorySegment segment) throws LibcException {
        int error;
        try {
            error = (int) handle.invokeExact(segment);
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
        MemorySegment address = LIBC.findOrThrow(name);
        return LINKER.downcallHandle(address, descriptor, options);
    }

    private static final FunctionDescriptor INT_OF_ADDRESS = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor INT_OF_ADDRESS_INT = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);

    // One holder per function: a handle is linked on first use only.
    /** {@code long syscall(long number, ...)}: the kernel reads as many of the arguments as the call takes. */
    private static final FunctionDescriptor SYSCALL =
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    private static final Linker.Option[] SYSCALL_OPTIONS =
            {Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1)};

    private static final class Syscall {
        static final MethodHandle HANDLE = downcall("syscall", SYSCALL, SYSCALL_OPTIONS);
    }

    private static final class Environ {
        static final MemorySegment VARIABLE =
                LIBC.findOrThrow("environ").reinterpret(ADDRESS.byteSize());
    }

    private static final class PosixSpawnp {
        /*
         * int posix_spawnp(pid_t *, const char *, const posix_spawn_file_actions_t *,
         * const posix_spawnattr_t *, char *const [], char *const []), linked with syscall's function
         * type, so that the JVM reuses syscall's stub instead of generating one (6-8 ms at start-up,
         * measured): on x86_64 and aarch64, six pointers travel in the same registers as six longs,
         * the int result is the low half of the long one, and a function that is not variadic ignores
         * what a variadic call adds (x86_64's vector register count in AL). errno is captured, unused.
         */
        static final MethodHandle HANDLE = downcall("posix_spawnp", SYSCALL, SYSCALL_OPTIONS);
    }

    private static final class FileActionsInit {
        static final MethodHandle HANDLE = downcall("posix_spawn_file_actions_init", INT_OF_ADDRESS);
    }

    private static final class FileActionsDestroy {
        static final MethodHandle HANDLE = downcall("posix_spawn_file_actions_destroy", INT_OF_ADDRESS);
    }

    private static final class FileActionsAddTcSetPgrp {
        static final MethodHandle HANDLE = downcall("posix_spawn_file_actions_addtcsetpgrp_np", INT_OF_ADDRESS_INT);
    }

    private static final class FileActionsAddDup2 {
        static final MethodHandle HANDLE = downcall("posix_spawn_file_actions_adddup2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }
}
