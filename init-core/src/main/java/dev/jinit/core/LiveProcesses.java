package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import dev.jinit.core.libc.PosixSpawn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The {@link Processes} of a real jinit: spawned children, kill(2), the signalfd and waitpid(2). */
final class LiveProcesses implements Processes {
    /** This image's java: the exec step of a command that runs as another user (see {@link RunAs}). */
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final Inheritance inheritance;
    private final boolean processGroups;
    private final boolean takeTerminal;
    private final SignalReader signals;
    /** Copies the commands' output with their names in front; null when they write to jinit's stdout and stderr. */
    private final OutputRelay relay;
    private final HeapTrim heapTrim;
    private final OomOrder oomOrder;
    /** Wakes the loop at its next deadline (see {@link #nextSignal}). */
    private final LoopTimer loopTimer = new LoopTimer();
    /** The deadline the loop timer is set for; -1 for none. */
    private long timerArmedFor = -1;
    /** The loop timer could not be made or set (no timer left): the wait takes a timeout instead, without trying again. */
    private boolean loopTimerFailed;
    /** An exec check's stdout and stderr: its output is not the container's log. */
    private static final List<PosixSpawn.FileAction> DISCARD_OUTPUT = List.of(
            new PosixSpawn.OpenForWriting(1, "/dev/null".getBytes(StandardCharsets.US_ASCII)), new PosixSpawn.Dup2(1, 2));
    /** Where the commands with a notify or fd readiness check tell it, by command (the same program twice is two commands). */
    private final Map<Program, ReadinessNotice> notices = new IdentityHashMap<>();
    /** Where the commands start: the directory jinit was started in; null when jinit stays there. */
    private final byte[] workingDirectory;

    /** @param takeTerminal whether a command may take the terminal's foreground: when it is the only one */
    LiveProcesses(Inheritance inheritance, Forwarding forwarding, boolean takeTerminal, SignalReader signals,
            OutputRelay relay, HeapTrim heapTrim, OomOrder oomOrder) {
        this.inheritance = inheritance;
        this.processGroups = forwarding == Forwarding.PROCESS_GROUP;
        this.takeTerminal = takeTerminal;
        this.signals = signals;
        this.relay = relay;
        this.heapTrim = heapTrim;
        this.oomOrder = oomOrder;
        this.workingDirectory = leaveWorkingDirectory();
    }

    @Override
    public int start(Program program) throws SpawnException, LibcException {
        int[] output = relay == null ? null : relay.outputOf(program.name());
        ReadinessNotice notice = notices.get(program);
        if (notice == null && program.readiness() != null && program.readiness().check().toldByCommand()) {
            notice = new ReadinessNotice(program.readiness().check());
            notices.put(program, notice);
        }
        List<PosixSpawn.FileAction> moreActions = List.of();
        if (notice != null) {
            notice.prepare();
            moreActions = notice.fileActions();
        }
        // Its NOTIFY_SOCKET in place of one jinit inherited (podman run --sdnotify=container gives it one).
        List<byte[]> environment = program.environmentOver(inheritance.environment(),
                notice == null ? null : notice.environmentEntry());
        Command command = program.command();
        if (program.runAs() != null) {
            command = new Command(program.runAs().commandLine(JAVA, command.argv()));
            environment = RunAs.hideJvmVariables(environment);
        }
        int pid;
        try {
            pid = Spawner.spawn(command, inheritance, directoryOf(program), processGroups, takeTerminal, output,
                    environment, moreActions);
        } finally {
            if (notice != null) {
                notice.started();
            }
        }
        oomOrder.putAheadOfJinit(pid);
        heapTrim.workDone();
        return pid;
    }

    @Override
    public int startCheck(Program program, Check.Exec check) throws SpawnException {
        List<byte[]> argv = check.argv().stream().map(word -> word.getBytes(StandardCharsets.UTF_8)).toList();
        int pid = Spawner.spawn(new Command(argv), inheritance, directoryOf(program), true, false, null,
                program.environmentOver(inheritance.environment()), DISCARD_OUTPUT);
        oomOrder.putAheadOfJinit(pid);
        return pid;
    }

    @Override
    public void killCheck(int pid) {
        send(-pid, Signals.SIGKILL);
    }

    @Override
    public boolean saidReady(Program program) throws LibcException {
        ReadinessNotice notice = notices.get(program);
        return notice != null && notice.saidReady();
    }

    private byte[] directoryOf(Program program) {
        return program.workingDirectory() != null
                ? program.workingDirectory().getBytes(StandardCharsets.UTF_8) : workingDirectory;
    }

    @Override
    public void signal(int pid, int signal) {
        send(processGroups ? -pid : pid, signal);
    }

    @Override
    public boolean oomKilledOne() {
        return oomOrder.killedOneSinceLastAsked();
    }

    @Override
    public void stopSelf() {
        // As PID 1 of its namespace jinit cannot stop: the kernel discards the STOP, but only after
        // discarding a SIGCONT pending for jinit, which then never reaches the stopped command.
        int self = ProcSelf.pid();
        if (self != 1) {
            send(self, Signals.SIGSTOP);
        }
    }

    /**
     * The wait is always one blocking read(2) of the signalfd, even with a time to wake at: a
     * timeout would cost every signal forwarded meanwhile a poll(2) before its read (a health check
     * always has a next attempt due: 1.15-1.2x the round trip at the median, measured). The time
     * comes as a signal instead, from a timer of the loop's own, armed when the time changes.
     */
    @Override
    public int nextSignal(long wakeAt) throws LibcException {
        if (wakeAt >= 0 && wakeAt != timerArmedFor) {
            if (loopTimerFailed) {
                return signals.next((int) Math.max(0, Duration.ofNanos(wakeAt - System.nanoTime()).toMillis() + 1));
            }
            try {
                loopTimer.set(wakeAt);
                timerArmedFor = wakeAt;
            } catch (LibcException e) {
                Log.warn("the loop waits with a timeout from now on: " + e.getMessage());
                loopTimerFailed = true;
                return nextSignal(wakeAt);
            }
        }
        int signal = signals.next(-1);
        if (signal == 0 && timerArmedFor >= 0 && System.nanoTime() - timerArmedFor >= 0) {
            // It went off (or is about to, and then wakes the loop once more, harmlessly).
            timerArmedFor = -1;
        }
        return signal;
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

    /**
     * Moves jinit to {@code /} before it starts anything, so that it never keeps the directory it was
     * started in (a volume, say) busy, as catatonit does; the commands start there all the same, by
     * its path. Returns that path, or null when jinit stays: it is {@code /} already, or it cannot be
     * named (removed) or left.
     */
    private static byte[] leaveWorkingDirectory() {
        byte[] directory;
        try {
            directory = Libc.getcwd();
        } catch (LibcException e) {
            Log.at(Log.DEBUG, "staying in the working directory, which has no path (" + e.getMessage() + ")");
            return null;
        }
        if (directory.length == 1) {
            // Already in /.
            return null;
        }
        try {
            Libc.chdir("/");
            return directory;
        } catch (LibcException e) {
            Log.warn("cannot change directory to /: " + e.getMessage());
            return null;
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
