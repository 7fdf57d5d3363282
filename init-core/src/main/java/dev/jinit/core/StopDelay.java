package dev.jinit.core;

import java.time.Duration;

/**
 * {@code --stop-delay}: the first stop request is held back for a while, everything running on,
 * so that load balancers stop sending work to the container before it stops; a second request ends
 * the wait. Times are {@link System#nanoTime()}.
 */
final class StopDelay {
    private final Duration delay;
    /** The request held back, 0 for none. */
    private int held;
    private long endsAt;

    StopDelay(Duration delay) {
        this.delay = delay;
    }

    /**
     * Whether {@code request}, the first stop request, is to be held back now: when there is a
     * delay and jinit is still running its commands.
     */
    boolean holds(int request, boolean running) {
        if (delay.isPositive() && running) {
            held = request;
            endsAt = System.nanoTime() + delay.toNanos();
            Log.at(Log.INFO, "SIG" + Signals.name(request) + ": stopping in " + delay.toMillis()
                    + " ms (--stop-delay); everything runs on until then");
            return true;
        }
        return false;
    }

    /** Whether a request is being held back. */
    boolean holding() {
        return held != 0;
    }

    /** When the wait ends, or -1 when nothing is held back. */
    long endsAt() {
        return held != 0 ? endsAt : -1;
    }

    /** Ends the wait now: {@code reason} (a second request) came first. */
    void cut(int reason) {
        Log.at(Log.INFO, "SIG" + Signals.name(reason) + " during the stop delay: stopping now");
        held = 0;
    }

    /** The request held back, if its time has come (the wait is then over), else 0. */
    int due() {
        if (held == 0 || endsAt - System.nanoTime() > 0) {
            return 0;
        }
        int request = held;
        held = 0;
        Log.at(Log.INFO, "stop delay over: stopping");
        return request;
    }
}
