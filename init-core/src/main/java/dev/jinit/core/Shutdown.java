package dev.jinit.core;

import dev.jinit.core.libc.Errno;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.time.Duration;
import java.util.List;

/**
 * After the main child has ended: every process left below jinit (as PID 1, every process in the
 * namespace, including those that left the child's group or session and those entered from
 * outside) gets SIGTERM and a grace period, then SIGKILL. Otherwise the kernel SIGKILLs them without warning when PID 1 exits.
 *
 * <p>Processes are found through {@code /proc} by their chain of parents, never with
 * {@code kill(-1)}, and signalled through a pidfd opened after checking that the pid still
 * belongs to the process found, so a pid reused in between is never hit.
 */
final class Shutdown {
    /** How long to wait for killed processes to be gone before exiting anyway. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);

    private final SignalReader signals;
    private final Reaper.Exits exits;
    private final int self = ProcSelf.pid();
    /** What the last look at /proc found below jinit. */
    private List<ProcessEntry> lastLook = List.of();

    /** @param exits told of every process reaped meanwhile */
    Shutdown(SignalReader signals, Reaper.Exits exits) {
        this.signals = signals;
        this.exits = exits;
    }

    void run(Duration grace) throws LibcException {
        try {
            stopEverythingLeft(grace);
        } finally {
            // What died after the last look (the list skips zombies) is reaped too, not left to jinit's parent.
            Reaper.reapAll(exits);
        }
    }

    private void stopEverythingLeft(Duration grace) throws LibcException {
        if (!ProcessTable.matchesOwnNamespace(self)) {
            Log.warn("/proc is not this PID namespace's (mount it with the namespace): not stopping leftover processes");
            return;
        }
        Reaper.reapAll(exits);
        List<ProcessEntry> left = ProcessTable.toStop(self);
        if (left.isEmpty()) {
            return;
        }
        if (!grace.isZero()) {
            for (ProcessEntry process : left) {
                Log.at(Log.INFO, "sending SIGTERM to " + process);
                signal(process, Signals.SIGTERM);
                // A stopped process acts on SIGTERM only once continued.
                signal(process, Signals.SIGCONT);
            }
            left = waitUntilGone(grace, true);
        }
        if (left.isEmpty()) {
            return;
        }
        for (ProcessEntry process : left) {
            Log.at(Log.INFO, "sending SIGKILL to " + process + (grace.isZero() ? "" : ", still running after " + grace.toMillis() + " ms"));
            signal(process, Signals.SIGKILL);
        }
        waitUntilGone(KILL_WAIT, false);
    }

    /**
     * Reaps until no process is left below jinit, the time runs out or (if {@code stopOnRequest})
     * a stop signal arrives; returns what is left.
     */
    private List<ProcessEntry> waitUntilGone(Duration limit, boolean stopOnRequest) throws LibcException {
        int request = Reaper.reapUntil(exits, signals, this::nothingLeft, limit, stopOnRequest);
        if (request != 0) {
            Log.at(Log.INFO, "SIG" + Signals.name(request) + " during the grace period: not waiting any longer");
            // The last look came before the wait that the request ended.
            return ProcessTable.toStop(self);
        }
        return lastLook;
    }

    /** Looks at /proc once for waitUntilGone's condition, and keeps what it found. */
    private boolean nothingLeft() {
        lastLook = ProcessTable.toStop(self);
        return lastLook.isEmpty();
    }

    /** Signals {@code process} if it is still the process that was found; returns quietly if it is gone. */
    private static void signal(ProcessEntry process, int signal) {
        int pidfd;
        try {
            pidfd = Libc.pidfdOpen(process.pid());
        } catch (LibcException e) {
            logUnlessGone(process, signal, e);
            return;
        }
        try {
            // The pidfd pins whatever process has the pid now; it must be the one found.
            if (ProcessTable.read(process.pid()).filter(now -> now.startTime() == process.startTime()).isPresent()) {
                Libc.pidfdSendSignal(pidfd, signal);
            }
        } catch (LibcException e) {
            logUnlessGone(process, signal, e);
        } finally {
            try {
                Libc.close(pidfd);
            } catch (LibcException e) {
                Log.warn("closing the pidfd of " + process + ": " + e.getMessage());
            }
        }
    }

    private static void logUnlessGone(ProcessEntry process, int signal, LibcException e) {
        if (e.errno() != Errno.ESRCH) {
            Log.warn("cannot send SIG" + Signals.name(signal) + " to " + process + ": " + e.getMessage());
        }
    }
}
