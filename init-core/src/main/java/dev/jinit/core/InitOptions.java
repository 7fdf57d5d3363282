package dev.jinit.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How the init runs its commands; the command line and the environment make one.
 *
 * @param forwarding where signals go
 * @param grace how long processes left when the command ends get between SIGTERM and SIGKILL;
 *     zero sends SIGKILL at once
 * @param rewrites which signal to forward for which (dumb-init's {@code -r})
 * @param expectedExitCodes exit codes reported as 0 (tini's {@code -e}), after 128+N
 * @param parentDeathSignal the signal jinit gets when its parent dies (tini's {@code -p}); 0 for none
 * @param warnOnReap log a warning for every zombie reaped that was not the command (tini's {@code -w})
 * @param holdOnFailure when a watched command fails, keep running (reaping, forwarding) until a stop signal
 * @param prefixOutput copy each command's output line by line with {@code [NAME] } in front
 * @param stopDelay how long everything runs on after the first stop request before stopping
 * @param terminationLog where to write why the container ended, or null for nowhere
 */
public record InitOptions(Forwarding forwarding, Duration grace, SignalRewrites rewrites, Set<Integer> expectedExitCodes,
        int parentDeathSignal, boolean warnOnReap, boolean holdOnFailure, boolean prefixOutput, Duration stopDelay,
        Path terminationLog) {
    public InitOptions {
        expectedExitCodes = Set.copyOf(expectedExitCodes);
    }

    /** The defaults: process group (so TSTP, TTIN and TTOU are forwarded as STOP), 5 s grace, no other rewrites. */
    public static InitOptions defaults() {
        return new InitOptions(Forwarding.PROCESS_GROUP, Duration.ofSeconds(5),
                SignalRewrites.of(Map.of(), Forwarding.PROCESS_GROUP), Set.of(), 0, false, false, false, Duration.ZERO, null);
    }
}
