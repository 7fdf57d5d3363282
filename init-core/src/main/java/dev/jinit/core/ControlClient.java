package dev.jinit.core;

import dev.jinit.core.libc.Errno;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import dev.jinit.core.libc.PollSet;
import dev.jinit.core.libc.UnixSockets;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;

/**
 * {@code jinit --control ...}: sends one request to the jinit of this container (found by the
 * mount namespace, see {@link ControlPeers}) and prints its answer.
 */
public final class ControlClient {
    /** Longer than the channel's own limits, so that its answer, not this, says what went wrong. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Room for a long status; more is cut off. */
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private ControlClient() {}

    /**
     * Sends {@code request}, prints the answer on {@code out} or {@code err}; returns the exit
     * status: the answer's, or 1 with one line logged when no answer came.
     */
    public static int run(ControlRequest request, PrintStream out, PrintStream err) {
        String name;
        try {
            name = ControlPeers.socketName(ControlPeers.mountNamespace("self"));
        } catch (IOException e) {
            return failed("cannot read /proc/self/ns/mnt: " + e.getMessage());
        }
        ControlAnswer answer;
        try {
            answer = exchange(name, request);
        } catch (LibcException e) {
            return failed(e.errno() == Errno.ECONNREFUSED
                    ? "no jinit runs in this container (nothing listens on @" + name + ")"
                    : "cannot reach jinit at @" + name + ": " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return failed("jinit's answer at @" + name + ": " + e.getMessage());
        }
        (answer.onStderr() ? err : out).print(answer.text());
        (answer.onStderr() ? err : out).flush();
        return answer.status();
    }

    private static ControlAnswer exchange(String name, ControlRequest request) throws LibcException {
        int fd = UnixSockets.connect(name);
        try {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            PollSet poll = new PollSet(1);
            byte[] bytes = request.encode();
            int sent = 0;
            while (sent < bytes.length) {
                await(poll, fd, true, deadline);
                sent += UnixSockets.send(fd, bytes, sent, bytes.length - sent);
            }
            byte[] answer = new byte[4096];
            int received = 0;
            while (true) {
                await(poll, fd, false, deadline);
                if (received == answer.length) {
                    if (answer.length == MAX_ANSWER_BYTES) {
                        break;
                    }
                    answer = Arrays.copyOf(answer, Math.min(answer.length * 2, MAX_ANSWER_BYTES));
                }
                int read = UnixSockets.receive(fd, answer, received, answer.length - received);
                if (read == 0) {
                    break;
                }
                received += Math.max(read, 0);
            }
            return ControlAnswer.decode(answer, received);
        } finally {
            Libc.close(fd);
        }
    }

    private static void await(PollSet poll, int fd, boolean writable, long deadline) throws LibcException {
        poll.set(0, fd, writable);
        int timeout = (int) Math.max(0, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
        if (poll.poll(1, timeout) == 0) {
            throw new IllegalStateException("none within " + TIMEOUT.toSeconds() + " s");
        }
    }

    private static int failed(String message) {
        Log.error(message);
        return ExitCodes.FAILURE;
    }
}
