package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code --prefix-output}: each command writes into pipes, and one thread per pipe copies what it
 * reads to jinit's own stdout or stderr, a whole line at a time with {@code [NAME] } in front, so
 * lines from different commands never mix.
 */
final class OutputRelay {
    /** A line longer than this goes out in pieces, each prefixed. */
    private static final int MAX_LINE = 64 * 1024;
    /** How long jinit waits, when exiting, for the last lines to be copied. */
    private static final Duration DRAIN = Duration.ofSeconds(2);
    private static final OutputStream[] STREAMS = {
        null, new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err),
    };

    private final Object writeLock = new Object();
    private final List<Thread> readers = new ArrayList<>();

    /**
     * Opens a pipe for {@code stream} (1 or 2) of the command called {@code name} and starts copying
     * from it; returns the write end, which the child gets and jinit must close once it has spawned.
     */
    int open(String name, int stream) throws LibcException {
        int[] ends = Libc.pipe();
        byte[] prefix = ("[" + name + "] ").getBytes(StandardCharsets.UTF_8);
        // A command restarted all day starts readers all day: keep only the live ones.
        readers.removeIf(reader -> !reader.isAlive());
        Thread reader = Thread.ofPlatform().daemon().name("output " + name + " " + stream)
                .start(() -> copyLines(ends[0], prefix, STREAMS[stream]));
        readers.add(reader);
        return ends[1];
    }

    /** Waits a little for the readers to reach the end of their pipes. */
    void drain() {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        for (Thread reader : readers) {
            try {
                reader.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void copyLines(int fd, byte[] prefix, OutputStream out) {
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
                        emit(out, prefix, line, start, i + 1 - start);
                        start = i + 1;
                    }
                }
                length += read;
                if (start > 0) {
                    System.arraycopy(line, start, line, 0, length - start);
                    length -= start;
                } else if (length == MAX_LINE) {
                    emit(out, prefix, line, 0, length);
                    length = 0;
                }
            }
            if (length > 0) {
                emit(out, prefix, line, 0, length);
            }
        } catch (LibcException e) {
            Log.warn("copying the output of " + new String(prefix, StandardCharsets.UTF_8).strip() + ": " + e.getMessage());
        } finally {
            try {
                Libc.close(fd);
            } catch (LibcException e) {
                Log.at(Log.DEBUG, "closing an output pipe: " + e.getMessage());
            }
            Libc.releaseThreadMemory();
        }
    }

    private void emit(OutputStream out, byte[] prefix, byte[] line, int offset, int length) {
        byte[] whole = Arrays.copyOf(prefix, prefix.length + length + 1);
        System.arraycopy(line, offset, whole, prefix.length, length);
        int end = prefix.length + length;
        if (whole[end - 1] != '\n') {
            whole[end++] = '\n';
        }
        synchronized (writeLock) {
            try {
                out.write(whole, 0, end);
            } catch (IOException e) {
                // jinit's own stdout or stderr is gone: nothing to tell it with. The command keeps running.
            }
        }
    }
}
