package dev.jinit.core.libc;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The system calls, made for real in the test's JVM (those that do not change it for good). */
class LibcTest {
    private static final int SIGWINCH = 28;
    private static final long SIGWINCH_BIT = 1L << (SIGWINCH - 1);

    @Test
    void pipesReadPollAndClose() throws LibcException, IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            Libc.pipe2(fds);
            int readEnd = fds.getAtIndex(JAVA_INT, 0);
            int writeEnd = fds.getAtIndex(JAVA_INT, 1);
            assertThat(Files.readString(Path.of("/proc/self/fdinfo/" + readEnd))).containsPattern("flags:\\s+0*2[0-7]{6}\\n");
            assertThat(Libc.isatty(readEnd)).isFalse();
            assertThatThrownBy(() -> Libc.tcgetpgrp(readEnd)).isInstanceOf(LibcException.class)
                    .hasMessage("tcgetpgrp: Inappropriate ioctl for device (ENOTTY)");

            assertThat(Libc.pollIn(readEnd, 0)).as("empty pipe").isFalse();
            Libc.close(writeEnd);
            assertThat(Libc.pollIn(readEnd, 1000)).as("pipe at its end").isTrue();
            assertThat(Libc.read(readEnd, arena.allocate(16), 16)).isZero();
            Libc.close(readEnd);
            assertThatThrownBy(() -> Libc.close(readEnd)).isInstanceOf(LibcException.class)
                    .extracting(e -> ((LibcException) e).errno()).isEqualTo(Errno.EBADF);
        }
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
    void blocksSignalsInTheCallingThreadAndOpensASignalfdForThem() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        // A thread of its own, whose mask ends with it.
        Thread thread = new Thread(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment set = arena.allocate(Libc.SIGSET_SIZE, 8);
                set.set(JAVA_LONG, 0, 1L << (SIGWINCH - 1));
                MemorySegment old = arena.allocate(Libc.SIGSET_SIZE, 8);
                Libc.sigprocmask(Libc.SIG_BLOCK, set, old);
                long blockedBefore = old.get(JAVA_LONG, 0);
                long blockedAfter = blockedIn(Files.readString(Path.of("/proc/thread-self/status")));
                int signalfd = Libc.signalfd(-1, set, Libc.SFD_CLOEXEC);
                Libc.close(signalfd);
                outcome.set(new long[] {blockedBefore, blockedAfter, signalfd});
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        thread.start();
        thread.join();
        assertThat(outcome.get()).isInstanceOf(long[].class);
        long[] masks = (long[]) outcome.get();
        assertThat(masks[0] & SIGWINCH_BIT).as("blocked before").isZero();
        assertThat(masks[1]).as("blocked after").isEqualTo(masks[0] | SIGWINCH_BIT);
        assertThat(masks[2]).as("signalfd").isNotNegative();
    }

    private static long blockedIn(String status) {
        Matcher line = Pattern.compile("SigBlk:\\s+([0-9a-f]+)").matcher(status);
        assertThat(line.find()).isTrue();
        return Long.parseUnsignedLong(line.group(1), 16);
    }
}
