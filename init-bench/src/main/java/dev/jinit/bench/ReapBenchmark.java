package dev.jinit.bench;

import dev.jinit.core.Forwarding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Benchmark 2, reaping a fork storm: each init's child ({@code orphan-bursts.sh}) leaves
 * {@link #orphansPerBurst} orphans blocked on one pipe, then releases them all at once. Timed
 * from the release until the last of them has been reaped (its pid gone from {@code /proc}); then
 * the init's children are checked for zombies. One burst per contender per invocation, in a new
 * random order each time; at the end the child exits with a known status that the init must
 * pass on. Before the first burst, benchmark 4's idle memory: each init's resident, private and
 * proportional memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Two sets of inits started afresh, each child orphaning 10,000 in 5 bursts of 2000, the first a warm-up.
@Fork(2)
@Warmup(iterations = 1, batchSize = 1)
@Measurement(iterations = 4, batchSize = 1)
public class ReapBenchmark {
    static final String NAME = "reap";
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long the inits idle, their children waiting for the first burst, before their memory is
     * read: long enough for jinit's JVM to have handed its start-up scratch memory back.
     */
    static final Duration IDLE_BEFORE_MEMORY = Duration.ofSeconds(10);
    /** Between two looks at /proc while the orphans drain: fine enough, and leaves the CPU to the init. */
    static final Duration DRAIN_POLL = Duration.ofNanos(200_000);

    @Param("2000")
    public int orphansPerBurst;

    /** One contender and its child, the one process it must not count as an orphan. */
    private record Lane(Pid1Process process, int mainChild) {}

    private final List<Lane> lanes = new ArrayList<>();
    private final Random order = new Random(7);
    private TrialRecord record;
    private boolean measuring;

    /** Starts every init with its child, and reads each init's memory once it has idled a while. */
    @Setup(Level.Trial)
    public void startInits() {
        record = new TrialRecord(NAME);
        List<Pid1Process> processes = Contender.installedInits().stream()
                .map(init -> Pid1Process.start(init, Forwarding.SINGLE_CHILD, ChildPrograms.orphanBursts()))
                .toList();
        for (Pid1Process process : processes) {
            lanes.add(new Lane(process, process.awaitOnlyChild(process.hostPid(), "child of the init")));
        }
        LockSupport.parkNanos(IDLE_BEFORE_MEMORY.toNanos());
        for (Lane lane : lanes) {
            record.add(TrialRecord.Kind.MEMORY_KIB, lane.process().contender(), ProcFs.memory(lane.process().hostPid()).values());
        }
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
    }

    @Benchmark
    public void burstThroughEach() {
        List<Lane> shuffled = new ArrayList<>(lanes);
        Collections.shuffle(shuffled, order);
        for (Lane lane : shuffled) {
            burst(lane);
        }
    }

    private void burst(Lane lane) {
        Pid1Process process = lane.process();
        process.writeLine("burst " + orphansPerBurst);
        String ready = process.readLine(SETUP_TIMEOUT);
        if (!ready.equals("ready")) {
            throw process.failure("answered '" + ready + "' to a burst");
        }
        // Every orphan has been re-parented by now: the child waited for each intermediate to exit.
        List<ProcFs.Stamp> orphans = ProcFs.childrenOf(process.hostPid()).stream()
                .filter(pid -> pid != lane.mainChild())
                .map(ProcFs::stamp)
                .flatMap(Optional::stream)
                .toList();
        if (orphans.size() != orphansPerBurst) {
            throw process.failure(orphans.size() + " orphans of the init, not " + orphansPerBurst);
        }
        long start = System.nanoTime();
        process.writeLine("release");
        long giveUp = start + DRAIN_TIMEOUT.toNanos();
        int reaped = 0;
        // Orphans are checked in order: each look costs one /proc read until one is still there.
        while (reaped < orphans.size() && System.nanoTime() - giveUp < 0) {
            if (ProcFs.isGone(orphans.get(reaped))) {
                reaped++;
            } else {
                LockSupport.parkNanos(DRAIN_POLL.toNanos());
            }
        }
        long drained = System.nanoTime() - start;
        long zombies = ProcFs.childrenOf(process.hostPid()).stream().filter(ProcFs::isZombie).count();
        if (measuring) {
            record.add(TrialRecord.Kind.BURST, process.contender(), orphans.size(), drained, zombies);
        }
    }

    @TearDown(Level.Trial)
    public void stopInits() {
        try {
            for (Lane lane : lanes) {
                lane.process().writeLine("exit");
                record.add(TrialRecord.Kind.EXIT_STATUS, lane.process().contender(),
                        ChildPrograms.ORPHAN_BURSTS_EXIT_STATUS, lane.process().awaitExit(EXIT_TIMEOUT));
            }
            record.write();
        } finally {
            lanes.forEach(lane -> lane.process().close());
        }
    }
}
