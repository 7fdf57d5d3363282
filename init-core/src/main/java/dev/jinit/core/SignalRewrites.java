package dev.jinit.core;

import java.util.Arrays;
import java.util.Map;

/** dumb-init's rewrite table: a signal jinit receives is forwarded as another, or dropped (0). */
public final class SignalRewrites {
    public static final SignalRewrites NONE = new SignalRewrites(Map.of());
    private final int[] table = new int[Signals.MAX + 1];

    private SignalRewrites(Map<Integer, Integer> rewrites) {
        Arrays.setAll(table, signal -> signal);
        rewrites.forEach((from, to) -> {
            if (from < 1 || from > Signals.MAX || to < 0 || to > Signals.MAX) {
                throw new IllegalArgumentException("no rewrite from " + from + " to " + to);
            }
            table[from] = to;
        });
    }

    /** @param rewrites from signal to signal; 0 drops the signal */
    public static SignalRewrites of(Map<Integer, Integer> rewrites) {
        return new SignalRewrites(rewrites);
    }

    /** The signal to forward in place of {@code signal}; 0 for none. */
    public int apply(int signal) {
        return table[signal];
    }
}
