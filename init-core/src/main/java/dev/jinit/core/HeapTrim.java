package dev.jinit.core;

import dev.jinit.core.libc.Malloc;
import java.time.Duration;

/**
 * When jinit gives the C heap's free memory back to the kernel ({@link Malloc#trim}): glibc keeps
 * what the JVM frees, and the JVM frees the scratch of its compilations and of its start (6 MB,
 * measured) only in its chunk pool's cleaning, every 5 s. So a trim is due {@link #SETTLE} after
 * the last command was started, jinit's bursts of work, and once: an idle jinit is never woken for
 * it, as it would be by the JVM's own {@code -XX:TrimNativeHeapInterval} and its thread.
 */
final class HeapTrim {
    /** Past the chunk pool's first cleaning after a start (5 s), with room for the start itself. */
    static final Duration SETTLE = Duration.ofSeconds(7);

    /** When ({@link System#nanoTime()}) the trim is due; -1 for none. */
    private long dueAt = -1;
    private boolean linked;

    /** Work was done at {@code now}: trim once it has settled, and not before. */
    void workDone(long now) {
        if (!linked) {
            // Now, not at the trim: linking takes scratch memory of its own (0.2 MB, measured),
            // which the JVM frees at its next cleaning, and that comes before the trim.
            Malloc.linkTrim();
            linked = true;
        }
        dueAt = now + SETTLE.toNanos();
    }

    /** Milliseconds until the trim is due at {@code now}, 0 if it is; -1 if none is. */
    int millisUntilDue(long now) {
        if (dueAt < 0) {
            return -1;
        }
        // Rounded up: a wait that ends before the trim is due would not trim.
        return (int) Math.ceilDiv(Math.max(0, dueAt - now), 1_000_000L);
    }

    /** Trims if the trim is due at {@code now}. */
    void trimIfDue(long now) {
        if (dueAt < 0 || dueAt - now > 0) {
            return;
        }
        dueAt = -1;
        boolean returned = Malloc.trim();
        Log.at(Log.DEBUG, returned ? "trimmed the C heap: free memory returned to the kernel"
                : "trimmed the C heap: no free memory to return");
    }
}
