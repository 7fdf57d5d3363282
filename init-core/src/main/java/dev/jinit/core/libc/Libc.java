package dev.jinit.core.libc;

import static dev.jinit.core.libc.Downcalls.syscall;
import static dev.jinit.core.libc.Headers.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;

/**
 * Hand-written bindings to the Linux system calls jinit uses, for x86_64 and aarch64, with Java
 * types: arguments passed by pointer go through the calling thread's scratch memory (see
 * {@link Downcalls}), so no caller handles native memory. Every call here is a system call made
 * through syscall(2); posix_spawnp is {@link PosixSpawn}'s, malloc_trim {@link Malloc}'s, the
 * signalfd's records {@link SignalFd}'s.
 * Nothing here decides policy: callers decide what an error means.
 */
public final class Libc {
    // <sys/wait.h>
    public static final int WNOHANG = 1;

    private Libc() {}

    /**
     * For a thread that is about to end and makes no more calls: the memory it used for them goes
     * to the next thread that makes one, since it is never freed.
     */
    public static void releaseThreadMemory() {
        Downcalls.releaseScratch();
    }

    /** Links the syscall(2) handle now rather than at the first system call. */
    public static void linkSystemCalls() {
        Downcalls.linkSystemCalls();
    }

    /** getpgrp(2), as getpgid(0): https://man7.org/linux/man-pages/man2/getpgrp.2.html */
    public static int getpgrp() throws LibcException {
        return (int) syscall("getpgid", SystemCall.GETPGID, 0, 0, 0, 0, 0);
    }

    /**
     * isatty(3), as glibc does it: ioctl(2) {@code TCGETS}, whose kernel {@code struct termios}
     * (36 bytes) fits the scratch: https://man7.org/linux/man-pages/man3/isatty.3.html
     */
    public static boolean isatty(int fd) {
        Downcalls.Scratch scratch = Downcalls.scratch();
        return Downcalls.invoke(scratch, SystemCall.IOCTL, fd, TCGETS, scratch.memory.address(), 0, 0) == 0;
    }

    /**
     * tcgetpgrp(3), as ioctl(2) {@code TIOCGPGRP}: the terminal's foreground process group:
     * https://man7.org/linux/man-pages/man3/tcgetpgrp.3.html
     */
    public static int tcgetpgrp(int fd) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        syscall("tcgetpgrp", scratch, SystemCall.IOCTL, fd, TIOCGPGRP, scratch.memory.address(), 0, 0);
        return scratch.memory.get(JAVA_INT, 0);
    }

    /** kill(2): https://man7.org/linux/man-pages/man2/kill.2.html */
    public static void kill(int pid, int signal) throws LibcException {
        syscall("kill", SystemCall.KILL, pid, signal, 0, 0, 0);
    }

    /**
     * waitpid(2), as wait4(2) with no resource usage: https://man7.org/linux/man-pages/man2/waitpid.2.html
     *
     * @return the pid reaped and its status, as a {@link WaitStatus} value; {@link WaitStatus#NONE}
     *     with {@link #WNOHANG} when no child has changed state
     */
    public static long waitpid(int pid, int options) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        int reaped = (int) syscall("waitpid", scratch, SystemCall.WAIT4, pid, scratch.memory.address(), options, 0, 0);
        return reaped == 0 ? WaitStatus.NONE : WaitStatus.of(reaped, scratch.memory.get(JAVA_INT, 0));
    }

    /**
     * sigprocmask(2) {@code SIG_BLOCK}, for the calling thread, as rt_sigprocmask(2): unlike
     * glibc's, it does not leave out glibc's own signals 32 and 33, so callers leave them out:
     * https://man7.org/linux/man-pages/man2/sigprocmask.2.html
     *
     * @return the thread's mask before the call
     */
    public static SignalSet blockSignals(SignalSet signals) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        MemorySegment sets = scratch.memory;
        sets.set(JAVA_LONG, 0, signals.bits());
        syscall("sigprocmask", scratch, SystemCall.RT_SIGPROCMASK, SIG_BLOCK, sets.address(),
                sets.address() + KERNEL_SIGSET_SIZE, KERNEL_SIGSET_SIZE, 0);
        return new SignalSet(sets.get(JAVA_LONG, KERNEL_SIGSET_SIZE));
    }

    /**
     * rt_sigaction(2) with no new action: whether {@code signal}'s disposition is {@code SIG_IGN}:
     * https://man7.org/linux/man-pages/man2/sigaction.2.html
     */
    public static boolean isIgnored(int signal) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        MemorySegment action = scratch.memory;
        syscall("sigaction", scratch, SystemCall.RT_SIGACTION, signal, 0, action.address(), KERNEL_SIGSET_SIZE, 0);
        return action.get(JAVA_LONG, KERNEL_SIGACTION_HANDLER_OFFSET) == SIG_IGN;
    }

    /**
     * rt_sigaction(2) {@code SIG_IGN}, for the whole process; the kernel discards the instances of
     * {@code signal} already pending, blocked or not. Through the system call, which unlike glibc's
     * sigaction(3) does not refuse glibc's own 32 and 33, so callers leave them out:
     * https://man7.org/linux/man-pages/man2/sigaction.2.html
     */
    public static void ignore(int signal) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        MemorySegment action = scratch.memory;
        action.asSlice(0, KERNEL_SIGACTION_SIZE).fill((byte) 0);
        action.set(JAVA_LONG, KERNEL_SIGACTION_HANDLER_OFFSET, SIG_IGN);
        syscall("sigaction", scratch, SystemCall.RT_SIGACTION, signal, action.address(), 0, KERNEL_SIGSET_SIZE, 0);
    }

    /**
     * setitimer(2) {@code ITIMER_REAL}, once (no interval): the process gets SIGALRM, raised by
     * the kernel, {@code delay} from now (to the microsecond); {@link Duration#ZERO} disarms it. It
     * replaces the process's earlier timer, and children do not inherit it:
     * https://man7.org/linux/man-pages/man2/setitimer.2.html
     */
    public static void armRealTimer(Duration delay) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        MemorySegment timer = scratch.memory;
        // No interval: it_interval is zero; then it_value's seconds and microseconds.
        timer.set(JAVA_LONG, 0, 0);
        timer.set(JAVA_LONG, 8, 0);
        timer.set(JAVA_LONG, ITIMERVAL_VALUE_OFFSET, delay.toSeconds());
        timer.set(JAVA_LONG, ITIMERVAL_VALUE_OFFSET + 8, delay.toNanosPart() / 1000);
        syscall("setitimer", scratch, SystemCall.SETITIMER, ITIMER_REAL, timer.address(), 0, 0, 0);
    }

    /**
     * timer_create(2) on {@code CLOCK_MONOTONIC}: a timer whose expiry sends {@code signal} to the
     * process, with {@code si_code} {@code SI_TIMER}; real-time signals are queued, never merged
     * with one sent by another process: https://man7.org/linux/man-pages/man2/timer_create.2.html
     *
     * @return the timer's id
     */
    public static int createSignalTimer(int signal) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = arena.allocate(SIGEVENT_SIZE, 8);
            event.set(JAVA_INT, SIGEVENT_SIGNO_OFFSET, signal);
            event.set(JAVA_INT, SIGEVENT_NOTIFY_OFFSET, SIGEV_SIGNAL);
            MemorySegment id = arena.allocate(JAVA_INT);
            syscall("timer_create", SystemCall.TIMER_CREATE, CLOCK_MONOTONIC, event.address(), id.address(), 0, 0);
            return id.get(JAVA_INT, 0);
        }
    }

    /**
     * timer_settime(2): {@code timer} goes off once, {@code delayNanos} from now (at least a
     * microsecond: 0 would disarm it): https://man7.org/linux/man-pages/man2/timer_settime.2.html
     */
    public static void setTimer(int timer, long delayNanos) throws LibcException {
        long delay = Math.max(delayNanos, 1_000);
        Downcalls.Scratch scratch = Downcalls.scratch();
        MemorySegment value = scratch.memory;
        // No interval: it_interval is zero; then it_value's seconds and nanoseconds.
        value.set(JAVA_LONG, 0, 0);
        value.set(JAVA_LONG, 8, 0);
        value.set(JAVA_LONG, ITIMERSPEC_VALUE_OFFSET, delay / 1_000_000_000L);
        value.set(JAVA_LONG, ITIMERSPEC_VALUE_OFFSET + 8, delay % 1_000_000_000L);
        syscall("timer_settime", scratch, SystemCall.TIMER_SETTIME, timer, 0, value.address(), 0, 0);
    }

    /** signalfd(2), as signalfd4: https://man7.org/linux/man-pages/man2/signalfd.2.html */
    static int signalfd(SignalSet mask, int flags) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        scratch.memory.set(JAVA_LONG, 0, mask.bits());
        return (int) syscall("signalfd", scratch, SystemCall.SIGNALFD4, -1, scratch.memory.address(), KERNEL_SIGSET_SIZE,
                flags, 0);
    }

    /** read(2) into native memory: https://man7.org/linux/man-pages/man2/read.2.html */
    static long read(int fd, MemorySegment buffer) throws LibcException {
        return syscall("read", SystemCall.READ, fd, buffer.address(), buffer.byteSize(), 0, 0);
    }

    /**
     * read(2) into {@code into}, through a buffer the calling thread keeps:
     * https://man7.org/linux/man-pages/man2/read.2.html
     *
     * @return how many bytes were read; 0 at the end
     */
    public static int read(int fd, byte[] into, int offset, int length) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        MemorySegment buffer = scratch.readBuffer(length);
        int read = (int) syscall("read", scratch, SystemCall.READ, fd, buffer.address(), length, 0, 0);
        MemorySegment.copy(buffer, JAVA_BYTE, 0, into, offset, read);
        return read;
    }

    /**
     * write(2) from {@code data}, through a buffer the calling thread keeps:
     * https://man7.org/linux/man-pages/man2/write.2.html
     *
     * @return how many bytes were written
     */
    public static int write(int fd, byte[] data, int offset, int length) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        MemorySegment buffer = scratch.readBuffer(length);
        MemorySegment.copy(data, offset, buffer, JAVA_BYTE, 0, length);
        return (int) syscall("write", scratch, SystemCall.WRITE, fd, buffer.address(), length, 0, 0);
    }

    /** close(2); never retried, since Linux frees the descriptor even on EINTR: https://man7.org/linux/man-pages/man2/close.2.html */
    public static void close(int fd) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        if (Downcalls.invoke(scratch, SystemCall.CLOSE, fd, 0, 0, 0, 0) == -1) {
            throw new LibcException("close", scratch.errno());
        }
    }

    /** fcntl(2) {@code F_SETFD}: the descriptor is closed by the next execve: https://man7.org/linux/man-pages/man2/fcntl.2.html */
    public static void setCloseOnExec(int fd) throws LibcException {
        syscall("fcntl", SystemCall.FCNTL, fd, F_SETFD, FD_CLOEXEC, 0, 0);
    }

    /**
     * execve(2), with the arguments and environment byte for byte; returns only by throwing:
     * https://man7.org/linux/man-pages/man2/execve.2.html
     */
    public static void execve(String path, List<byte[]> argv, List<byte[]> environment) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            syscall("execve", SystemCall.EXECVE, NativeStrings.string(arena, path).address(),
                    NativeStrings.array(arena, argv).address(), NativeStrings.array(arena, environment).address(), 0, 0);
        }
    }

    /**
     * prctl(2) {@code PR_SET_PDEATHSIG}: the calling process gets {@code signal} when its parent
     * dies: https://man7.org/linux/man-pages/man2/PR_SET_PDEATHSIG.2const.html
     */
    public static void setParentDeathSignal(int signal) throws LibcException {
        syscall("prctl", SystemCall.PRCTL, PR_SET_PDEATHSIG, signal, 0, 0, 0);
    }

    /**
     * prctl(2) {@code PR_SET_CHILD_SUBREAPER}: orphaned descendants become the calling process's
     * children: https://man7.org/linux/man-pages/man2/PR_SET_CHILD_SUBREAPER.2const.html
     */
    public static void becomeChildSubreaper() throws LibcException {
        syscall("prctl", SystemCall.PRCTL, PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
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
     * @param timeoutMillis how long to wait, 0 or more
     * @return whether it is readable; false when the time ran out first
     */
    static boolean pollIn(int fd, int timeoutMillis) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        MemorySegment pollfd = scratch.memory;
        pollfd.set(JAVA_INT, 0, fd);
        pollfd.set(JAVA_SHORT, 4, POLLIN);
        pollfd.set(JAVA_SHORT, 6, (short) 0);
        // struct timespec: long seconds, long nanoseconds.
        pollfd.set(JAVA_LONG, POLLFD_SIZE, timeoutMillis / 1000);
        pollfd.set(JAVA_LONG, POLLFD_SIZE + 8, (timeoutMillis % 1000) * 1_000_000L);
        long timeout = pollfd.address() + POLLFD_SIZE;
        return syscall("poll", scratch, SystemCall.PPOLL, pollfd.address(), 1, timeout, 0, KERNEL_SIGSET_SIZE) > 0;
    }

    /**
     * pipe2(2) with {@code O_CLOEXEC}: https://man7.org/linux/man-pages/man2/pipe.2.html
     *
     * @return the read end, then the write end
     */
    public static int[] pipe() throws LibcException {
        return pipe(O_CLOEXEC);
    }

    /** pipe2(2) with {@code O_CLOEXEC} and {@code O_NONBLOCK}: neither end ever blocks. */
    public static int[] nonBlockingPipe() throws LibcException {
        return pipe(O_CLOEXEC | O_NONBLOCK);
    }

    /**
     * pipe2(2) with {@code O_CLOEXEC}, whose read end alone is non-blocking (fcntl(2)
     * {@code F_SETFL}): the write end, for a child, blocks as a pipe it was given should.
     */
    public static int[] pipeReadWithoutWaiting() throws LibcException {
        int[] pipe = pipe(O_CLOEXEC);
        try {
            syscall("fcntl", SystemCall.FCNTL, pipe[0], F_SETFL, O_NONBLOCK, 0, 0);
            return pipe;
        } catch (LibcException e) {
            close(pipe[0]);
            close(pipe[1]);
            throw e;
        }
    }

    private static int[] pipe(int flags) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        syscall("pipe2", scratch, SystemCall.PIPE2, scratch.memory.address(), flags, 0, 0, 0);
        return new int[] {scratch.memory.get(JAVA_INT, 0), scratch.memory.get(JAVA_INT, 4)};
    }

    /**
     * setgroups(2), as the system call: the calling thread's supplementary groups. Only for a
     * thread that execs next: glibc's own wrapper would change every thread of the process.
     * https://man7.org/linux/man-pages/man2/setgroups.2.html
     */
    public static void setGroupsOfThisThread(int[] groups) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment list = arena.allocate(JAVA_INT, Math.max(1, groups.length));
            MemorySegment.copy(groups, 0, list, JAVA_INT, 0, groups.length);
            syscall("setgroups", SystemCall.SETGROUPS, groups.length, list.address(), 0, 0, 0);
        }
    }

    /**
     * setresgid(2), all three ids, as the system call (the calling thread only, as {@link
     * #setGroupsOfThisThread}): https://man7.org/linux/man-pages/man2/setresgid.2.html
     */
    public static void setGidOfThisThread(int gid) throws LibcException {
        syscall("setresgid", SystemCall.SETRESGID, gid, gid, gid, 0, 0);
    }

    /**
     * setresuid(2), all three ids, as the system call (the calling thread only, as {@link
     * #setGroupsOfThisThread}): https://man7.org/linux/man-pages/man2/setresuid.2.html
     */
    public static void setUidOfThisThread(int uid) throws LibcException {
        syscall("setresuid", SystemCall.SETRESUID, uid, uid, uid, 0, 0);
    }

    /**
     * getcwd(3), as the system call: the working directory's path, byte for byte (no NUL). Like
     * glibc's, it fails with {@code ENOENT} when the directory has been removed or lies outside the
     * process's root (the kernel then writes a path starting with "(unreachable)"):
     * https://man7.org/linux/man-pages/man3/getcwd.3.html
     */
    public static byte[] getcwd() throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(PATH_MAX);
            long length = syscall("getcwd", SystemCall.GETCWD, buffer.address(), PATH_MAX, 0, 0, 0);
            if (length < 2 || buffer.get(JAVA_BYTE, 0) != '/') {
                throw new LibcException("getcwd", Errno.ENOENT);
            }
            return buffer.asSlice(0, length - 1).toArray(JAVA_BYTE);
        }
    }

    /**
     * memfd_create(2) with no flags: an anonymous file in memory, whose descriptor an exec keeps:
     * https://man7.org/linux/man-pages/man2/memfd_create.2.html
     */
    public static int memfdCreate(String name) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            return (int) syscall("memfd_create", SystemCall.MEMFD_CREATE, NativeStrings.string(arena, name).address(), 0, 0,
                    0, 0);
        }
    }

    /**
     * dup3(2) with no flags: {@code target} becomes a copy of {@code fd} that an exec keeps,
     * closing what {@code target} was: https://man7.org/linux/man-pages/man2/dup3.2.html
     */
    public static void duplicateTo(int fd, int target) throws LibcException {
        syscall("dup3", SystemCall.DUP3, fd, target, 0, 0, 0);
    }

    /**
     * sigqueue(3) of glibc, which sends the signal with {@code si_code} {@code SI_QUEUE}, the
     * caller's pid and {@code value}: https://man7.org/linux/man-pages/man3/sigqueue.3.html
     */
    public static void sigqueue(int pid, int signal, int value) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        if (Downcalls.sigqueue(pid, signal, value) == -1) {
            throw new LibcException("sigqueue", scratch.errno());
        }
    }

    /**
     * exit_group(2): the process ends at once with {@code status}, every thread with it; nothing of
     * the JVM's own exit runs. Returns only by throwing:
     * https://man7.org/linux/man-pages/man2/exit_group.2.html
     */
    public static void exitGroup(int status) throws LibcException {
        syscall("exit_group", SystemCall.EXIT_GROUP, status, 0, 0, 0, 0);
    }

    /** chdir(2): https://man7.org/linux/man-pages/man2/chdir.2.html */
    public static void chdir(String path) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            syscall("chdir", SystemCall.CHDIR, NativeStrings.string(arena, path).address(), 0, 0, 0, 0);
        }
    }
}
