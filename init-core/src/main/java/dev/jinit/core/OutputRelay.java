package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --prefix-output}: each command writes into pipes, and one thread per pipe copies what it
 * reads to jinit's own stdout or stderr, a whole line at a time with {@code [NAME] } in front, so
 * lines from different commands never mix.
 *
 * <p>A command keeps its two pipes and their readers for jinit's whole life, restart after restart:
 * jinit holds the write ends, so a reader never waits on a pipe that a background process of an
 * earlier run still holds, and what the relay takes is bounded by the number of commands, not of
 * restarts. The write ends close when jinit drains the relay before it exits.
 */
final class OutputRelay {
    /** A line longer than this goes out in pieces, each prefixed. */
    private static final int MAX_LINE = 64 * 1024;
    /** How many of a command's last lines jinit keeps for its termination message, and how much of each. */
    private static final int RECENT_LINES = 32;
    private static final int RECENT_LINE_LENGTH = 512;
    /** How long jinit waits, when exiting, for the last lines to be copied. */
    private static final Duration DRAIN = Duration.ofSeconds(2);
    private static final OutputStream[] STREAMS = {
        null, new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err),
    };

    /** One command's stdout or stderr: the pipe's write end, which its runs get, and the thread copying from it. */
    private record Relayed(int writeEnd, Thread reader) {}

    private final Object writeLock = new Object();
    /** By command name, then stream (1 or 2). */
    private final Map<String, Relayed[]> relayed = new HashMap<>();
    /** By command name: its last lines, stdout and stderr together, oldest first; guarded by {@link #writeLock}. */
    private final Map<String, ArrayDeque<String>> recentLines = new HashMap<>();

    /**
     * The descriptors that become the stdout and stderr of the command called {@code name}:
     * its pipes' write ends, opened with their readers at its first start (or the first that
     * could open them).
     *
     * @throws LibcException when a pipe cannot be opened (no descriptor left)
     * @throws OutOfMemoryError when no thread can be started to read it
     */
    int[] outputOf(String name) throws LibcException {
        Relayed[] streams = relayed.computeIfAbsent(name, unused -> new Relayed[3]);
        for (int stream = 1; stream <= 2; stream++) {
            if (streams[stream] == null) {
                streams[stream] = open(name, stream);
            }
        }
        return new int[] {streams[1].writeEnd(), streams[2].writeEnd()};
    }

    private Relayed open(String name, int stream) throws LibcException {
        int[] ends = Libc.pipe();
        byte[] prefix = ("[" + name + "] ").getBytes(StandardCharsets.UTF_8);
        ArrayDeque<String> recent;
        synchronized (writeLock) {
            recent = recentLines.computeIfAbsent(name, unused -> new ArrayDeque<>());
        }
        try {
            Thread reader = Thread.ofPlatform().daemon().name("output " + name + " " + stream)
                    .start(() -> copyLines(ends[0], prefix, STREAMS[stream], recent));
            return new Relayed(ends[1], reader);
        } catch (RuntimeException | Error noThread) {
            closeQuietly(ends[0]);
            closeQuietly(ends[1]);
            throw noThread;
        }
    }

    /** The last lines the command called {@code name} wrote, oldest first (at most {@value #RECENT_LINES}). */
    List<String> lastLines(String name) {
        synchronized (writeLock) {
            return List.copyOf(recentLines.getOrDefault(name, new ArrayDeque<>()));
        }
    }

    /**
     * Closes jinit's write ends and waits a little for the readers to reach the end of their
     * pipes, which comes once no process holds them any more.
     */
    void drain() {
        for (Relayed[] streams : relayed.values()) {
            for (int stream = 1; stream <= 2; stream++) {
                if (streams[stream] != null) {
                    closeQuietly(streams[stream].writeEnd());
                }
            }
        }
        long deadline = System.nanoTime() + DRAIN.toNanos();
        for (Relayed[] streams : relayed.values()) {
            for (int stream = 1; stream <= 2; stream++) {
                if (streams[stream] != null && !join(streams[stream].reader(), deadline)) {
                    return;
                }
            }
        }
    }

    /** @return false when interrupted */
    private static boolean join(Thread reader, long deadline) {
        try {
            reader.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeQuietly(int fd) {
        try {
            Libc.close(fd);
        } catch (LibcException e) {
            Log.at(Log.DEBUG, "closing an output pipe: " + e.getMessage());
        }
    }

    private void copyLines(int fd, byte[] prefix, OutputStream out, ArrayDeque<String> recent) {
        try {
            byte[] line = new byte[MAX_LINE];
            int length = 0;
            while (true) {
                int read = Libc.read(fd, line, length, MAX_LINE - length);
                if (read == 0) {
                    break;
                }
                int start = 0;
                for (int i = length; i < length + read; i++) {
                    if (line[i] == '\n') {
                        emit(out, prefix, line, start, i + 1 - start, recent);
                        start = i + 1;
                    }
                }
                length += read;
                if (start > 0) {
                    System.arraycopy(line, start, line, 0, length - start);
                    length -= start;
                } else if (length == MAX_LINE) {
                    emit(out, prefix, line, 0, length, recent);
                    length = 0;
                }
            }
            if (length > 0) {
                emit(out, prefix, line, 0, length, recent);
            }
        } catch (LibcException e) {
            Log.warn("copying the output of " + new String(prefix, StandardCharsets.UTF_8).strip() + ": " + e.getMessage());
        } finally {
            closeQuietly(fd);
            Libc.releaseThreadMemory();
        }
    }

    private void emit(OutputStream out, byte[] prefix, byte[] line, int offset, int length, ArrayDeque<String> recent) {
        byte[] whole = Arrays.copyOf(prefix, prefix.length + length + 1);
        System.arraycopy(line, offset, whole, prefix.length, length);
        int end = prefix.length + length;
        if (whole[end - 1] != '\n') {
            whole[end++] = '\n';
        }
        String text = new String(whole, prefix.length, Math.min(end - 1 - prefix.length, RECENT_LINE_LENGTH),
                StandardCharsets.UTF_8);
        synchronized (writeLock) {
            if (recent.size() == RECENT_LINES) {
                recent.removeFirst();
            }
            recent.addLast(text);
            try {
                out.write(whole, 0, end);
            } catch (IOException e) {
                // jinit's own stdout or stderr is gone: nothing to tell it with. The command keeps running.
            }
        }
    }
}
