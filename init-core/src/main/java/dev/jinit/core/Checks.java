package dev.jinit.core;

import dev.jinit.core.libc.LibcException;

/**
 * Carries out the commands' check attempts as their schedules ({@link CommandChecks}) make them
 * due, on the loop's thread and without waiting: what the command says itself (notify, fd) is read
 * at once; connections, files and exec checks go to {@link Probes}, and an exec check is settled
 * when the loop reaps it.
 */
final class Checks {
    private final Processes processes;
    private final Probes probes;

    Checks(Processes processes, Probes probes) {
        this.processes = processes;
        this.probes = probes;
    }

    /** Ends what is overdue for {@code program}'s checks and starts the attempt that is due, if any. */
    void attemptDue(CommandChecks checks, Program program) {
        long now = System.nanoTime();
        CommandChecks.Attempt late = checks.overdue(now);
        if (late != null) {
            // Settled first, which marks it over: a check still starting on its thread is then killed as it starts.
            checks.settle(late, "no outcome within " + late.limit.toMillis() + " ms", now);
            probes.kill(late);
        }
        CommandChecks.Attempt attempt = checks.due(now);
        if (attempt == null) {
            return;
        }
        if (attempt.check.toldByCommand()) {
            checks.settle(attempt, saidReady(program), now);
            return;
        }
        String refused = probes.submit(attempt);
        if (refused != null) {
            postpone(attempt, refused, now);
        }
    }

    /** The command has ended: its checks stop, and an exec check of it still running is killed. */
    void ended(CommandChecks checks) {
        CommandChecks.Attempt abandoned = checks.ended();
        if (abandoned != null) {
            probes.kill(abandoned);
        }
    }

    /** Settles the attempts whose outcomes {@link Probes} has left. */
    void collect() {
        for (Probes.Outcome outcome = probes.next(); outcome != null; outcome = probes.next()) {
            if (outcome.postponed()) {
                postpone(outcome.attempt(), outcome.failure(), System.nanoTime());
            } else {
                outcome.attempt().owner.settle(outcome.attempt(), outcome.failure(), System.nanoTime());
            }
        }
    }

    /** Whether {@code pid} was an exec check's; if so, settles it by {@code exitCode}. */
    boolean reaped(int pid, int exitCode) {
        CommandChecks.Attempt attempt = probes.reaped(pid);
        if (attempt == null) {
            return false;
        }
        attempt.owner.settle(attempt, exitCode == 0 ? null : "exited with status " + exitCode, System.nanoTime());
        return true;
    }

    /** jinit lacks what the attempt needs: it does not count against the command. */
    private static void postpone(CommandChecks.Attempt attempt, String why, long now) {
        Log.warn(attempt.owner.program.name() + ": a check could not be made, not counted: " + why);
        attempt.owner.postpone(attempt, now);
    }

    /** Null when {@code program} has said it is ready, else why not. */
    private String saidReady(Program program) {
        try {
            return processes.saidReady(program) ? null : "not yet";
        } catch (LibcException e) {
            Log.warn("cannot read whether " + program.name() + " is ready: " + e.getMessage());
            return "not yet";
        }
    }
}
