package dev.jinit.core;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command jinit runs, with how it is supervised.
 *
 * @param name how logs and prefixed output call it
 * @param restart whether and how it is started again when it ends
 * @param watched whether the container ends when it has ended (see {@link Supervisor})
 * @param before runs to completion, in order, before the long-running commands start
 * @param grace how long it gets between its stop signal and SIGKILL when several commands are stopped in order
 * @param environment {@code NAME=VALUE} entries that it gets on top of the environment jinit inherited,
 *     replacing those of the same names
 * @param runAs the user it runs as; null for jinit's own
 * @param workingDirectory the absolute path it starts in; null for the directory jinit was started in
 * @param readiness what the commands after it wait for; null when they start right after it
 * @param health what shows it still works once ready; null for none
 */
public record Program(String name, Command command, Restart restart, boolean watched, boolean before, Duration grace,
        List<String> environment, RunAs runAs, String workingDirectory, Readiness readiness, Health health) {
    public Program {
        environment = List.copyOf(environment);
    }

    /**
     * The environment it starts with: {@code inherited}, less the entries whose names it sets
     * itself, then its own entries (the last of each name), all byte for byte.
     */
    List<byte[]> environmentOver(List<byte[]> inherited) {
        return environmentOver(inherited, null);
    }

    /** {@link #environmentOver(List)} with {@code more}, if not null, as its last own entry (jinit's NOTIFY_SOCKET). */
    List<byte[]> environmentOver(List<byte[]> inherited, String more) {
        if (environment.isEmpty() && more == null) {
            return inherited;
        }
        List<String> entries = new ArrayList<>(environment);
        if (more != null) {
            entries.add(more);
        }
        // Names compared as ISO-8859-1, which maps bytes to characters one to one.
        Map<String, byte[]> own = new LinkedHashMap<>();
        for (String entry : entries) {
            byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
            own.remove(nameOf(bytes));
            own.put(nameOf(bytes), bytes);
        }
        List<byte[]> merged = new ArrayList<>();
        for (byte[] entry : inherited) {
            if (!own.containsKey(nameOf(entry))) {
                merged.add(entry);
            }
        }
        merged.addAll(own.values());
        return merged;
    }

    private static String nameOf(byte[] entry) {
        int equals = 0;
        while (equals < entry.length && entry[equals] != '=') {
            equals++;
        }
        return new String(entry, 0, equals, StandardCharsets.ISO_8859_1);
    }

    /**
     * The commands after this one start once {@code check} passes; a command not ready within
     * {@code timeout} has failed.
     */
    public record Readiness(Check check, Duration timeout) {}

    /**
     * Once ready, {@code check} is attempted every {@code interval}, each attempt within
     * {@code timeout}; {@code retries} failures in a row and the command is unhealthy: stopped, and
     * its restart policy applies.
     */
    public record Health(Check check, Duration interval, Duration timeout, int retries) {}

    /** When a command is started again after it ends. */
    public enum RestartPolicy { NO, ON_FAILURE, ALWAYS }

    /**
     * Exponential back-off: the first restart waits {@code firstDelay}, each next one twice as long
     * up to {@code maxDelay}; more than {@code limit} restarts within {@code window} and jinit gives
     * up and treats the command as failed.
     */
    public record Restart(RestartPolicy policy, Duration firstDelay, Duration maxDelay, int limit, Duration window) {
        public static final Restart NEVER =
                new Restart(RestartPolicy.NO, Duration.ofSeconds(1), Duration.ofSeconds(30), 5, Duration.ofMinutes(1));

        boolean wants(int exitCode) {
            return policy == RestartPolicy.ALWAYS || (policy == RestartPolicy.ON_FAILURE && exitCode != 0);
        }

        /** The delay before restart number {@code previousRestarts + 1} of the window. */
        Duration delay(int previousRestarts) {
            Duration delay = firstDelay;
            for (int i = 0; i < previousRestarts && delay.compareTo(maxDelay) < 0; i++) {
                delay = delay.multipliedBy(2);
            }
            return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
        }

        /** A budget of restarts under this policy, for one command. */
        Budget budget() {
            return new Budget(this);
        }
    }

    /** One command's restarts within its policy's window: how long the next must wait, and when to give up. */
    static final class Budget {
        private final Restart policy;
        /** When ({@link System#nanoTime()}) each restart within the current window happened. */
        private final ArrayDeque<Long> restarts = new ArrayDeque<>();

        private Budget(Restart policy) {
            this.policy = policy;
        }

        /**
         * The back-off before the next restart, forgetting the restarts that have left the window
         * by {@code now}; null when the window already holds {@code limit} restarts: give up.
         */
        Duration nextDelay(long now) {
            while (!restarts.isEmpty() && now - restarts.getFirst() > policy.window().toNanos()) {
                restarts.removeFirst();
            }
            return restarts.size() >= policy.limit() ? null : policy.delay(restarts.size());
        }

        /** Counts a restart made at {@code now}. */
        void restarted(long now) {
            restarts.addLast(now);
        }

        /** The restarts within the window, as of the last {@link #nextDelay}. */
        int used() {
            return restarts.size();
        }
    }
}
