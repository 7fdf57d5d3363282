package dev.jinit.core.libc;

import java.util.Locale;

/**
 * The Linux system calls jinit makes, with their numbers: x86_64 has a table of its own
 * ({@code asm/unistd_64.h}), aarch64 uses the generic one ({@code asm-generic/unistd.h}).
 * The calls added since Linux 5.1 have one number everywhere.
 */
enum SystemCall {
    READ(0, 63),
    WRITE(1, 64),
    CLOSE(3, 57),
    PREAD64(17, 67),
    IOCTL(16, 29),
    RT_SIGACTION(13, 134),
    RT_SIGPROCMASK(14, 135),
    SETITIMER(38, 103),
    TIMER_CREATE(222, 107),
    TIMER_SETTIME(223, 110),
    EXECVE(59, 221),
    WAIT4(61, 260),
    KILL(62, 129),
    FCNTL(72, 25),
    GETCWD(79, 17),
    CHDIR(80, 49),
    SOCKET(41, 198),
    CONNECT(42, 203),
    SENDTO(44, 206),
    BIND(49, 200),
    LISTEN(50, 201),
    GETSOCKOPT(55, 209),
    SETGROUPS(116, 159),
    SETRESUID(117, 147),
    SETRESGID(119, 149),
    GETPGID(121, 155),
    INOTIFY_ADD_WATCH(254, 27),
    PRCTL(157, 167),
    OPENAT(257, 56),
    EXIT_GROUP(231, 94),
    PPOLL(271, 73),
    SIGNALFD4(289, 74),
    ACCEPT4(288, 242),
    DUP3(292, 24),
    PIPE2(293, 59),
    INOTIFY_INIT1(294, 26),
    MEMFD_CREATE(319, 279),
    PIDFD_SEND_SIGNAL(424, 424),
    PIDFD_OPEN(434, 434);

    /** This machine's number for the call. */
    final long number;
    final long x86_64;
    final long generic;

    SystemCall(long x86_64, long generic) {
        this.x86_64 = x86_64;
        this.generic = generic;
        this.number = Architecture.X86_64 ? x86_64 : generic;
    }

    /** The name of the call, as in the kernel's {@code __NR_} constants. */
    String kernelName() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static final class Architecture {
        static final boolean X86_64 = isX86_64(System.getProperty("os.arch"));

        private static boolean isX86_64(String arch) {
            return switch (arch) {
                case "amd64", "x86_64" -> true;
                case "aarch64" -> false;
                default -> throw new IllegalStateException("jinit runs on Linux on x86_64 and aarch64, not on " + arch);
            };
        }
    }
}
