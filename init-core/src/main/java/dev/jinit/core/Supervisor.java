package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

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
 */
final class Supervisor {
    /** How long a SIGKILLed command may take to be reaped before jinit moves on. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);

    private final Inheritance inheritance;
    private final InitOptions options;
    private final SignalReader signals;
    private final Reaper reaper;
    /** Copies the commands' output with their names in front; null when they write to jinit's stdout and stderr. */
    private final OutputRelay relay;
    private final List<Supervised> befores = new ArrayList<>();
    private final List<Supervised> longRunning = new ArrayList<>();
    private final List<Supervised> started = new ArrayList<>();
    private final boolean takeTerminal;
    /** No command is marked watched, so all are. */
    private final boolean watchAll;
    private boolean leftWorkingDirectory;
    /** No more restarts: jinit is stopping. */
    private boolean stopping;
    /** A stop request waiting for the ordered stop of several commands; 0 for none. */
    private int stopRequest;
    private boolean holding;
    private boolean hurry;
    /** The exit code of the first watched command that failed; -1 while none has. */
    private int failure = -1;

    /** A program and where it stands. */
    private static final class Supervised {
        final Program program;
        /** The pid while it runs, else 0. */
        int pid;
        /** When ({@link System#nanoTime()}) a scheduled restart is due; -1 for none. */
        long restartAt = -1;
        /** Ended for good: not running, not to be restarted. */
        boolean done;
        int lastExitCode = -1;
        /** When each restart within the current window happened. */
        final ArrayDeque<Long> restarts = new ArrayDeque<>();

        Supervised(Program program) {
            this.program = program;
        }

        @Override
        public String toString() {
            return program.name() + (pid > 0 ? " (pid " + pid + ")" : "");
        }
    }

    Supervisor(Inheritance inheritance, InitOptions options, SignalReader signals, Reaper reaper, List<Program> programs,
            OutputRelay relay) {
        this.inheritance = inheritance;
        this.options = options;
        this.signals = signals;
        this.reaper = reaper;
        this.relay = relay;
        for (Program program : programs) {
            (program.before() ? befores : longRunning).add(new Supervised(program));
        }
        this.watchAll = longRunning.stream().noneMatch(s -> s.program.watched());
        this.takeTerminal = programs.size() == 1;
    }

    /** Runs everything to the end; returns the exit status. */
    int run() throws LibcException {
        for (Supervised before : befores) {
            start(before);
            while (!before.done) {
                step();
            }
            if (before.lastExitCode != 0 || stopping) {
                if (before.lastExitCode != 0) {
                    Log.error(before.program.name() + " failed with status " + before.lastExitCode + ": not starting the rest");
                }
                return before.lastExitCode;
            }
        }
        for (Supervised supervised : longRunning) {
            start(supervised);
        }
        while (!finished() && stopRequest == 0) {
            step();
        }
        // The commands still running (not watched, or beside a failed one) stop in order too.
        stopInReverseOrder(stopRequest != 0 ? stopRequest : Signals.SIGTERM);
        return Math.max(failure, 0);
    }

    /** When the loop itself failed: the status known so far, or the single command's when it ends. */
    int statusAfterFailure() throws LibcException {
        if (failure >= 0) {
            return failure;
        }
        List<Supervised> running = started.stream().filter(s -> s.pid > 0).toList();
        if (running.size() == 1) {
            Log.error("no longer forwarding signals; waiting for " + running.getFirst());
            return reaper.waitFor(running.getFirst().pid);
        }
        return ExitCodes.FAILURE;
    }

    private void start(Supervised supervised) throws LibcException {
        supervised.restartAt = -1;
        int[] output = relay == null ? null
                : new int[] {relay.open(supervised.program.name(), 1), relay.open(supervised.program.name(), 2)};
        try {
            supervised.pid = Spawner.spawn(supervised.program.command(), inheritance,
                    options.forwarding() == Forwarding.PROCESS_GROUP, takeTerminal, output);
        } catch (SpawnException e) {
            Log.error(e.getMessage());
            ended(supervised, e.exitCode());
            return;
        } finally {
            if (output != null) {
                // The child has its copies; the readers see the end once the command's processes are gone.
                Libc.close(output[0]);
                Libc.close(output[1]);
            }
        }
        if (!started.contains(supervised)) {
            started.add(supervised);
        }
        Log.at(Log.INFO, "started " + supervised + ": " + supervised.program.command());
        if (!leftWorkingDirectory) {
            leftWorkingDirectory = true;
            leaveWorkingDirectory();
        }
    }

    /** Waits for one signal or a due restart, and acts on it. Plain loops: this is the forwarding path. */
    private void step() throws LibcException {
        long nextRestart = -1;
        for (Supervised supervised : longRunning) {
            if (supervised.restartAt >= 0 && (nextRestart < 0 || supervised.restartAt < nextRestart)) {
                nextRestart = supervised.restartAt;
            }
        }
        int timeoutMillis = nextRestart < 0 ? -1
                : (int) Math.max(0, Duration.ofNanos(nextRestart - System.nanoTime()).toMillis() + 1);
        int signal = signals.next(timeoutMillis);
        if (signal == Signals.SIGCHLD) {
            reaper.reapAll(this::ended);
        } else if (signal != 0 && Signals.STOP_REQUESTS.contains(signal)) {
            requestStop(signal);
        } else if (signal != 0) {
            forwardToAll(signal);
        }
        if (nextRestart >= 0) {
            startDueRestarts();
        }
    }

    private void startDueRestarts() throws LibcException {
        for (Supervised supervised : longRunning) {
            if (supervised.restartAt >= 0 && supervised.restartAt - System.nanoTime() <= 0 && !stopping) {
                supervised.restarts.addLast(System.nanoTime());
                start(supervised);
            }
        }
    }

    private void requestStop(int signal) {
        if (holding) {
            // The operator is done looking: whatever the signal became, end.
            stopRequest = signal;
        } else if (options.rewrites().apply(signal) == 0) {
            Log.at(Log.DEBUG, "dropped SIG" + Signals.name(signal) + " (rewritten to 0)");
        } else if (befores.stream().anyMatch(s -> s.pid > 0) || longRunning.size() == 1) {
            stopping = true;
            longRunning.stream().filter(s -> s.restartAt >= 0).forEach(s -> finish(s, s.lastExitCode));
            forwardToAll(signal);
        } else {
            stopRequest = signal;
        }
    }

    /** Whether a second stop request cut the ordered stop short: the sweep after it should not wait either. */
    boolean hurried() {
        return hurry;
    }

    private boolean finished() {
        if (failure >= 0) {
            if (options.holdOnFailure() && !stopping) {
                if (!holding) {
                    holding = true;
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
        for (Supervised supervised : started) {
            if (supervised.pid == pid) {
                supervised.pid = 0;
                Log.at(Log.INFO, supervised.program.name() + " (pid " + pid + ") ended with status " + exitCode);
                ended(supervised, exitCode);
                return;
            }
        }
        Reaper.logReaped(pid, options.warnOnReap());
    }

    private void ended(Supervised supervised, int exitCode) {
        supervised.lastExitCode = exitCode;
        Program.Restart restart = supervised.program.restart();
        if (stopping || supervised.program.before() || !restart.wants(exitCode)) {
            finish(supervised, exitCode);
            return;
        }
        long now = System.nanoTime();
        while (!supervised.restarts.isEmpty() && now - supervised.restarts.getFirst() > restart.window().toNanos()) {
            supervised.restarts.removeFirst();
        }
        if (supervised.restarts.size() >= restart.limit()) {
            Log.warn("giving up on " + supervised.program.name() + ": " + supervised.restarts.size()
                    + " restarts within " + restart.window().toSeconds() + " s");
            finish(supervised, exitCode != 0 ? exitCode : ExitCodes.FAILURE);
            return;
        }
        Duration delay = restart.delay(supervised.restarts.size());
        Log.at(Log.INFO, "restarting " + supervised.program.name() + " in " + delay.toMillis() + " ms");
        supervised.restartAt = now + delay.toNanos();
    }

    private void finish(Supervised supervised, int exitCode) {
        supervised.done = true;
        supervised.restartAt = -1;
        if (watched(supervised) && exitCode != 0 && failure < 0) {
            failure = exitCode;
        }
    }

    private boolean watched(Supervised supervised) {
        return !supervised.program.before() && (watchAll || supervised.program.watched());
    }

    /** Stops the running commands last-started first, each with the stop signal, then SIGKILL after its grace. */
    private void stopInReverseOrder(int received) throws LibcException {
        stopping = true;
        int signal = options.rewrites().apply(received);
        longRunning.stream().filter(s -> s.restartAt >= 0).forEach(s -> finish(s, s.lastExitCode));
        for (Supervised supervised : started.reversed()) {
            if (supervised.pid <= 0) {
                continue;
            }
            if (!hurry && signal != 0) {
                Log.at(Log.INFO, "stopping " + supervised + " with SIG" + Signals.name(signal));
                send(target(supervised), signal);
                awaitExit(supervised, supervised.program.grace(), true);
            }
            if (supervised.pid > 0) {
                Log.at(Log.INFO, "sending SIGKILL to " + supervised);
                send(target(supervised), Signals.SIGKILL);
                awaitExit(supervised, KILL_WAIT, false);
            }
        }
    }

    private void awaitExit(Supervised supervised, Duration limit, boolean hurryOnRequest) throws LibcException {
        int request = reaper.reapUntil(this::ended, signals, () -> supervised.pid <= 0, limit, hurryOnRequest);
        if (request != 0) {
            Log.at(Log.INFO, "SIG" + Signals.name(request) + " while stopping: killing what is left now");
            hurry = true;
        }
    }

    private void forwardToAll(int received) {
        int signal = options.rewrites().apply(received);
        for (Supervised supervised : started) {
            if (supervised.pid > 0 && signal != 0) {
                send(target(supervised), signal);
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
            // The kernel ignores this when jinit is PID 1 of its namespace.
            send(ProcSelf.pid(), Signals.SIGSTOP);
        }
    }

    /** So that jinit does not keep the directory it was started in busy; the child started there. */
    private static void leaveWorkingDirectory() {
        try {
            Libc.chdir("/");
        } catch (LibcException e) {
            Log.warn("cannot change directory to /: " + e.getMessage());
        }
    }

    private int target(Supervised supervised) {
        return options.forwarding() == Forwarding.PROCESS_GROUP ? -supervised.pid : supervised.pid;
    }

    private static void send(int target, int signal) {
        try {
            Libc.kill(target, signal);
        } catch (LibcException e) {
            // ESRCH: the command (group) is gone and its SIGCHLD is on its way.
            Log.at(Log.DEBUG, "sending SIG" + Signals.name(signal) + " to " + target + ": " + e.getMessage());
        }
    }
}
