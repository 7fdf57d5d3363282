package dev.jinit.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers the control channel's requests ({@link ControlServer}) on the loop's thread: status, and
 * start, stop, restart and signal of commands by name, through what the supervision loop, which
 * owns the commands, lets it do ({@link Loop}). Never blocks: a stop's SIGKILL is a deadline of the loop.
 */
final class ControlDesk {
    /** What the desk may ask of the supervision loop. */
    interface Loop {
        /** Every command, the {@code --before} ones first, in order. */
        List<Supervised> commands();

        /** Whether ended commands are still started again (no stop is under way). */
        boolean restarting();

        boolean watched(Supervised supervised);

        void start(Supervised supervised);

        /** Sends the stop signal now and SIGKILL after the grace period; returns how, for the answer. */
        String sendStop(Supervised supervised);

        void signal(Supervised supervised, int signal);

        /** The command has ended for good with {@code exitCode}. */
        void finish(Supervised supervised, int exitCode);
    }

    private final Loop loop;

    ControlDesk(Loop loop) {
        this.loop = loop;
    }

    /** Carries out a request of the control channel; never blocks: a stop's SIGKILL is a deadline of the loop. */
    ControlAnswer answer(ControlRequest request) {
        if (request.verb() == ControlRequest.Verb.STATUS) {
            return status();
        }
        List<Supervised> named = new ArrayList<>();
        for (Supervised supervised : loop.commands()) {
            if (supervised.program.name().equals(request.name())) {
                named.add(supervised);
            }
        }
        if (named.isEmpty()) {
            return ControlAnswer.failed("no command is named " + request.name() + " (see --control status)\n");
        }
        if (named.stream().anyMatch(s -> s.program.before())) {
            return ControlAnswer.failed(request.name() + " is a --before command, which runs once\n");
        }
        if (request.verb() != ControlRequest.Verb.SIGNAL && !loop.restarting()) {
            return ControlAnswer.failed("jinit is stopping: no command is started or stopped on request\n");
        }
        StringBuilder text = new StringBuilder();
        boolean failed = false;
        for (Supervised supervised : named) {
            String outcome = switch (request.verb()) {
                case START -> startOnRequest(supervised);
                case STOP -> stopOnRequest(supervised, false);
                case RESTART -> stopOnRequest(supervised, true);
                case SIGNAL -> signalOnRequest(supervised, request.signal());
                case STATUS -> throw new IllegalStateException();
            };
            failed |= outcome.startsWith("not ");
            text.append(supervised.program.name()).append(": ").append(outcome).append('\n');
        }
        return failed ? ControlAnswer.failed(text.toString()) : ControlAnswer.ok(text.toString());
    }

    /** One line per command; 0 when every watched command is running. */
    private ControlAnswer status() {
        StringBuilder text = new StringBuilder();
        boolean allRunning = true;
        long now = System.nanoTime();
        for (Supervised supervised : loop.commands()) {
            String state = state(supervised);
            text.append(supervised.program.name()).append(": ").append(state);
            if (supervised.pid > 0) {
                text.append(", pid ").append(supervised.pid);
            }
            if (!supervised.program.before()) {
                text.append(", restarts ").append(supervised.restartCount);
            }
            if (supervised.pid > 0) {
                text.append(", uptime ").append(Duration.ofNanos(now - supervised.startedAt).toSeconds()).append('s');
            }
            text.append('\n');
            allRunning &= !loop.watched(supervised) || state.equals("running");
        }
        return new ControlAnswer(allRunning ? 0 : ExitCodes.FAILURE, false, text.toString());
    }

    private static String state(Supervised supervised) {
        if (supervised.pid > 0) {
            return supervised.stopped || supervised.stoppedFor != null ? "stopping"
                    : supervised.ready() ? "running" : "starting";
        }
        if (supervised.restartAt >= 0) {
            return "restarting";
        }
        if (supervised.stopped) {
            return "stopped";
        }
        return supervised.lastExitCode < 0 ? "starting" : "exited with status " + supervised.lastExitCode;
    }

    private String startOnRequest(Supervised supervised) {
        if (supervised.pid > 0) {
            return supervised.stopped ? "not started: still stopping" : "already running";
        }
        supervised.stopped = false;
        supervised.done = false;
        supervised.restartCount++;
        loop.start(supervised);
        return supervised.pid > 0 ? "started" : "not started: " + supervised.lastEnd.how();
    }

    /** Sends the stop signal (SIGTERM, rewritten as forwarded) now, and SIGKILL after the command's grace period. */
    private String stopOnRequest(Supervised supervised, boolean startAgain) {
        if (supervised.pid <= 0) {
            if (startAgain) {
                return startOnRequest(supervised);
            }
            supervised.restartAt = -1;
            supervised.stopped = true;
            return "stopped";
        }
        supervised.startWhenStopped = startAgain;
        if (supervised.stopped) {
            return "stopping";
        }
        supervised.stopped = true;
        String how = loop.sendStop(supervised);
        Log.at(Log.INFO, "stopping " + supervised + " on request" + how);
        return "stopping" + how;
    }

    private String signalOnRequest(Supervised supervised, int signal) {
        if (supervised.pid <= 0) {
            return "not signalled: not running";
        }
        loop.signal(supervised, signal);
        Log.at(Log.DEBUG, "sent SIG" + Signals.name(signal) + " to " + supervised + " on request");
        return "sent SIG" + Signals.name(signal);
    }

    /** A command stopped through the control channel has ended: no failure, no restart by policy. */
    void ended(Supervised supervised) {
        supervised.killAt = -1;
        supervised.restartAt = -1;
        if (!loop.restarting()) {
            loop.finish(supervised, 0);
        } else if (supervised.startWhenStopped) {
            supervised.startWhenStopped = false;
            supervised.stopped = false;
            supervised.restartCount++;
            loop.start(supervised);
        }
    }
}
