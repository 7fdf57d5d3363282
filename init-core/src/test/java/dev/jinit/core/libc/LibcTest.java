package dev.jinit.core.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The system calls, made for real in the test's JVM (those that do not change it for good). */
class LibcTest {
    private static final int SIGWINCH = 28;
    private static final int SIGUSR1 = 10;
    private static final int SIGURG = 23;

    @Test
    void aThreadThatEndsLeavesItsMemoryToTheNext() throws InterruptedException {
        AtomicReference<Downcalls.Scratch> first = new AtomicReference<>();
        AtomicReference<Downcalls.Scratch> second = new AtomicReference<>();
        Thread.ofPlatform().start(() -> {
            first.set(Downcalls.scratch());
            Libc.releaseThreadMemory();
        }).join();
        Thread.ofPlatform().start(() -> second.set(Downcalls.scratch())).join();
        assertThat(second.get()).isSameAs(first.get());
        assertThat(Downcalls.scratch()).as("a thread's own, while it runs").isNotSameAs(first.get());
    }

    @Test
    void pipesReadPollAndClose() throws LibcException, IOException {
        int[] ends = Libc.pipe();
        int readEnd = ends[0];
        int writeEnd = ends[1];
        assertThat(Files.readString(Path.of("/proc/self/fdinfo/" + readEnd))).containsPattern("flags:\\s+0*2[0-7]{6}\\n");
        assertThat(Libc.isatty(readEnd)).isFalse();
        assertThatThrownBy(() -> Libc.tcgetpgrp(readEnd)).isInstanceOf(LibcException.class)
                .hasMessage("tcgetpgrp: Inappropriate ioctl for device (ENOTTY)");

        assertThat(Libc.pollIn(readEnd, 0)).as("empty pipe").isFalse();
        Files.write(Path.of("/proc/self/fd/" + writeEnd), new byte[] {'a', 'b', 'c'});
        byte[] into = {'x', 'x', 'x', 'x'};
        assertThat(Libc.read(readEnd, into, 1, 3)).isEqualTo(3);
        assertThat(into).containsExactly('x', 'a', 'b', 'c');
        Libc.close(writeEnd);
        assertThat(Libc.pollIn(readEnd, 1000)).as("pipe at its end").isTrue();
        assertThat(Libc.read(readEnd, into, 0, 4)).isZero();
        Libc.close(readEnd);
        assertThatThrownBy(() -> Libc.close(readEnd)).isInstanceOf(LibcException.class)
                .extracting(e -> ((LibcException) e).errno()).isEqualTo(Errno.EBADF);
    }

    /** On SIGURG, which is ignored by default: ignoring it changes nothing but what children inherit. */
    @Test
    void ignoresASignalAndTellsWhetherItIsIgnored() throws LibcException, IOException {
        assertThat(Libc.isIgnored(SIGURG)).as("before").isFalse();
        Libc.ignore(SIGURG);
        assertThat(Libc.isIgnored(SIGURG)).as("after").isTrue();
        Matcher line = Pattern.compile("SigIgn:\\s+([0-9a-f]+)").matcher(Files.readString(Path.of("/proc/self/status")));
        assertThat(line.find()).isTrue();
        assertThat(SignalSet.fromHex(line.group(1)).contains(SIGURG)).as("SigIgn").isTrue();
    }

    @Test
    void getcwdIsTheWorkingDirectorysPath() throws LibcException {
        assertThat(new String(Libc.getcwd(), StandardCharsets.UTF_8)).isEqualTo(System.getProperty("user.dir"));
    }

    @Test
    void signalsOwnProcess() throws LibcException, IOException {
        int pid = Math.toIntExact(ProcessHandle.current().pid());
        Libc.kill(pid, 0);
        assertThatThrownBy(() -> Libc.kill(Integer.MAX_VALUE, 0)).isInstanceOf(LibcException.class)
                .hasMessage("kill: No such process (ESRCH)");
        String stat = Files.readString(Path.of("/proc/self/stat"));
        int processGroup = Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
        assertThat(Libc.getpgrp()).isEqualTo(processGroup);

        int pidfd = Libc.pidfdOpen(pid);
        Libc.pidfdSendSignal(pidfd, 0);
        Libc.close(pidfd);
    }

    @Test
    void waitpidReportsNothingWithoutChildrenThatEnded() {
        assertThatThrownBy(() -> Libc.waitpid(Integer.MAX_VALUE, Libc.WNOHANG)).isInstanceOf(LibcException.class)
                .extracting(e -> ((LibcException) e).errno()).isEqualTo(Errno.ECHILD);
    }

    @Test
    void blocksSignalsInTheCallingThreadAndReadsThemFromASignalfd() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        // A thread of its own, whose mask ends with it. (Reading signals is what the end-to-end tests do.)
        Thread thread = new Thread(() -> {
            try {
                SignalSet both = SignalSet.of(SIGWINCH, SIGUSR1);
                SignalSet before = Libc.blockSignals(both);
                SignalSet after = SignalSet.fromHex(blockedIn(Files.readString(Path.of("/proc/thread-self/status"))));
                try (SignalFd signalFd = SignalFd.open(both, 4)) {
                    outcome.set(new Object[] {before, after, signalFd.read(0)});
                }
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        thread.start();
        thread.join();
        assertThat(outcome.get()).isInstanceOf(Object[].class);
        Object[] results = (Object[]) outcome.get();
        SignalSet before = (SignalSet) results[0];
        assertThat(before.contains(SIGWINCH)).as("blocked before").isFalse();
        assertThat(results[1]).as("blocked after").isEqualTo(before.with(SIGWINCH, SIGUSR1));
        assertThat(results[2]).as("records read with none pending").isEqualTo(0);
    }

    private static String blockedIn(String status) {
        Matcher line = Pattern.compile("SigBlk:\\s+([0-9a-f]+)").matcher(status);
        assertThat(line.find()).isTrue();
        return line.group(1);
    }
}
