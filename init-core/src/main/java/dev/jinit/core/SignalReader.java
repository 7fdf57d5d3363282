package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads the signals sent to jinit from a signalfd(2), in the order the kernel queued them.
 * The signals must be blocked in every thread (see {@link Startup}), or a thread may take them first.
 */
final class SignalReader implements AutoCloseable {
    /** How many {@code signalfd_siginfo} records one read(2) takes at most. */
    private static final int BATCH = 32;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer = arena.allocate(Libc.SIGNALFD_SIGINFO_SIZE * BATCH, 8);
    private final int fd;
    private final int self = ProcSelf.pid();
    private int available;
    private int next;

    SignalReader(SignalSet signals) throws LibcException {
        try {
            fd = Libc.signalfd(-1, signals.toSigset(arena), Libc.SFD_CLOEXEC);
        } catch (LibcException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (forever if negative) for a signal.
     *
     * @return its number, or 0 when the time ran out first
     */
    int next(int timeoutMillis) throws LibcException {
        while (true) {
            if (next == available) {
                if (timeoutMillis >= 0 && !Libc.pollIn(fd, timeoutMillis)) {
                    return 0;
                }
                long bytes = Libc.read(fd, buffer, buffer.byteSize());
                available = (int) (bytes / Libc.SIGNALFD_SIGINFO_SIZE);
                next = 0;
            }
            long record = Libc.SIGNALFD_SIGINFO_SIZE * next++;
            int signal = buffer.get(ValueLayout.JAVA_INT, record + Libc.SSI_SIGNO_OFFSET);
            if (!raisedByOwnWrite(signal, buffer.get(ValueLayout.JAVA_INT, record + Libc.SSI_PID_OFFSET))) {
                return signal;
            }
            Log.at(Log.TRACE, "ignored SIG" + Signals.name(signal) + " raised by one of jinit's own writes");
        }
    }

    /**
     * SIGPIPE and SIGXFSZ that the kernel raised because jinit itself wrote to a closed pipe or
     * past a file size limit (say, its log to a reader that went away): these are jinit's, not
     * the child's. The kernel sends them as if jinit had sent them to itself, which it never does;
     * the same signals from anyone else are forwarded.
     */
    private boolean raisedByOwnWrite(int signal, int sender) {
        return (signal == Signals.SIGPIPE || signal == Signals.SIGXFSZ) && sender == self;
    }

    @Override
    public void close() {
        try {
            Libc.close(fd);
        } catch (LibcException e) {
            Log.warn("closing the signalfd: " + e.getMessage());
        } finally {
            arena.close();
        }
    }
}
