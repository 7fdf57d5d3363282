package dev.jinit.core.libc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The constants and C layouts the bindings write by hand ({@link Headers}), against glibc's and
 * the kernel's headers (libc6-dev, linux-libc-dev): a small C program, compiled with gcc, prints
 * the value of each C expression.
 */
class LayoutTest {
    /** Each C expression, and what the bindings take it to be. */
    private static final Map<String, Long> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("sizeof(posix_spawnattr_t)", Headers.POSIX_SPAWNATTR_SIZE);
        EXPECTED.put("offsetof(posix_spawnattr_t, __flags)", Headers.SPAWNATTR_FLAGS_OFFSET);
        EXPECTED.put("offsetof(posix_spawnattr_t, __pgrp)", Headers.SPAWNATTR_PGROUP_OFFSET);
        EXPECTED.put("offsetof(posix_spawnattr_t, __sd)", Headers.SPAWNATTR_SIGDEFAULT_OFFSET);
        EXPECTED.put("offsetof(posix_spawnattr_t, __ss)", Headers.SPAWNATTR_SIGMASK_OFFSET);
        EXPECTED.put("sizeof(sigset_t)", Headers.SIGSET_SIZE);
        EXPECTED.put("POSIX_SPAWN_SETPGROUP", (long) Headers.POSIX_SPAWN_SETPGROUP);
        EXPECTED.put("POSIX_SPAWN_SETSIGDEF", (long) Headers.POSIX_SPAWN_SETSIGDEF);
        EXPECTED.put("POSIX_SPAWN_SETSIGMASK", (long) Headers.POSIX_SPAWN_SETSIGMASK);
        EXPECTED.put("sizeof(struct signalfd_siginfo)", Headers.SIGINFO_SIZE);
        EXPECTED.put("offsetof(struct signalfd_siginfo, ssi_signo)", Headers.SSI_SIGNO_OFFSET);
        EXPECTED.put("offsetof(struct signalfd_siginfo, ssi_pid)", Headers.SSI_PID_OFFSET);
        EXPECTED.put("offsetof(struct signalfd_siginfo, ssi_code)", Headers.SSI_CODE_OFFSET);
        EXPECTED.put("SI_KERNEL", (long) Headers.SI_KERNEL);
        EXPECTED.put("ITIMER_REAL", (long) Headers.ITIMER_REAL);
        EXPECTED.put("sizeof(struct itimerval)", Headers.ITIMERVAL_SIZE);
        EXPECTED.put("offsetof(struct itimerval, it_value)", Headers.ITIMERVAL_VALUE_OFFSET);
        EXPECTED.put("SFD_CLOEXEC", (long) Headers.SFD_CLOEXEC);
        EXPECTED.put("SIG_BLOCK", (long) Headers.SIG_BLOCK);
        EXPECTED.put("_NSIG - 1", (long) SignalSet.MAX);
        EXPECTED.put("WNOHANG", (long) Libc.WNOHANG);
        EXPECTED.put("PR_SET_PDEATHSIG", (long) Headers.PR_SET_PDEATHSIG);
        EXPECTED.put("PR_SET_CHILD_SUBREAPER", (long) Headers.PR_SET_CHILD_SUBREAPER);
        EXPECTED.put("O_CLOEXEC", (long) Headers.O_CLOEXEC);
        EXPECTED.put("F_SETFD", (long) Headers.F_SETFD);
        EXPECTED.put("FD_CLOEXEC", (long) Headers.FD_CLOEXEC);
        EXPECTED.put("POLLIN", (long) Headers.POLLIN);
        EXPECTED.put("sizeof(struct pollfd)", Headers.POLLFD_SIZE);
        EXPECTED.put("POLLOUT", (long) Headers.POLLOUT);
        EXPECTED.put("O_NONBLOCK", (long) Headers.O_NONBLOCK);
        EXPECTED.put("AF_UNIX", (long) Headers.AF_UNIX);
        EXPECTED.put("SOCK_STREAM", (long) Headers.SOCK_STREAM);
        EXPECTED.put("SOCK_NONBLOCK", (long) Headers.SOCK_NONBLOCK);
        EXPECTED.put("SOCK_CLOEXEC", (long) Headers.SOCK_CLOEXEC);
        EXPECTED.put("SOL_SOCKET", (long) Headers.SOL_SOCKET);
        EXPECTED.put("SO_PEERCRED", (long) Headers.SO_PEERCRED);
        EXPECTED.put("MSG_DONTWAIT", (long) Headers.MSG_DONTWAIT);
        EXPECTED.put("MSG_NOSIGNAL", (long) Headers.MSG_NOSIGNAL);
        EXPECTED.put("sizeof(struct sockaddr_un)", Headers.SOCKADDR_UN_SIZE);
        EXPECTED.put("offsetof(struct sockaddr_un, sun_path)", Headers.SUN_PATH_OFFSET);
        EXPECTED.put("sizeof(struct ucred)", Headers.UCRED_SIZE);
        EXPECTED.put("offsetof(struct ucred, pid)", Headers.UCRED_PID_OFFSET);
        EXPECTED.put("offsetof(struct ucred, uid)", Headers.UCRED_UID_OFFSET);
        EXPECTED.put("offsetof(struct ucred, gid)", Headers.UCRED_GID_OFFSET);
        EXPECTED.put("EAGAIN", (long) Errno.EAGAIN);
        EXPECTED.put("ENOMEM", (long) Errno.ENOMEM);
        EXPECTED.put("ENFILE", (long) Errno.ENFILE);
        EXPECTED.put("EMFILE", (long) Errno.EMFILE);
        EXPECTED.put("ECONNREFUSED", (long) Errno.ECONNREFUSED);
        EXPECTED.put("EADDRINUSE", (long) Errno.EADDRINUSE);
        EXPECTED.put("TCGETS", (long) Headers.TCGETS);
        EXPECTED.put("TIOCGPGRP", (long) Headers.TIOCGPGRP);
    }

    /** What the program printed: each expression above and a few sizes the bindings only need room for. */
    private static final Map<String, Long> ACTUAL = new HashMap<>();

    @BeforeAll
    static void compileAndRun(@TempDir Path directory) throws IOException, InterruptedException {
        StringBuilder program = new StringBuilder("""
                #define _GNU_SOURCE
                #include <asm/termbits.h>
                #include <errno.h>
                #include <fcntl.h>
                #include <poll.h>
                #include <signal.h>
                #include <spawn.h>
                #include <stddef.h>
                #include <stdio.h>
                #include <sys/ioctl.h>
                #include <sys/prctl.h>
                #include <sys/signalfd.h>
                #include <sys/socket.h>
                #include <sys/un.h>
                #include <sys/time.h>
                #include <sys/wait.h>
                #include <time.h>
                #define PRINT(expression) printf("%s=%ld\\n", #expression, (long) (expression))
                int main(void) {
                    PRINT(sizeof(posix_spawn_file_actions_t));
                    PRINT(sizeof(struct timespec));
                    PRINT(sizeof(struct termios));
                """);
        EXPECTED.keySet().forEach(expression -> program.append("    PRINT(").append(expression).append(");\n"));
        program.append("    return 0;\n}\n");
        Path source = Files.writeString(directory.resolve("layout.c"), program);
        Path executable = directory.resolve("layout");
        run("gcc", "-o", executable.toString(), source.toString());
        for (String line : run(executable.toString()).split("\n")) {
            int equals = line.lastIndexOf('=');
            ACTUAL.put(line.substring(0, equals), Long.valueOf(line.substring(equals + 1)));
        }
    }

    @Test
    void eachConstantAndOffsetIsTheHeaders() {
        EXPECTED.forEach((expression, value) -> assertThat(value).as(expression).isEqualTo(ACTUAL.get(expression)));
    }

    @Test
    void whatIsAllocatedByHandIsLargeEnough() {
        assertThat(Headers.POSIX_SPAWN_FILE_ACTIONS_SIZE).isGreaterThanOrEqualTo(ACTUAL.get("sizeof(posix_spawn_file_actions_t)"));
        // The scratch holds a pollfd and a timespec after it (ppoll), two kernel sigsets
        // (rt_sigprocmask), the kernel's termios (TCGETS, asm/termbits.h), or an itimerval.
        assertThat(Downcalls.SCRATCH_SIZE)
                .isGreaterThanOrEqualTo(Headers.ITIMERVAL_SIZE)
                .isGreaterThanOrEqualTo(Headers.POLLFD_SIZE + ACTUAL.get("sizeof(struct timespec)"))
                .isGreaterThanOrEqualTo(2 * Headers.KERNEL_SIGSET_SIZE)
                .isGreaterThanOrEqualTo(ACTUAL.get("sizeof(struct termios)"));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
