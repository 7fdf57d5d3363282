package dev.jinit.core.libc;

/**
 * The constants and C layouts of glibc's and the kernel's headers that the bindings write by
 * hand, for x86_64 and aarch64 (they agree on all of these), in one place: {@code LayoutTest}
 * checks each against the headers themselves.
 */
final class Headers {
    // <signal.h>
    static final int SIG_BLOCK = 0;
    static final long SIG_IGN = 1;
    /** The kernel's {@code struct sigaction} (asm/signal.h): handler, flags, restorer, then a 64-bit mask. */
    static final long KERNEL_SIGACTION_SIZE = 32;
    static final long KERNEL_SIGACTION_HANDLER_OFFSET = 0;
    /** The signal set size the kernel's calls take: 64 signals. */
    static final long KERNEL_SIGSET_SIZE = 8;
    /** glibc's {@code sigset_t}: 1024 bits, of which the kernel reads the first 64. */
    static final long SIGSET_SIZE = 128;
    // <sys/prctl.h>
    static final int PR_SET_PDEATHSIG = 1;
    static final int PR_SET_CHILD_SUBREAPER = 36;
    // <limits.h>: the longest path, its terminating NUL included.
    static final int PATH_MAX = 4096;
    // <fcntl.h>
    static final int O_CLOEXEC = 0x80000;
    static final int AT_FDCWD = -100;
    static final int O_NONBLOCK = 0x800;
    static final int O_WRONLY = 1;
    static final int F_SETFD = 2;
    static final int F_SETFL = 4;
    static final int FD_CLOEXEC = 1;
    // <poll.h>: struct pollfd is int fd, short events, short revents; a struct timespec follows it in the scratch.
    static final short POLLIN = 1;
    static final short POLLOUT = 4;
    static final long POLLFD_SIZE = 8;
    // <sys/socket.h>, <sys/un.h>: struct sockaddr_un is a short family, then the path; struct ucred three ints.
    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_PEERCRED = 17;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_NOSIGNAL = 0x4000;
    static final long SOCKADDR_UN_SIZE = 110;
    static final long SUN_PATH_OFFSET = 2;
    static final long UCRED_SIZE = 12;
    static final long UCRED_PID_OFFSET = 0;
    static final long UCRED_UID_OFFSET = 4;
    static final long UCRED_GID_OFFSET = 8;
    // <asm-generic/ioctls.h>
    static final int TCGETS = 0x5401;
    static final int TIOCGPGRP = 0x540F;
    // <sys/signalfd.h>
    static final int SFD_CLOEXEC = 0x80000;
    /** {@code struct signalfd_siginfo}. */
    static final long SIGINFO_SIZE = 128;
    static final long SSI_SIGNO_OFFSET = 0;
    static final long SSI_CODE_OFFSET = 8;
    static final long SSI_PID_OFFSET = 12;
    /** {@code ssi_int}: the value that sigqueue(3) sent. */
    static final long SSI_INT_OFFSET = 44;
    // <signal.h>: siginfo_t starts with int si_signo, int si_errno, int si_code
    static final long SI_SIGNO_OFFSET = 0;
    static final long SI_CODE_OFFSET = 8;
    /** si_code of a signal sent with sigqueue(3). */
    static final int SI_QUEUE = -1;
    /** glibc's {@code struct sigaction}: the handler, sa_mask (a glibc sigset_t), int sa_flags, sa_restorer. */
    static final long SIGACTION_SIZE = 152;
    static final long SIGACTION_MASK_OFFSET = 8;
    static final long SIGACTION_FLAGS_OFFSET = 136;
    static final int SA_SIGINFO = 4;
    // <sys/inotify.h>: struct inotify_event is int wd, uint32 mask, cookie and len, then len bytes of name.
    static final int IN_CLOEXEC = 0x80000;
    static final int IN_MODIFY = 2;
    static final long INOTIFY_EVENT_SIZE = 16;
    static final long INOTIFY_EVENT_LEN_OFFSET = 12;
    // <signal.h>: si_code of a signal the kernel raised itself
    static final int SI_KERNEL = 0x80;
    // <sys/time.h>: struct itimerval is two struct timevals (long seconds, long microseconds).
    static final int ITIMER_REAL = 0;
    static final long ITIMERVAL_SIZE = 32;
    /** it_interval comes first, then it_value. */
    static final long ITIMERVAL_VALUE_OFFSET = 16;
    // <time.h>, <signal.h>: POSIX timers. struct sigevent is the value (a union of 8 bytes), int
    // sigev_signo, int sigev_notify, then room up to 64 bytes; struct itimerspec two struct timespecs.
    static final int CLOCK_MONOTONIC = 1;
    static final int SIGEV_SIGNAL = 0;
    static final long SIGEVENT_SIZE = 64;
    static final long SIGEVENT_SIGNO_OFFSET = 8;
    static final long SIGEVENT_NOTIFY_OFFSET = 12;
    static final long ITIMERSPEC_SIZE = 32;
    static final long ITIMERSPEC_VALUE_OFFSET = 16;
    /** si_code of a signal a POSIX timer sent. */
    static final int SI_TIMER = -2;
    // <spawn.h>
    static final short POSIX_SPAWN_SETPGROUP = 0x02;
    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /**
     * glibc's {@code posix_spawnattr_t}: short flags, pid_t process group, sigset_t signals to
     * default, sigset_t mask, then scheduling fields and padding.
     */
    static final long POSIX_SPAWNATTR_SIZE = 336;
    static final long SPAWNATTR_FLAGS_OFFSET = 0;
    static final long SPAWNATTR_PGROUP_OFFSET = 4;
    static final long SPAWNATTR_SIGDEFAULT_OFFSET = 8;
    static final long SPAWNATTR_SIGMASK_OFFSET = SPAWNATTR_SIGDEFAULT_OFFSET + SIGSET_SIZE;
    /** {@code posix_spawn_file_actions_t} is 80 bytes in glibc; rounded up. */
    static final long POSIX_SPAWN_FILE_ACTIONS_SIZE = 128;

    private Headers() {}
}
