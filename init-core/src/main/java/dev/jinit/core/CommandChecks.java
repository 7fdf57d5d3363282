package dev.jinit.core;

import java.time.Duration;

/**
 * One command's readiness and health checks as a schedule: which attempt is due when, how long it
 * may take, and what the outcomes so far mean. It carries out nothing itself ({@link Checks} does)
 * and reads no clock: every time is a {@link System#nanoTime()} handed in by the loop.
 *
 * <p>After each start the readiness check is attempted every {@link #READY_POLL} until it passes
 * (the command is ready) or the readiness timeout passes (it has failed). Once ready, the health
 * check is attempted every interval; a run of failures as long as its retries and the command is
 * unhealthy. A command without a readiness check is ready when it starts.
 */
final class CommandChecks {
    /** How often the readiness check is attempted until it passes. */
    static final Duration READY_POLL = Duration.ofMillis(250);
    /** The most one readiness attempt may take (and never more than the time left). */
    static final Duration READY_ATTEMPT_LIMIT = Duration.ofSeconds(5);

    /** What the attempts so far mean for the command, for the loop to act on. */
    enum Verdict { READY, NOT_READY, UNHEALTHY }

    /** One attempt of a check: what to attempt, within what time, and, for an exec check, its process. */
    static final class Attempt {
        final CommandChecks owner;
        final Check check;
        final Duration limit;
        /** The exec check's pid once started; 0 for none (see {@link Probes}). */
        int pid;
        /** No longer the current attempt (settled, out of time, its command ended): not worth making any more. */
        volatile boolean over;

        private Attempt(CommandChecks owner, Check check, Duration limit) {
            this.owner = owner;
            this.check = check;
            this.limit = limit;
        }
    }

    /** The command checked. */
    final Program program;
    private final Program.Readiness readiness;
    private final Program.Health health;
    /** The attempt under way; null for none. */
    private Attempt current;
    private long currentEndsAt;
    /** When the next attempt is due; -1 for none (the command does not run, or its checks are over). */
    private long nextAttemptAt = -1;
    private boolean awaitingReady;
    private long readyBy;
    private boolean ready;
    private int failuresInRow;
    private String lastFailure;
    private Verdict verdict;
    private String verdictReason;

    private CommandChecks(Program program) {
        this.program = program;
        this.readiness = program.readiness();
        this.health = program.health();
    }

    /** The checks of {@code program}; null when it has none. */
    static CommandChecks of(Program program) {
        return program.readiness() == null && program.health() == null ? null : new CommandChecks(program);
    }

    /** The command has started at {@code now}: it is not ready yet, if it has a readiness check. */
    void started(long now) {
        abandon();
        verdict = null;
        failuresInRow = 0;
        lastFailure = null;
        awaitingReady = readiness != null;
        ready = !awaitingReady;
        if (awaitingReady) {
            readyBy = now + readiness.timeout().toNanos();
            nextAttemptAt = now;
        } else {
            nextAttemptAt = now + health.interval().toNanos();
        }
    }

    /** The command has ended: no more attempts until it starts again; an attempt under way, if any, is returned to be ended. */
    Attempt ended() {
        Attempt abandoned = abandon();
        awaitingReady = false;
        nextAttemptAt = -1;
        return abandoned;
    }

    /** Gives up on the current attempt, if any; returns it. */
    private Attempt abandon() {
        Attempt abandoned = current;
        if (abandoned != null) {
            abandoned.over = true;
        }
        current = null;
        return abandoned;
    }

    /** Whether it passed its readiness check since it last started (always, without one). */
    boolean ready() {
        return ready;
    }

    /** When something is due: an attempt, the end of one, the end of the readiness wait; -1 for nothing. */
    long deadline() {
        long next = current != null ? currentEndsAt : nextAttemptAt;
        if (!awaitingReady) {
            return next;
        }
        return next < 0 || readyBy - next < 0 ? readyBy : next;
    }

    /**
     * At {@code now}: the attempt under way if its time is up (to be ended and {@link #settle settled}
     * as failed), else null. The end of the readiness wait is {@link Verdict#NOT_READY}.
     */
    Attempt overdue(long now) {
        if (awaitingReady && now - readyBy >= 0) {
            awaitingReady = false;
            nextAttemptAt = -1;
            decide(Verdict.NOT_READY, "was not ready within " + text(readiness.timeout())
                    + (lastFailure == null ? "" : " (last attempt: " + lastFailure + ")"));
            return abandon();
        }
        return current != null && now - currentEndsAt >= 0 ? current : null;
    }

    /** The attempt to make at {@code now}, if one is due; it is under way from then on. */
    Attempt due(long now) {
        if (current != null || nextAttemptAt < 0 || now - nextAttemptAt < 0) {
            return null;
        }
        Duration limit;
        Check check;
        if (awaitingReady) {
            check = readiness.check();
            Duration left = Duration.ofNanos(readyBy - now);
            limit = left.compareTo(READY_ATTEMPT_LIMIT) < 0 ? left : READY_ATTEMPT_LIMIT;
        } else {
            check = health.check();
            limit = health.timeout();
        }
        current = new Attempt(this, check, limit);
        currentEndsAt = now + limit.toNanos();
        return current;
    }

    /**
     * The outcome of {@code attempt}: passed when {@code failure} is null, else failed for that
     * reason. An attempt that is no longer the current one (it ran out of time, the command ended)
     * does not count.
     */
    void settle(Attempt attempt, String failure, long now) {
        if (attempt != current) {
            return;
        }
        abandon();
        if (awaitingReady) {
            if (failure == null) {
                awaitingReady = false;
                ready = true;
                lastFailure = null;
                nextAttemptAt = health == null ? -1 : now + health.interval().toNanos();
                decide(Verdict.READY, "is ready");
            } else {
                lastFailure = failure;
                nextAttemptAt = now + READY_POLL.toNanos();
            }
            return;
        }
        if (failure == null) {
            failuresInRow = 0;
        } else {
            failuresInRow++;
            lastFailure = failure;
            if (failuresInRow >= health.retries()) {
                nextAttemptAt = -1;
                decide(Verdict.UNHEALTHY, "is unhealthy: " + failuresInRow + " health check" + (failuresInRow == 1 ? "" : "s")
                        + " failed in a row (last: " + failure + ")");
                return;
            }
        }
        nextAttemptAt = now + health.interval().toNanos();
    }

    /** As the command line writes it: 60s, 250ms. */
    private static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
    }

    /**
     * {@code attempt} could not be made for want of what jinit needs to make it (a thread, a
     * process under a pids limit another command fills): it says nothing of the command and does
     * not count; the next is made when the next would have been.
     */
    void postpone(Attempt attempt, long now) {
        if (attempt != current) {
            return;
        }
        abandon();
        nextAttemptAt = now + (awaitingReady ? READY_POLL : health.interval()).toNanos();
    }

    private void decide(Verdict verdict, String reason) {
        this.verdict = verdict;
        this.verdictReason = reason;
    }

    /** The verdict reached since the last call, if any; taken, it is gone. */
    Verdict takeVerdict() {
        Verdict taken = verdict;
        verdict = null;
        return taken;
    }

    /** Why the last verdict was reached, in words that follow the command's name. */
    String verdictReason() {
        return verdictReason;
    }

    /** Failed health checks since the last one that passed. */
    int failuresInRow() {
        return failuresInRow;
    }
}
