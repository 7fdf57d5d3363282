package dev.jinit.core;

import dev.jinit.core.libc.LibcException;
import dev.jinit.core.libc.SignalFd;
import dev.jinit.core.libc.SignalSet;

/**
 * Reads the signals sent to jinit from a signalfd(2), in the order the kernel queued them.
 * The signals must be blocked in every thread (see {@link Startup}), or a thread may take them first.
 */
final class SignalReader implements AutoCloseable {
    /** How many {@code signalfd_siginfo} records one read(2) takes at most. */
    private static final int BATCH = 32;

    private final SignalFd signalFd;
    private final Runnable onOwnTimer;
    private final int self = ProcSelf.pid();
    private int available;
    private int next;

    /** @param onOwnTimer run when jinit's own timer goes off (see {@link HeapTrim}) */
    SignalReader(SignalSet signals, Runnable onOwnTimer) throws LibcException {
        signalFd = SignalFd.open(signals, BATCH);
        this.onOwnTimer = onOwnTimer;
    }

    /**
     * Waits up to {@code timeoutMillis} (forever if negative) for a signal.
     *
     * @return its number, or 0 when the time ran out first or one of jinit's own timers went off (the
     *     loop's, or the heap trim's, handled)
     */
    int next(int timeoutMillis) throws LibcException {
        while (true) {
            if (next == available) {
                available = signalFd.read(timeoutMillis);
                next = 0;
                if (available == 0) {
                    return 0;
                }
            }
            int record = next++;
            int signal = signalFd.signal(record);
            if (signal == Signals.SIGALRM && signalFd.raisedByKernel(record)) {
                // jinit's real-time timer: anyone else's SIGALRM comes from kill(2) or sigqueue(3).
                onOwnTimer.run();
                return 0;
            }
            if (signal == LoopTimer.SIGNAL && signalFd.sentByTimer(record)) {
                return 0;
            }
            int sender = signalFd.sender(record);
            if (signal == SentFaults.CARRIER && sender == self) {
                Integer sent = signalFd.queuedValue(record);
                if (sent != null) {
                    // A fault signal sent to jinit, which SentFaults kept from ending it.
                    return sent;
                }
            }
            if (!raisedByOwnWrite(signal, sender)) {
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
            signalFd.close();
        } catch (LibcException e) {
            Log.warn("closing the signalfd: " + e.getMessage());
        }
    }
}
