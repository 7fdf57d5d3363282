package dev.jinit.core;

import dev.jinit.core.libc.LibcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs the commands: the {@code before} ones in order to completion, then the long-running ones,
 * forwarding signals to every running command and restarting them by their policy.
 *
 * <p>The container ends when every watched command has ended for good (with no command marked
 * watched, all are), or as soon as a watched command fails (non-zero or killed, and not to be
 * restarted) unless jinit holds on failure. The exit status is that of the first watched command
 * that failed, else 0. A stop request (TERM, INT, QUIT) with one long-running command is simply
 * forwarded; with several, they are stopped in reverse start order, each with the (rewritten)
 * signal and its grace period before SIGKILL.
 *
 * <p>A command with a readiness check holds back the commands after it until it is ready; one not
 * ready in time, or unhealthy, is stopped like a command stopped on request and its restart policy
 * applies, as to a failure ({@link CommandChecks} keeps each one's schedule).
 */
final class Supervisor implements ControlDesk.Loop {
    /** How long a SIGKILLed command may take to be reaped before jinit moves on. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);
    /** Steps of the loop that may fail in a row (each logged) before jinit gives up and stops everything. */
    private static final int FAILED_STEPS_LIMIT = 100;

    /** Where the supervision stands; it only moves down this list. */
    enum Phase {
        /** Starting, forwarding, restarting. */
        RUNNING,
        /** A watched command failed and {@code --hold-on-failure} keeps the container up until a stop request. */
        HOLDING,
        /** A stop request waits for the commands to be stopped in order; the loop ends. */
        STOP_REQUESTED,
        /** No more restarts: a stop request was forwarded, or the commands are being stopped in order. */
        STOPPING,
        /** A second stop request cut the ordered stop short: SIGKILL at once, and the sweep after it does not wait. */
        HURRIED
    }

    private final InitOptions options;
    private final Processes processes;
    /** Requests of the control channel, answered on this loop's thread. */
    private final ControlInbox control;
    /** Carries out the readiness and health checks; unused when no command has any. */
    private final Checks checks;
    /** Whether some command has a readiness or health check. */
    private final boolean checked;
    private final List<Supervised> befores = new ArrayList<>();
    private final List<Supervised> longRunning = new ArrayList<>();
    private final List<Supervised> started = new ArrayList<>();
    /** No command is marked watched, so all are. */
    private final boolean watchAll;
    private Phase phase = Phase.RUNNING;
    /** The stop request to stop the commands in order with; 0 for none. */
    private int stopRequest;
    /** The first stop request jinit got; 0 for none. */
    private int firstStopRequest;
    private final StopDelay stopDelay;
    /** The exit code of the first watched command that failed; -1 while none has. */
    private int failure = -1;
    /** How the first watched command that failed ended; null while none has. */
    private TerminationMessage.End failedEnd;
    /** Steps of the loop that failed since the last one that did not. */
    private int failedSteps;
    /** Answers the control channel's requests. */
    private final ControlDesk desk = new ControlDesk(this);
    /** {@link ControlDesk#answer}, made once: the loop hands it to the inbox after every SIGCHLD. */
    private final Function<ControlRequest, ControlAnswer> answerer = desk::answer;
    /** Run once the first command has been started; null after that. */
    private Runnable onFirstStart;

    Supervisor(InitOptions options, Processes processes, List<Program> programs, ControlInbox control, Probes probes) {
        this.options = options;
        this.processes = processes;
        this.control = control;
        this.checks = new Checks(processes, probes);
        for (Program program : programs) {
            (program.before() ? befores : longRunning).add(new Supervised(program));
        }
        this.checked = longRunning.stream().anyMatch(s -> s.checks != null);
        this.watchAll = longRunning.stream().noneMatch(s -> s.program.watched());
        this.stopDelay = new StopDelay(options.stopDelay());
    }

    /**
     * Runs everything to the end; returns the exit status.
     *
     * @param started run once a command has been started, if one is (off the start-up path)
     */
    int run(Runnable started) throws LibcException {
        onFirstStart = started;
        for (Supervised before : befores) {
            start(before);
            while (!before.done) {
                stepSafely();
            }
            // A stop request while it ran ends the restarts and every start still to come.
            if (before.lastExitCode != 0 || !restarting()) {
                if (before.lastExitCode != 0) {
                    Log.error(before.program.name() + " failed with status " + before.lastExitCode + ": not starting the rest");
                }
                return before.lastExitCode;
            }
        }
        for (Supervised supervised : longRunning) {
            start(supervised);
            if (!awaitReady(supervised)) {
                break;
            }
        }
        while (!finished() && phase != Phase.STOP_REQUESTED) {
            stepSafely();
        }
        // The commands still running (not watched, or beside a failed one, or when a watched command
        // ended during a stop delay) stop in order too.
        stopInReverseOrder(stopRequest != 0 ? stopRequest : firstStopRequest != 0 ? firstStopRequest : Signals.SIGTERM);
        return Math.max(failure, 0);
    }

    /**
     * Runs the loop until {@code supervised} is ready, for the commands after it; returns whether it
     * is. Start-up is over once the last is ready: when one has ended for good without being ready,
     * the container has failed, whether it is watched or not.
     */
    private boolean awaitReady(Supervised supervised) throws LibcException {
        // Until the watched commands have all ended (with no failure, finished() changes nothing).
        while (!supervised.ready() && !supervised.done && restarting() && failure < 0 && !finished()) {
            stepSafely();
        }
        if (supervised.ready()) {
            return true;
        }
        if (supervised.done && restarting()) {
            String how = supervised.lastEnd.how();
            Log.error(supervised.program.name() + " " + (supervised.endedNotReady ? how : how + " before it was ready")
                    + (supervised == longRunning.getLast() ? ": stopping everything" : ": not starting the commands after it"));
            if (failure < 0) {
                failure = supervised.lastExitCode > 0 ? supervised.lastExitCode : ExitCodes.FAILURE;
                failedEnd = supervised.lastEnd;
            }
        }
        return false;
    }

    /**
     * When the loop itself failed, once everything has been stopped: the status known so far, or
     * the single long-running command's when it has ended.
     */
    int statusAfterFailure() {
        if (failure >= 0) {
            return failure;
        }
        if (longRunning.size() == 1 && longRunning.getFirst().pid == 0 && longRunning.getFirst().lastExitCode >= 0) {
            return longRunning.getFirst().lastExitCode;
        }
        return ExitCodes.FAILURE;
    }

    /** The first stop request jinit got, 0 if none: what the termination message reports. */
    int firstStopRequest() {
        return firstStopRequest;
    }

    /** How the first watched command that failed ended; null if none did. */
    TerminationMessage.End failedEnd() {
        return failedEnd;
    }

    /** The loop failed and everything is about to be stopped: no more restarts. */
    void abandon() {
        phase = Phase.STOPPING;
        cancelRestarts();
    }

    /** What the shutdown sweep reaps goes through the same bookkeeping as the loop's. */
    Reaper.Exits exits() {
        return this::ended;
    }

    /** Whether a second stop request cut the ordered stop short: the sweep after it should not wait either. */
    boolean hurried() {
        return phase == Phase.HURRIED;
    }

    Phase phase() {
        return phase;
    }

    /**
     * Starts a command. Whatever keeps it from starting (the program, or jinit short of memory,
     * threads or descriptors for it) is that command's failure, and its restart policy applies.
     */
    @Override
    public void start(Supervised supervised) {
        supervised.restartAt = -1;
        supervised.startedAt = System.nanoTime();
        try {
            supervised.pid = processes.start(supervised.program);
        } catch (SpawnException e) {
            notStarted(supervised, e.getMessage(), e.exitCode());
            return;
        } catch (LibcException | RuntimeException | Error e) {
            notStarted(supervised, "cannot start " + supervised.program.name() + ": " + Log.describe(e), ExitCodes.FAILURE);
            return;
        }
        if (!started.contains(supervised)) {
            started.add(supervised);
        }
        if (supervised.checks != null) {
            supervised.checks.started(supervised.startedAt);
        }
        Log.at(Log.INFO, "started " + supervised + ": " + supervised.program.command());
        if (onFirstStart != null) {
            Runnable firstStart = onFirstStart;
            onFirstStart = null;
            firstStart.run();
        }
    }

    private void notStarted(Supervised supervised, String why, int exitCode) {
        Log.error(why);
        supervised.lastEnd = new TerminationMessage.End(supervised.program.name(), "could not be started: " + why);
        ended(supervised, exitCode);
    }

    /**
     * One step of the loop, whose failure (a system call, or the JVM short of memory) is logged
     * and does not end jinit: the next step may well succeed. Only a run of failures ends the
     * loop, and then everything is stopped.
     */
    private void stepSafely() throws LibcException {
        try {
            step();
            failedSteps = 0;
        } catch (LibcException | RuntimeException | Error e) {
            failedSteps++;
            Log.error("supervision step failed (" + failedSteps + " in a row): " + Log.describe(e));
            if (failedSteps >= FAILED_STEPS_LIMIT) {
                throw e;
            }
            pauseAfterFailure();
        }
    }

    /** A step that fails at once must not spin: wait a little longer after each failure in a row. */
    private void pauseAfterFailure() {
        try {
            Thread.sleep(Math.min(failedSteps, 10) * 10L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for one signal, a due restart or the end of a stop delay, and acts on it. Plain loops: this is the forwarding path. */
    private void step() throws LibcException {
        long wakeAt = stopDelay.endsAt();
        for (Supervised supervised : longRunning) {
            wakeAt = earliest(wakeAt, supervised.restartAt);
            wakeAt = earliest(wakeAt, supervised.killAt);
            if (checking(supervised)) {
                wakeAt = earliest(wakeAt, supervised.checks.deadline());
            }
        }
        int signal = processes.nextSignal(wakeAt);
        if (signal == Signals.SIGCHLD) {
            processes.reapAll(this::ended);
            // The control channel and the checks' thread wake the loop with a SIGCHLD too.
            control.serve(answerer);
            if (checked) {
                checks.collect();
            }
        } else if (signal != 0 && Signals.STOP_REQUESTS.contains(signal)) {
            requestStop(signal);
        } else if (signal != 0) {
            forwardToAll(signal);
        }
        if (wakeAt >= 0) {
            startDueRestarts();
            killDueStops();
            int held = stopDelay.due();
            if (held != 0) {
                requestStop(held);
            }
        }
        // A check's outcome comes with a SIGCHLD, its deadline as a wake-up: a forwarded signal brings neither.
        if (checked && (signal == 0 || signal == Signals.SIGCHLD)) {
            actOnChecks();
        }
    }

    /**
     * Whether its checks are made now: it has some, it runs, and neither it (on request, or for a
     * failed check) nor everything is being stopped. Its deadlines count only then, or the loop
     * would wake for an attempt it does not make, again and again.
     */
    private boolean checking(Supervised supervised) {
        return supervised.checks != null && supervised.pid > 0 && !supervised.stopped && supervised.stoppedFor == null
                && restarting();
    }

    /** Makes the check attempts that are due and acts on what the checks have found. */
    private void actOnChecks() {
        for (Supervised supervised : longRunning) {
            if (!checking(supervised)) {
                continue;
            }
            checks.attemptDue(supervised.checks, supervised.program);
            CommandChecks.Verdict verdict = supervised.checks.takeVerdict();
            if (verdict == CommandChecks.Verdict.READY) {
                Log.at(Log.INFO, supervised.program.name() + " is ready");
            } else if (verdict != null) {
                supervised.stoppedFor = verdict;
                Log.warn(supervised.program.name() + " " + supervised.checks.verdictReason() + ": stopping " + supervised);
                sendStop(supervised);
            }
        }
    }

    /** The earlier of two times of {@link System#nanoTime()}, -1 standing for none. */
    private static long earliest(long time, long other) {
        return other >= 0 && (time < 0 || other - time < 0) ? other : time;
    }

    private void startDueRestarts() {
        for (Supervised supervised : longRunning) {
            if (supervised.restartAt >= 0 && supervised.restartAt - System.nanoTime() <= 0 && restarting()) {
                supervised.restarts.restarted(System.nanoTime());
                supervised.restartCount++;
                start(supervised);
            }
        }
    }

    /** Whether ended commands are still started again by their policy. */
    @Override
    public boolean restarting() {
        return phase == Phase.RUNNING || phase == Phase.HOLDING;
    }

    private void requestStop(int signal) {
        if (firstStopRequest == 0) {
            firstStopRequest = signal;
            // Not while a --before command runs: start-up is not under way for a load balancer yet.
            if (stopDelay.holds(signal, phase == Phase.RUNNING && befores.stream().noneMatch(s -> s.pid > 0))) {
                return;
            }
        } else if (stopDelay.holding()) {
            stopDelay.cut(signal);
        }
        if (phase == Phase.HOLDING) {
            // The operator is done looking: whatever the signal became, end.
            stopRequest = signal;
            phase = Phase.STOP_REQUESTED;
        } else if (options.rewrites().apply(signal) == 0) {
            Log.at(Log.DEBUG, "dropped SIG" + Signals.name(signal) + " (rewritten to 0)");
        } else if (befores.stream().anyMatch(s -> s.pid > 0) || longRunning.size() == 1) {
            phase = Phase.STOPPING;
            cancelRestarts();
            forwardToAll(signal);
        } else {
            stopRequest = signal;
            phase = Phase.STOP_REQUESTED;
        }
    }

    private boolean finished() {
        if (failure >= 0) {
            if (options.holdOnFailure() && restarting()) {
                if (phase != Phase.HOLDING) {
                    phase = Phase.HOLDING;
                    Log.warn("a watched command failed with status " + failure
                            + "; holding the container for inspection until it gets SIGTERM (--hold-on-failure)");
                }
                return false;
            }
            return true;
        }
        for (Supervised supervised : longRunning) {
            if (watched(supervised) && !supervised.done) {
                return false;
            }
        }
        return true;
    }

    private void ended(int pid, int exitCode) {
        if (checked && checks.reaped(pid, exitCode)) {
            if (exitCode == ExitCodes.SIGNALED_BASE + Signals.SIGKILL) {
                // Killed by jinit, or by the OOM killer: its kill is not the next command's.
                processes.oomKilledOne();
            }
            return;
        }
        for (Supervised supervised : started) {
            if (supervised.pid == pid) {
                supervised.pid = 0;
                boolean oomKilled = exitCode == ExitCodes.SIGNALED_BASE + Signals.SIGKILL && processes.oomKilledOne();
                if (oomKilled) {
                    Log.warn(supervised.program.name() + " (pid " + pid + ") was killed by the OOM killer");
                } else {
                    Log.at(Log.INFO, supervised.program.name() + " (pid " + pid + ") ended with status " + exitCode);
                }
                supervised.lastEnd = TerminationMessage.End.of(supervised.program.name(), exitCode, oomKilled);
                ended(supervised, exitCode);
                return;
            }
        }
        Reaper.logReaped(pid, options.warnOnReap());
    }

    private void ended(Supervised supervised, int exitCode) {
        supervised.lastExitCode = exitCode;
        if (supervised.checks != null) {
            checks.ended(supervised.checks);
        }
        if (supervised.stopped) {
            desk.ended(supervised);
            return;
        }
        supervised.endedNotReady = supervised.stoppedFor == CommandChecks.Verdict.NOT_READY;
        if (supervised.stoppedFor != null) {
            // Stopped by jinit for its check: whatever its status, it failed.
            supervised.lastEnd = new TerminationMessage.End(supervised.program.name(), supervised.checks.verdictReason());
            supervised.stoppedFor = null;
            supervised.killAt = -1;
            exitCode = ExitCodes.FAILURE;
            supervised.lastExitCode = exitCode;
        }
        if (!restarting() || supervised.program.before() || !supervised.program.restart().wants(exitCode)) {
            finish(supervised, exitCode);
            return;
        }
        long now = System.nanoTime();
        Duration delay = supervised.restarts.nextDelay(now);
        if (delay == null) {
            String gaveUp = supervised.restarts.used() + " restarts within " + supervised.program.restart().window().toSeconds()
                    + " s";
            Log.warn("giving up on " + supervised.program.name() + ": " + gaveUp);
            supervised.lastEnd = new TerminationMessage.End(supervised.program.name(), "was given up after " + gaveUp
                    + "; it last " + supervised.lastEnd.how());
            finish(supervised, exitCode != 0 ? exitCode : ExitCodes.FAILURE);
            return;
        }
        Log.at(Log.INFO, "restarting " + supervised.program.name() + " in " + delay.toMillis() + " ms");
        supervised.restartAt = now + delay.toNanos();
    }

    @Override
    public void finish(Supervised supervised, int exitCode) {
        supervised.done = true;
        supervised.restartAt = -1;
        if (watched(supervised) && exitCode != 0 && failure < 0) {
            failure = exitCode;
            failedEnd = supervised.lastEnd;
        }
    }

    /**
     * The restarts scheduled will not happen: those commands have ended for good, and so have those
     * stopped through the control channel, which are no failure.
     */
    private void cancelRestarts() {
        for (Supervised supervised : longRunning) {
            if (supervised.restartAt >= 0) {
                finish(supervised, supervised.lastExitCode);
            } else if (supervised.stopped && supervised.pid == 0 && !supervised.done) {
                finish(supervised, 0);
            }
        }
    }

    @Override
    public boolean watched(Supervised supervised) {
        return !supervised.program.before() && (watchAll || supervised.program.watched());
    }

    /** Stops the running commands last-started first, each with the stop signal, then SIGKILL after its grace. */
    private void stopInReverseOrder(int received) throws LibcException {
        phase = Phase.STOPPING;
        int signal = options.rewrites().apply(received);
        cancelRestarts();
        for (Supervised supervised : started.reversed()) {
            if (supervised.pid <= 0) {
                continue;
            }
            if (phase != Phase.HURRIED && signal != 0) {
                Log.at(Log.INFO, "stopping " + supervised + " with SIG" + Signals.name(signal));
                processes.signal(supervised.pid, signal);
                awaitExit(supervised, supervised.program.grace(), true);
            }
            if (supervised.pid > 0) {
                Log.at(Log.INFO, "sending SIGKILL to " + supervised);
                processes.signal(supervised.pid, Signals.SIGKILL);
                awaitExit(supervised, KILL_WAIT, false);
            }
        }
    }

    private void awaitExit(Supervised supervised, Duration limit, boolean hurryOnRequest) throws LibcException {
        int request = processes.reapUntil(this::ended, () -> supervised.pid <= 0, limit, hurryOnRequest);
        if (request != 0) {
            Log.at(Log.INFO, "SIG" + Signals.name(request) + " while stopping: killing what is left now");
            phase = Phase.HURRIED;
        }
    }

    private void forwardToAll(int received) {
        int signal = options.rewrites().apply(received);
        for (Supervised supervised : started) {
            if (supervised.pid > 0 && signal != 0) {
                processes.signal(supervised.pid, signal);
                if (Log.enabled(Log.DEBUG)) {
                    Log.at(Log.DEBUG, "forwarded SIG" + Signals.name(received)
                            + (signal == received ? "" : " as SIG" + Signals.name(signal)) + " to " + supervised);
                }
            }
        }
        if (signal == 0) {
            Log.at(Log.DEBUG, "dropped SIG" + Signals.name(received) + " (rewritten to 0)");
        }
        if (Signals.TERMINAL_STOPS.contains(received)) {
            processes.stopSelf();
        }
    }

    /**
     * Sends the stop signal (SIGTERM, rewritten as forwarded) now, and SIGKILL after the command's
     * grace period (a deadline of the loop); returns how, as " (SIGTERM, SIGKILL after 5000 ms)".
     */
    @Override
    public String sendStop(Supervised supervised) {
        int signal = options.rewrites().apply(Signals.SIGTERM);
        Duration grace = signal == 0 ? Duration.ZERO : supervised.program.grace();
        if (signal != 0) {
            processes.signal(supervised.pid, signal);
        }
        supervised.killAt = System.nanoTime() + grace.toNanos();
        return signal == 0 ? "" : " (SIG" + Signals.name(signal) + ", SIGKILL after " + grace.toMillis() + " ms)";
    }

    @Override
    public void signal(Supervised supervised, int signal) {
        processes.signal(supervised.pid, signal);
    }

    @Override
    public List<Supervised> commands() {
        List<Supervised> all = new ArrayList<>(befores);
        all.addAll(longRunning);
        return all;
    }

    private void killDueStops() {
        for (Supervised supervised : longRunning) {
            if (supervised.killAt >= 0 && supervised.killAt - System.nanoTime() <= 0) {
                supervised.killAt = -1;
                if (supervised.pid > 0) {
                    Log.at(Log.INFO, "sending SIGKILL to " + supervised + ": its grace period is over");
                    processes.signal(supervised.pid, Signals.SIGKILL);
                }
            }
        }
    }
}
