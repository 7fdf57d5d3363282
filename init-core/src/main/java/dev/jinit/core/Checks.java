package dev.jinit.core;

import dev.jinit.core.libc.LibcException;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries out the commands' check attempts as their schedules ({@link CommandChecks}) make them
 * due, on the loop's thread and without waiting: an exec check is started as a process of its own
 * and settled when the loop reaps it; what the command says itself (notify, fd) is read at once;
 * connections and files go to {@link Probes}.
 */
final class Checks {
    private final Processes processes;
    private final Probes probes;
    /** The exec checks running, by pid. */
    private final Map<Integer, CommandChecks.Attempt> running = new HashMap<>();

    Checks(Processes processes, Probes probes) {
        this.processes = processes;
        this.probes = probes;
    }

    /** Ends what is overdue for {@code program}'s checks and starts the attempt that is due, if any. */
    void attemptDue(CommandChecks checks, Program program) {
        long now = System.nanoTime();
        CommandChecks.Attempt late = checks.overdue(now);
        if (late != null) {
            kill(late);
            checks.settle(late, "no outcome within " + late.limit.toMillis() + " ms", now);
        }
        CommandChecks.Attempt attempt = checks.due(now);
        if (attempt == null) {
            return;
        }
        String failure;
        if (attempt.check.toldByCommand()) {
            failure = saidReady(program) ? null : "not yet";
        } else if (attempt.check instanceof Check.Exec exec) {
            failure = start(attempt, exec, program);
        } else {
            failure = probes.submit(attempt);
        }
        if (failure != null || attempt.check.toldByCommand()) {
            checks.settle(attempt, failure, now);
        }
    }

    /** The command has ended: its checks stop, and an exec check of it still running is killed. */
    void ended(CommandChecks checks) {
        CommandChecks.Attempt abandoned = checks.ended();
        if (abandoned != null) {
            kill(abandoned);
        }
    }

    /** Settles the attempts whose outcomes {@link Probes} has left. */
    void collect() {
        for (Probes.Outcome outcome = probes.next(); outcome != null; outcome = probes.next()) {
            outcome.attempt().owner.settle(outcome.attempt(), outcome.failure(), System.nanoTime());
        }
    }

    /** Whether {@code pid} was an exec check's; if so, settles it by {@code exitCode}. */
    boolean reaped(int pid, int exitCode) {
        CommandChecks.Attempt attempt = running.remove(pid);
        if (attempt == null) {
            return false;
        }
        attempt.pid = 0;
        attempt.owner.settle(attempt, exitCode == 0 ? null : "exited with status " + exitCode, System.nanoTime());
        return true;
    }

    private boolean saidReady(Program program) {
        try {
            return processes.saidReady(program);
        } catch (LibcException e) {
            Log.warn("cannot read whether " + program.name() + " is ready: " + e.getMessage());
            return false;
        }
    }

    /** Starts an exec check; returns why it could not be started, or null. */
    private String start(CommandChecks.Attempt attempt, Check.Exec exec, Program program) {
        try {
            attempt.pid = processes.startCheck(program, exec);
            running.put(attempt.pid, attempt);
            return null;
        } catch (SpawnException | LibcException | RuntimeException | Error e) {
            return "cannot start " + exec.argv().getFirst() + ": " + Log.describe(e);
        }
    }

    private void kill(CommandChecks.Attempt attempt) {
        if (attempt.pid > 0) {
            processes.killCheck(attempt.pid);
        }
    }
}
