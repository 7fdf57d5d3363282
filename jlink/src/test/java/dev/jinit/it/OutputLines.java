package dev.jinit.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The lines a process writes to one stream, read on a background thread as they come. */
final class OutputLines {
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    OutputLines(InputStream stream, String threadName) {
        Thread.ofPlatform().daemon().name(threadName).start(() -> readAll(stream));
    }

    private void readAll(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                add(line);
            }
        } catch (IOException closedUnderUs) {
            // The process was destroyed; what was read so far stays.
        } finally {
            markEnded();
        }
    }

    private synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }

    private synchronized void markEnded() {
        ended = true;
        notifyAll();
    }

    synchronized boolean hasEnded() {
        return ended;
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits for {@code line}; false if the stream ends or the time runs out first. */
    synchronized boolean await(String line, Duration timeout) throws InterruptedException {
        awaitUntil(() -> ended || lines.contains(line), timeout);
        return lines.contains(line);
    }

    /** Waits until every process that held the stream has closed it; false if the time ran out first. */
    synchronized boolean awaitEnd(Duration timeout) throws InterruptedException {
        return awaitUntil(() -> ended, timeout);
    }

    private boolean awaitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Duration.ofNanos(left).toMillis()));
        }
        return true;
    }
}
