package dev.jinit.core;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * jinit's own messages: on stderr only, never mixed into the child's stdout, one line each,
 * prefixed {@code [jinit]} and the level. Quiet by default: errors and warnings only.
 *
 * <p>Once {@link #neverBlock} has been called, lines go through a bounded queue to a thread of
 * their own, started at the first line: the thread that logs also forwards signals and reaps,
 * and must not wait for a stderr that nobody reads (a log collector that stalled). A line that
 * finds the queue full is dropped and counted, and the count is logged once stderr takes lines
 * again.
 */
public final class Log {
    public static final int WARN = 0;
    public static final int INFO = 1;
    public static final int DEBUG = 2;
    public static final int TRACE = 3;
    private static final String[] LEVEL_NAMES = {"WARN", "INFO", "DEBUG", "TRACE"};
    /** Lines waiting for stderr at most: a burst of -vv lines fits, a stalled stderr holds no more. */
    private static final int QUEUED_LINES = 1024;
    private static volatile int verbosity = WARN;
    /** The lines for the writer thread; null while lines are printed by whoever logs them. */
    private static volatile BlockingQueue<String> queue;
    private static Thread writer;
    private static final AtomicLong DROPPED = new AtomicLong();
    /** Lines handed to the writer, and lines it has written: equal when it has caught up. */
    private static final AtomicLong QUEUED = new AtomicLong();
    private static final AtomicLong WRITTEN = new AtomicLong();

    private Log() {}

    /** 0: warnings and errors; 1 (-v): what jinit starts and ends; 2 (-vv): every signal; 3: more. */
    public static void setVerbosity(int level) {
        verbosity = Math.clamp(level, WARN, TRACE);
    }

    public static boolean enabled(int level) {
        return level <= verbosity;
    }

    public static void error(String message) {
        print("ERROR", message);
    }

    public static void warn(String message) {
        print(LEVEL_NAMES[WARN], message);
    }

    public static void at(int level, String message) {
        if (enabled(level)) {
            print(LEVEL_NAMES[level], message);
        }
    }

    /** A failure in a few words: its kind and message, never a stack trace. */
    public static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** From now on, no thread that logs waits for stderr. */
    static void neverBlock() {
        queue = new ArrayBlockingQueue<>(QUEUED_LINES);
    }

    /**
     * Waits up to {@code limit} for the queued lines to be written: before jinit exits, whose last
     * lines (why the command could not start, what was killed) matter most.
     */
    static void flush(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (WRITTEN.get() < QUEUED.get() && System.nanoTime() - deadline < 0 && writerAlive()) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static synchronized boolean writerAlive() {
        return writer != null && writer.isAlive();
    }

    private static void print(String level, String message) {
        String line = "[jinit] " + level + " " + message;
        BlockingQueue<String> lines = queue;
        if (lines == null || !startWriter(lines)) {
            System.err.println(line);
        } else if (lines.offer(line)) {
            QUEUED.incrementAndGet();
        } else {
            DROPPED.incrementAndGet();
        }
    }

    /** @return whether the writer runs; when no thread can be started, lines are printed as before */
    private static synchronized boolean startWriter(BlockingQueue<String> lines) {
        if (writer == null) {
            try {
                writer = Thread.ofPlatform().daemon().name("jinit-log").start(() -> write(lines));
            } catch (OutOfMemoryError noThread) {
                return false;
            }
        }
        return true;
    }

    private static void write(BlockingQueue<String> lines) {
        PrintStream err = System.err;
        while (true) {
            String line;
            try {
                line = lines.take();
            } catch (InterruptedException e) {
                return;
            }
            long dropped = DROPPED.getAndSet(0);
            if (dropped > 0) {
                err.println("[jinit] WARN " + dropped + " log lines dropped: stderr was full");
            }
            err.println(line);
            WRITTEN.incrementAndGet();
        }
    }
}
