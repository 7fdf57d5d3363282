package dev.jinit.it;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Looks again and again, a pause between looks, until something shows or the time is up. */
final class Polling {
    private Polling() {}

    /**
     * Polls {@code probe} until it finds something; empty once {@code timeout} has passed, or at
     * once if the thread is interrupted (its flag stays set).
     */
    static <T> Optional<T> awaitPresent(Supplier<Optional<T>> probe, Duration timeout, Duration interval) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** Polls {@code condition} until it holds; fails, naming {@code what}, once {@code timeout} has passed or if interrupted. */
    static void awaitTrue(String what, BooleanSupplier condition, Duration timeout, Duration interval) {
        if (awaitPresent(() -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty(), timeout, interval).isEmpty()) {
            throw new AssertionError("no " + what + " within " + timeout);
        }
    }

    /** Pauses the test; fails if interrupted (the flag stays set). */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
