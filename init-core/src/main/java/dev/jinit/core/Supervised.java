package dev.jinit.core;

/** A command of the {@link Supervisor}'s and where it stands; the supervisor's loop alone reads and changes it. */
final class Supervised {
    final Program program;
    final Program.Budget restarts;
    /** The pid while it runs, else 0. */
    int pid;
    /** When ({@link System#nanoTime()}) a scheduled restart is due; -1 for none. */
    long restartAt = -1;
    /** When ({@link System#nanoTime()}) a command stopped by request or for a failed check gets SIGKILL; -1 for none. */
    long killAt = -1;
    /** Stopped through the control channel: its end is no failure, and it stays stopped until started again. */
    boolean stopped;
    /** Its readiness and health checks; null for none. */
    final CommandChecks checks;
    /** What its checks found that jinit stops it for (its end is a failure); null when it does not. */
    CommandChecks.Verdict stoppedFor;
    /** It last ended stopped by jinit for not being ready in time. */
    boolean endedNotReady;
    /** Started again once the stop through the control channel has ended it. */
    boolean startWhenStopped;
    /** When ({@link System#nanoTime()}) it last started. */
    long startedAt;
    /** How many times it was started again, by its policy or the control channel. */
    int restartCount;
    /** Ended for good: not running, not to be restarted. */
    boolean done;
    int lastExitCode = -1;
    /** How it last ended; null until it has. */
    TerminationMessage.End lastEnd;

    Supervised(Program program) {
        this.program = program;
        this.restarts = program.restart().budget();
        this.checks = CommandChecks.of(program);
    }

    /** Whether it passed its readiness check since it last started (always, without one). */
    boolean ready() {
        return checks == null || checks.ready();
    }

    @Override
    public String toString() {
        return program.name() + (pid > 0 ? " (pid " + pid + ")" : "");
    }
}
