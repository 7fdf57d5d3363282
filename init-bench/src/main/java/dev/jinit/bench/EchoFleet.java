package dev.jinit.bench;

import dev.jinit.bench.child.SignalEcho;
import dev.jinit.core.Forwarding;
import dev.jinit.core.Signals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

/**
 * Every contender running the same {@link SignalEcho} child, each as PID 1 of its own namespace,
 * all at once, so that the forward-latency benchmarks can take their round trips in turns
 * (A B C D, then a new order) and whatever disturbs the machine disturbs them all alike.
 *
 * <p>The harness's JVM, and with it every init and child it starts, is pinned to one CPU (see
 * {@link CpuAffinity}); the storm generators, when there are any, to another one if there is one.
 */
final class EchoFleet {
    /** Generous: start-up is two JVMs per echo child, and jinit's own two, on a small machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    /** One contender of the fleet and its round trips. */
    static final class Lane {
        private final Pid1Process process;
        private final LongStream.Builder roundTrips = LongStream.builder();
        /** The init's CPU use when the first measured round trip started. */
        private ProcFs.CpuUse cpuAtStart;
        private int stormGenerator;

        private Lane(Pid1Process process) {
            this.process = process;
        }

        Contender contender() {
            return process.contender();
        }

        /** Lets this lane's fork storm run: SIGCONT straight to the generator, not through the init. */
        void resumeStorm() {
            process.signalPid(stormGenerator, Signals.SIGCONT);
        }

        void pauseStorm() {
            process.signalPid(stormGenerator, Signals.SIGSTOP);
        }
    }

    private final List<Lane> lanes;
    private final Random order = new Random(7);
    private final int stormCpu;
    private boolean measuring;

    /** Starts every contender with {@code child} and waits until each child listens. */
    EchoFleet(List<Contender> contenders, Forwarding forwarding, List<String> child) {
        List<Integer> cpus = CpuAffinity.allowedCpus();
        // The last CPU for the measured path: the first tends to take more of the machine's interrupts.
        CpuAffinity.pin(ProcessHandle.current().pid(), cpus.getLast());
        stormCpu = cpus.getFirst();
        lanes = new ArrayList<>();
        try {
            for (Contender contender : contenders) {
                lanes.add(new Lane(Pid1Process.start(contender, forwarding, child)));
            }
            for (Lane lane : lanes) {
                int ready = lane.process.readByte(START_TIMEOUT);
                if (ready != SignalEcho.READY) {
                    throw lane.process.failure("wrote " + ready + " instead of its ready byte");
                }
                lane.process.hostPid();
            }
        } catch (RuntimeException e) {
            lanes.forEach(lane -> lane.process.close());
            throw e;
        }
    }

    /**
     * Finds each lane's storm generator ({@link ChildPrograms#signalEchoWithStorm()}), the echo
     * child's only child, and moves it to a CPU of its own: the storm loads the machine, and the
     * init must reap on the measured CPU. Not for the baseline: as PID 1 its child reaps nothing.
     */
    void findStormGenerators() {
        for (Lane lane : lanes) {
            int echoChild = lane.process.awaitOnlyChild(lane.process.hostPid(), "child of the init");
            lane.stormGenerator = lane.process.awaitOnlyChild(echoChild, "storm generator");
            CpuAffinity.pin(lane.stormGenerator, stormCpu);
        }
    }

    /** Round trips count from the next call on when true; warm-up ones are dropped. */
    void setMeasuring(boolean measuring) {
        this.measuring = measuring;
        for (Lane lane : lanes) {
            if (measuring && lane.cpuAtStart == null) {
                lane.cpuAtStart = ProcFs.cpuUse(lane.process.hostPid());
            }
        }
    }

    /** The lanes in a new random order. */
    List<Lane> shuffled() {
        List<Lane> shuffled = new ArrayList<>(lanes);
        Collections.shuffle(shuffled, order);
        return shuffled;
    }

    /**
     * One round trip: SIGUSR1 to the init, which forwards it to the child, which writes one byte
     * that the harness reads. Timed from just before kill(2) to just after read(2).
     */
    void roundTrip(Lane lane) {
        long start = System.nanoTime();
        lane.process.signal(Signals.SIGUSR1);
        int reply = lane.process.readByte(REPLY_TIMEOUT);
        long elapsed = System.nanoTime() - start;
        if (reply != SignalEcho.REPLY) {
            throw lane.process.failure("replied " + reply + " instead of " + SignalEcho.REPLY);
        }
        if (measuring) {
            lane.roundTrips.add(elapsed);
        }
    }

    /**
     * Sends each init SIGTERM, which it forwards and on which the child exits with
     * {@link SignalEcho#EXIT_STATUS_ON_TERM}; records the round trips, what CPU time the inits
     * took for them, and the exit statuses.
     */
    void stop(TrialRecord record) {
        try {
            for (Lane lane : lanes) {
                long[] roundTrips = lane.roundTrips.build().toArray();
                for (long nanos : roundTrips) {
                    record.add(TrialRecord.Kind.LATENCY_NS, lane.contender(), nanos);
                }
                if (lane.cpuAtStart != null && lane.contender() != Contender.NO_INIT) {
                    ProcFs.CpuUse used = ProcFs.cpuUse(lane.process.hostPid()).since(lane.cpuAtStart);
                    record.add(TrialRecord.Kind.INIT_CPU, lane.contender(), used.runNanos(), used.timeslices(),
                            roundTrips.length);
                }
                lane.process.signal(Signals.SIGTERM);
            }
            for (Lane lane : lanes) {
                record.add(TrialRecord.Kind.EXIT_STATUS, lane.contender(),
                        SignalEcho.EXIT_STATUS_ON_TERM, lane.process.awaitExit(EXIT_TIMEOUT));
            }
        } finally {
            lanes.forEach(lane -> lane.process.close());
        }
    }
}
