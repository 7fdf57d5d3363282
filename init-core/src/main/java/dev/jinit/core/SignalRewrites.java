package dev.jinit.core;

import dev.jinit.core.libc.SignalSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** dumb-init's rewrite table: a signal jinit receives is forwarded as another, or dropped (0). */
public final class SignalRewrites {
    public static final SignalRewrites NONE = new SignalRewrites(Map.of());
    /** What a rewrite may forward: any signal but glibc's internal 32 and 33, which jinit never sends. */
    private static final SignalSet SENDABLE = SignalSet.range(1, Signals.MAX).without(32, 33);
    private final int[] table = new int[Signals.MAX + 1];

    private SignalRewrites(Map<Integer, Integer> rewrites) {
        Arrays.setAll(table, signal -> signal);
        rewrites.forEach((from, to) -> {
            check(from, to);
            table[from] = to;
        });
    }

    /**
     * The table for {@code forwarding}: in process-group mode TSTP, TTIN and TTOU reach the command
     * as STOP unless {@code rewrites} says otherwise, as in dumb-init's default (setsid) mode, so that
     * a command that catches them (a shell, a JVM) is stopped all the same.
     *
     * @param rewrites from signal to signal; 0 drops the signal
     * @throws IllegalArgumentException for a rewrite {@link #check} refuses
     */
    public static SignalRewrites of(Map<Integer, Integer> rewrites, Forwarding forwarding) {
        if (forwarding != Forwarding.PROCESS_GROUP) {
            return new SignalRewrites(rewrites);
        }
        Map<Integer, Integer> withStops = new HashMap<>(rewrites);
        Signals.TERMINAL_STOPS.stream().forEach(stop -> withStops.putIfAbsent(stop, Signals.SIGSTOP));
        return new SignalRewrites(withStops);
    }

    /**
     * Refuses a rewrite that could never take effect: from a signal jinit does not forward, or to
     * one it does not send (glibc's 32 and 33).
     *
     * @param to a signal, or 0 to drop
     * @throws IllegalArgumentException saying why, in a sentence for the user
     */
    public static void check(int from, int to) {
        if (!Signals.FORWARDED.contains(from)) {
            String notForwarded = SignalSet.range(1, Signals.MAX).minus(Signals.FORWARDED).stream()
                    .mapToObj(Signals::name).collect(Collectors.joining(", "));
            throw new IllegalArgumentException("jinit does not forward SIG" + Signals.name(from)
                    + ", so it cannot rewrite it (it forwards every signal but " + notForwarded + ")");
        }
        if (to != 0 && !SENDABLE.contains(to)) {
            throw new IllegalArgumentException("jinit does not send signal " + to + ", glibc's own");
        }
    }

    /** The signal to forward in place of {@code signal}; 0 for none. */
    public int apply(int signal) {
        return table[signal];
    }
}
