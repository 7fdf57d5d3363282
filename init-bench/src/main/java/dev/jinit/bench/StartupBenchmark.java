package dev.jinit.bench;

import dev.jinit.core.Forwarding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Benchmark 4, start-up: from starting {@code unshare ... INIT -- CHILD} until the child's first
 * byte arrives, the child being a shell that prints one byte and exits with a known status, which
 * is checked too. Each contender once per invocation, in a new random order each time; the
 * baseline (the child alone as PID 1) shows what the namespace and the shell cost by themselves.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, batchSize = 2)
@Measurement(iterations = 20, batchSize = 3)
public class StartupBenchmark {
    static final String NAME = "startup";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private final List<Contender> contenders = new ArrayList<>();
    private final Random order = new Random(7);
    private TrialRecord record;
    private boolean measuring;

    @Setup(Level.Trial)
    public void listContenders() {
        contenders.addAll(Contender.installedInits());
        contenders.add(Contender.NO_INIT);
        record = new TrialRecord(NAME);
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
    }

    @Benchmark
    public void startEach() {
        List<Contender> shuffled = new ArrayList<>(contenders);
        Collections.shuffle(shuffled, order);
        for (Contender contender : shuffled) {
            long start = System.nanoTime();
            try (Pid1Process process = Pid1Process.start(contender, Forwarding.SINGLE_CHILD, ChildPrograms.startupProbe())) {
                process.readByte(START_TIMEOUT);
                long elapsed = System.nanoTime() - start;
                int status = process.awaitExit(EXIT_TIMEOUT);
                if (measuring) {
                    record.add(TrialRecord.Kind.STARTUP_NS, contender, elapsed);
                    record.add(TrialRecord.Kind.EXIT_STATUS, contender, ChildPrograms.STARTUP_PROBE_EXIT_STATUS, status);
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void writeRecord() {
        record.write();
    }
}
