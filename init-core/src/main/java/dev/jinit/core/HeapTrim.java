package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import dev.jinit.core.libc.Malloc;
import java.time.Duration;

/**
 * When jinit gives the C heap's free memory back to the kernel ({@link Malloc#trim}): glibc keeps
 * what the JVM frees, and the JVM frees the scratch of its compilations and of its start (6 MB,
 * measured) only in its chunk pool's cleaning, every 5 s. So a trim is due {@link #SETTLE} after
 * the last command was started, jinit's bursts of work, and once: an idle jinit is never woken for
 * it, as it would be by the JVM's own {@code -XX:TrimNativeHeapInterval} and its thread.
 *
 * <p>The wait is jinit's real-time timer, whose SIGALRM the {@link SignalReader} takes: a timeout
 * on the signal loop's wait would cost every signal forwarded meanwhile a poll(2) before its read
 * (2-3 us more a round trip at the median, measured).
 */
final class HeapTrim {
    /** Past the chunk pool's first cleaning after a start (5 s), with room for the start itself. */
    static final Duration SETTLE = Duration.ofSeconds(7);

    /**
     * Work was done now: trim once it has settled, and not before. Best effort: a command that
     * was started must not be lost to a timer that could not be set.
     */
    void workDone() {
        try {
            // Linked now (once), not at the trim: linking takes scratch memory of its own (0.2 MB,
            // measured), which the JVM frees at its next cleaning, and that comes before the trim.
            Malloc.linkTrim();
            Libc.armRealTimer(SETTLE);
        } catch (LibcException | RuntimeException | LinkageError e) {
            Log.warn("cannot set up the trimming of the C heap: " + e);
        }
    }

    /** The timer went off: the work has settled. */
    void trim() {
        boolean returned = Malloc.trim();
        Log.at(Log.DEBUG, returned ? "trimmed the C heap: free memory returned to the kernel"
                : "trimmed the C heap: no free memory to return");
    }
}
