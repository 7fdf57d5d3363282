package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;

/**
 * The supervision loop's own timer: at its deadline it sends jinit {@link #SIGNAL}, which the
 * {@link SignalReader} reads from the signalfd as a wake-up, so the loop waits in a single blocking
 * read(2) whether or not a deadline is due. A real-time signal, queued: never merged with one that
 * someone else sends (a SIGALRM would be), and told apart from those by its {@code SI_TIMER}.
 */
final class LoopTimer {
    /** The carrier of sent fault signals, which jinit otherwise only sends itself with sigqueue(3). */
    static final int SIGNAL = SentFaults.CARRIER;

    /** The POSIX timer, made at the first deadline; -1 before. */
    private int timer = -1;

    /** Goes off once at {@code wakeAt} ({@link System#nanoTime()}), in place of any earlier setting. */
    void set(long wakeAt) throws LibcException {
        if (timer < 0) {
            timer = Libc.createSignalTimer(SIGNAL);
        }
        Libc.setTimer(timer, wakeAt - System.nanoTime());
    }
}
