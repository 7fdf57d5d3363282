package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The {@link Processes} of a real jinit: spawned children, kill(2), the signalfd and waitpid(2). */
final class LiveProcesses implements Processes {
    private final Inheritance inheritance;
    private final boolean processGroups;
    private final boolean takeTerminal;
    private final SignalReader signals;
    /** Copies the commands' output with their names in front; null when they write to jinit's stdout and stderr. */
    private final OutputRelay relay;
    private final HeapTrim heapTrim;
    private boolean leftWorkingDirectory;
    /** {@link SentFaults} starts once a command runs. */
    private boolean guardingSentFaults;

    /** @param takeTerminal whether a command may take the terminal's foreground: when it is the only one */
    LiveProcesses(Inheritance inheritance, Forwarding forwarding, boolean takeTerminal, SignalReader signals,
            OutputRelay relay, HeapTrim heapTrim) {
        this.inheritance = inheritance;
        this.processGroups = forwarding == Forwarding.PROCESS_GROUP;
        this.takeTerminal = takeTerminal;
        this.signals = signals;
        this.relay = relay;
        this.heapTrim = heapTrim;
    }

    @Override
    public int start(Program program) throws SpawnException, LibcException {
        int[] output = relay == null ? null : relayOutput(program.name());
        int pid;
        try {
            pid = Spawner.spawn(program.command(), inheritance, processGroups, takeTerminal, output);
        } finally {
            if (output != null) {
                // The child has its copies; the readers see the end once the command's processes are gone.
                closeWriteEnds(output);
            }
        }
        if (!leftWorkingDirectory) {
            leftWorkingDirectory = true;
            leaveWorkingDirectory();
        }
        if (!guardingSentFaults) {
            guardingSentFaults = true;
            SentFaults.guard();
        }
        heapTrim.workDone();
        return pid;
    }

    @Override
    public void signal(int pid, int signal) {
        send(processGroups ? -pid : pid, signal);
    }

    @Override
    public void stopSelf() {
        // The kernel ignores this when jinit is PID 1 of its namespace.
        send(ProcSelf.pid(), Signals.SIGSTOP);
    }

    @Override
    public int nextSignal(int timeoutMillis) throws LibcException {
        return signals.next(timeoutMillis);
    }

    @Override
    public void reapAll(Reaper.Exits exits) throws LibcException {
        Reaper.reapAll(exits);
    }

    @Override
    public int reapUntil(Reaper.Exits exits, BooleanSupplier done, Duration limit, boolean stopOnRequest)
            throws LibcException {
        return Reaper.reapUntil(exits, signals, done, limit, stopOnRequest);
    }

    @Override
    public int waitFor(int pid) throws LibcException {
        return Reaper.waitFor(pid);
    }

    /** So that jinit does not keep the directory it was started in busy; the child started there. */
    /** The write ends of the pipes whose readers copy the command's stdout and stderr. */
    private int[] relayOutput(String name) throws LibcException {
        int stdout = relay.open(name, 1);
        try {
            return new int[] {stdout, relay.open(name, 2)};
        } catch (LibcException e) {
            closeWriteEnds(new int[] {stdout});
            throw e;
        }
    }

    /**
     * Best effort: after a spawn, a descriptor that does not close must not lose the command
     * started (its pid is not handed back yet).
     */
    private static void closeWriteEnds(int[] ends) {
        for (int end : ends) {
            try {
                Libc.close(end);
            } catch (LibcException e) {
                Log.warn("cannot close an output pipe: " + e.getMessage());
            }
        }
    }

    private static void leaveWorkingDirectory() {
        try {
            Libc.chdir("/");
        } catch (LibcException e) {
            Log.warn("cannot change directory to /: " + e.getMessage());
        }
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
