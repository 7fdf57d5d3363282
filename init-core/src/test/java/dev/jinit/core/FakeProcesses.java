package dev.jinit.core;

import dev.jinit.core.libc.LibcException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Commands that exist only as names: what the supervisor starts and signals is written to
 * {@link #log}, and what happens to jinit comes from a script, one event per wait. A command ends
 * with status 0 on TERM, INT or QUIT unless it is {@link #stubborn}, and with 137 on KILL.
 */
final class FakeProcesses implements Processes {
    /** What the supervisor did, in order: {@code start web}, {@code web TERM}. */
    final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The status each command's exec checks exit with, by command name; 0 when not given. */
    final Map<String, Integer> checkStatus = new HashMap<>();
    /** Commands whose exec checks cannot be started: jinit is short of processes (a pids limit). */
    final Set<String> checksCannotStart = new HashSet<>();
    /** Commands that have said they are ready (notify, fd). */
    final Set<String> saidReady = new HashSet<>();
    /** Waits asked to end at a time already past: each a wake-up for nothing, again and again if the time stays. */
    int pastDeadlines;
    /** Commands that ignore stop signals. */
    final Set<String> stubborn = new HashSet<>();
    /** Where {@link #asks} leaves its requests, for the supervisor made with it. */
    final ControlInbox control = new ControlInbox(() -> {});
    /** For the checks of the supervisor made with it (whose checks here are exec checks and what commands say). */
    final Probes probes = new Probes(() -> {}, this);
    private final ArrayDeque<Event> script = new ArrayDeque<>();
    private final Map<String, Integer> running = new HashMap<>();
    private final Map<Integer, String> names = new HashMap<>();
    /** Ended and not yet reaped: pid, exit status. */
    private final ArrayDeque<int[]> ended = new ArrayDeque<>();
    private int nextPid = 100;

    private record Event(String command, int status, int signal, ControlRequest request, long sleepMillis) {
        Event(String command, int status, int signal) {
            this(command, status, signal, null, 0);
        }
    }

    static Program program(String name, Program.Restart restart, boolean watched) {
        return new Program(name, new Command(List.of(name.getBytes(StandardCharsets.UTF_8))), restart, watched, false,
                Duration.ofSeconds(5), List.of(), null, null, null, null);
    }

    /** Next in the script: {@code command} exits with {@code status} (once it runs). */
    FakeProcesses exits(String command, int status) {
        script.add(new Event(command, status, 0));
        return this;
    }

    /** Next in the script: jinit receives {@code signal}. */
    FakeProcesses receives(int signal) {
        script.add(new Event(null, 0, signal));
        return this;
    }

    /**
     * Next in the script: the control channel asks {@code words} (as {@code jinit --control}
     * takes them); the answer goes to the log: {@code answer 0: web: started}.
     */
    FakeProcesses asks(String... words) {
        script.add(new Event(null, 0, 0, ControlRequest.parse(List.of(words)), 0));
        return this;
    }

    /** Next in the script: a wait ends with nothing received, {@code millis} later by the clock (for checks, which read it). */
    FakeProcesses sleeps(long millis) {
        script.add(new Event(null, 0, 0, null, millis));
        return this;
    }

    /** Next in the script: a wait ends with nothing received (a restart that is due starts then). */
    FakeProcesses timePasses() {
        return receives(0);
    }

    boolean scriptDone() {
        return script.isEmpty();
    }

    @Override
    public synchronized int start(Program program) {
        int pid = nextPid++;
        running.put(program.name(), pid);
        names.put(pid, program.name());
        log.add("start " + program.name());
        return pid;
    }

    /** An exec check that ends at once, with the status {@link #checkStatus} gives. */
    @Override
    public synchronized int startCheck(Program program, Check.Exec check) throws SpawnException {
        if (checksCannotStart.contains(program.name())) {
            log.add("no check " + program.name());
            throw new SpawnException(new Command(List.of("probe".getBytes(StandardCharsets.UTF_8))), "no process left");
        }
        int pid = nextPid++;
        log.add("check " + program.name());
        ended.add(new int[] {pid, checkStatus.getOrDefault(program.name(), 0)});
        return pid;
    }

    @Override
    public synchronized void killCheck(int pid) {
        log.add("kill check " + pid);
    }

    @Override
    public boolean saidReady(Program program) {
        return saidReady.contains(program.name());
    }

    @Override
    public synchronized void signal(int pid, int signal) {
        String name = names.get(pid);
        log.add(name + " " + Signals.name(signal));
        if (signal == Signals.SIGKILL) {
            end(name, 137);
        } else if (Signals.STOP_REQUESTS.contains(signal) && !stubborn.contains(name)) {
            end(name, 0);
        }
    }

    @Override
    public boolean oomKilledOne() {
        return false;
    }

    @Override
    public void stopSelf() {
        log.add("stop jinit");
    }

    @Override
    public int nextSignal(long wakeAt) throws LibcException {
        if (wakeAt >= 0 && wakeAt - System.nanoTime() < 0) {
            pastDeadlines++;
        }
        if (hasEnded()) {
            return Signals.SIGCHLD;
        }
        Event event = script.peek();
        if (event == null || (event.command() != null && !running.containsKey(event.command()))) {
            if (wakeAt < 0) {
                throw new AssertionError("the supervisor waits forever; still running: " + running.keySet());
            }
            return 0;
        }
        script.remove();
        if (event.sleepMillis() > 0) {
            try {
                Thread.sleep(event.sleepMillis());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return 0;
        }
        if (event.request() != null) {
            ControlInbox.Pending[] pending = new ControlInbox.Pending[1];
            pending[0] = new ControlInbox.Pending(event.request(),
                    () -> log.add("answer " + pending[0].answer().status() + ": " + pending[0].answer().text().strip()));
            control.submit(pending[0]);
            return Signals.SIGCHLD;
        }
        if (event.command() == null) {
            return event.signal();
        }
        end(event.command(), event.status());
        return Signals.SIGCHLD;
    }

    /** Exec checks end on the checks' threads: what has ended is read and changed under this fake's lock. */
    private synchronized boolean hasEnded() {
        return !ended.isEmpty();
    }

    private synchronized int[] nextEnded() {
        return ended.poll();
    }

    /** Tells {@code exits} outside the lock, which the supervisor's checks take the other way round. */
    @Override
    public void reapAll(Reaper.Exits exits) {
        for (int[] exit = nextEnded(); exit != null; exit = nextEnded()) {
            exits.ended(exit[0], exit[1]);
        }
    }

    @Override
    public int reapUntil(Reaper.Exits exits, BooleanSupplier done, Duration limit, boolean stopOnRequest) {
        reapAll(exits);
        Event event = script.peek();
        if (!done.getAsBoolean() && stopOnRequest && event != null && event.command() == null
                && Signals.STOP_REQUESTS.contains(event.signal())) {
            return script.remove().signal();
        }
        // Otherwise the limit passes.
        return 0;
    }

    private synchronized void end(String name, int status) {
        Integer pid = running.remove(name);
        if (pid != null) {
            log.add(name + " ends with " + status);
            ended.add(new int[] {pid, status});
        }
    }
}
