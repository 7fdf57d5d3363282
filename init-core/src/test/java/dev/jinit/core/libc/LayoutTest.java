package dev.jinit.core.libc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
        EXPECTED.put("offsetof(struct signalfd_siginfo, ssi_int)", Headers.SSI_INT_OFFSET);
        EXPECTED.put("SI_KERNEL", (long) Headers.SI_KERNEL);
        EXPECTED.put("SI_QUEUE", (long) Headers.SI_QUEUE);
        EXPECTED.put("offsetof(siginfo_t, si_signo)", Headers.SI_SIGNO_OFFSET);
        EXPECTED.put("offsetof(siginfo_t, si_code)", Headers.SI_CODE_OFFSET);
        EXPECTED.put("sizeof(struct sigaction)", Headers.SIGACTION_SIZE);
        EXPECTED.put("offsetof(struct sigaction, sa_mask)", Headers.SIGACTION_MASK_OFFSET);
        EXPECTED.put("offsetof(struct sigaction, sa_flags)", Headers.SIGACTION_FLAGS_OFFSET);
        EXPECTED.put("SA_SIGINFO", (long) Headers.SA_SIGINFO);
        EXPECTED.put("IN_CLOEXEC", (long) Headers.IN_CLOEXEC);
        EXPECTED.put("IN_MODIFY", (long) Headers.IN_MODIFY);
        EXPECTED.put("sizeof(struct inotify_event)", Headers.INOTIFY_EVENT_SIZE);
        EXPECTED.put("offsetof(struct inotify_event, len)", Headers.INOTIFY_EVENT_LEN_OFFSET);
        EXPECTED.put("ITIMER_REAL", (long) Headers.ITIMER_REAL);
        EXPECTED.put("sizeof(struct itimerval)", Headers.ITIMERVAL_SIZE);
        EXPECTED.put("offsetof(struct itimerval, it_value)", Headers.ITIMERVAL_VALUE_OFFSET);
        EXPECTED.put("CLOCK_MONOTONIC", (long) Headers.CLOCK_MONOTONIC);
        EXPECTED.put("SIGEV_SIGNAL", (long) Headers.SIGEV_SIGNAL);
        EXPECTED.put("sizeof(struct sigevent)", Headers.SIGEVENT_SIZE);
        EXPECTED.put("offsetof(struct sigevent, sigev_signo)", Headers.SIGEVENT_SIGNO_OFFSET);
        EXPECTED.put("offsetof(struct sigevent, sigev_notify)", Headers.SIGEVENT_NOTIFY_OFFSET);
        EXPECTED.put("sizeof(struct itimerspec)", Headers.ITIMERSPEC_SIZE);
        EXPECTED.put("offsetof(struct itimerspec, it_value)", Headers.ITIMERSPEC_VALUE_OFFSET);
        EXPECTED.put("SI_TIMER", (long) Headers.SI_TIMER);
        EXPECTED.put("SFD_CLOEXEC", (long) Headers.SFD_CLOEXEC);
        EXPECTED.put("SIG_BLOCK", (long) Headers.SIG_BLOCK);
        EXPECTED.put("_NSIG - 1", (long) SignalSet.MAX);
        EXPECTED.put("WNOHANG", (long) Libc.WNOHANG);
        EXPECTED.put("PR_SET_PDEATHSIG", (long) Headers.PR_SET_PDEATHSIG);
        EXPECTED.put("PR_SET_CHILD_SUBREAPER", (long) Headers.PR_SET_CHILD_SUBREAPER);
        EXPECTED.put("PATH_MAX", (long) Headers.PATH_MAX);
        EXPECTED.put("O_CLOEXEC", (long) Headers.O_CLOEXEC);
        EXPECTED.put("AT_FDCWD", (long) Headers.AT_FDCWD);
        EXPECTED.put("F_SETFD", (long) Headers.F_SETFD);
        EXPECTED.put("F_SETFL", (long) Headers.F_SETFL);
        EXPECTED.put("FD_CLOEXEC", (long) Headers.FD_CLOEXEC);
        EXPECTED.put("POLLIN", (long) Headers.POLLIN);
        EXPECTED.put("sizeof(struct pollfd)", Headers.POLLFD_SIZE);
        EXPECTED.put("POLLOUT", (long) Headers.POLLOUT);
        EXPECTED.put("O_NONBLOCK", (long) Headers.O_NONBLOCK);
        EXPECTED.put("O_WRONLY", (long) Headers.O_WRONLY);
        EXPECTED.put("AF_UNIX", (long) Headers.AF_UNIX);
        EXPECTED.put("SOCK_STREAM", (long) Headers.SOCK_STREAM);
        EXPECTED.put("SOCK_DGRAM", (long) Headers.SOCK_DGRAM);
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
        EXPECTED.put("SIG_IGN", Headers.SIG_IGN);
    }

    /** The kernel's struct sigaction, which rt_sigaction(2) takes: its header cannot be included beside glibc's. */
    private static final Map<String, Long> EXPECTED_KERNEL = new LinkedHashMap<>();

    static {
        EXPECTED_KERNEL.put("sizeof(struct sigaction)", Headers.KERNEL_SIGACTION_SIZE);
        EXPECTED_KERNEL.put("offsetof(struct sigaction, sa_handler)", Headers.KERNEL_SIGACTION_HANDLER_OFFSET);
    }

    /** What the programs printed: each expression above and a few sizes the bindings only need room for. */
    private static final Map<String, Long> ACTUAL = new HashMap<>();
    /** What the kernel's program printed: its names are glibc's too ({@code struct sigaction}), for another layout. */
    private static final Map<String, Long> ACTUAL_KERNEL = new HashMap<>();

    @BeforeAll
    static void compileAndRun(@TempDir Path directory) throws IOException, InterruptedException {
        ACTUAL.putAll(printed(directory, "layout", """
                #define _GNU_SOURCE
                #include <asm/termbits.h>
                #include <errno.h>
                #include <fcntl.h>
                #include <limits.h>
                #include <poll.h>
                #include <signal.h>
                #include <spawn.h>
                #include <stddef.h>
                #include <stdio.h>
                #include <sys/inotify.h>
                #include <sys/ioctl.h>
                #include <sys/prctl.h>
                #include <sys/signalfd.h>
                #include <sys/socket.h>
                #include <sys/un.h>
                #include <sys/time.h>
                #include <time.h>
                #include <sys/wait.h>
                #include <time.h>
                """, List.of("sizeof(posix_spawn_file_actions_t)", "sizeof(struct timespec)", "sizeof(struct termios)"),
                EXPECTED.keySet()));
        ACTUAL_KERNEL.putAll(printed(directory, "kernel-layout", """
                #include <asm/signal.h>
                #include <stddef.h>
                #include <stdio.h>
                """, List.of(), EXPECTED_KERNEL.keySet()));
    }

    /** What a C program with {@code includes} prints for each expression: compiled with gcc, and run. */
    private static Map<String, Long> printed(Path directory, String name, String includes, Collection<String> roomFor,
            Collection<String> expressions) throws IOException, InterruptedException {
        StringBuilder program = new StringBuilder(includes).append("""
                #define PRINT(expression) printf("%s=%ld\\n", #expression, (long) (expression))
                int main(void) {
                """);
        Stream.concat(roomFor.stream(), expressions.stream())
                .forEach(expression -> program.append("    PRINT(").append(expression).append(");\n"));
        program.append("    return 0;\n}\n");
        Path source = Files.writeString(directory.resolve(name + ".c"), program);
        Path executable = directory.resolve(name);
        run("gcc", "-o", executable.toString(), source.toString());
        Map<String, Long> printed = new HashMap<>();
        for (String line : run(executable.toString()).split("\n")) {
            int equals = line.lastIndexOf('=');
            printed.put(line.substring(0, equals), Long.valueOf(line.substring(equals + 1)));
        }
        return printed;
    }

    @Test
    void eachConstantAndOffsetIsTheHeaders() {
        EXPECTED.forEach((expression, value) -> assertThat(value).as(expression).isEqualTo(ACTUAL.get(expression)));
        EXPECTED_KERNEL.forEach((expression, value) ->
                assertThat(value).as("kernel's " + expression).isEqualTo(ACTUAL_KERNEL.get(expression)));
    }

    @Test
    void whatIsAllocatedByHandIsLargeEnough() {
        assertThat(Headers.POSIX_SPAWN_FILE_ACTIONS_SIZE).isGreaterThanOrEqualTo(ACTUAL.get("sizeof(posix_spawn_file_actions_t)"));
        // The scratch holds a pollfd and a timespec after it (ppoll), two kernel sigsets
        // (rt_sigprocmask), the kernel's termios (TCGETS, asm/termbits.h), an itimerval, or the
        // kernel's struct sigaction.
        assertThat(Downcalls.SCRATCH_SIZE)
                .isGreaterThanOrEqualTo(Headers.KERNEL_SIGACTION_SIZE)
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
