package dev.jinit.bench;

import dev.jinit.core.Init.Forwarding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Benchmark 1, signal-forward latency: the round trip from SIGUSR1 sent to the init until the
 * child reports it, through every contender, one round trip each in a new random order per
 * invocation. JMH's own score is the time of one such round; the report takes the percentiles of
 * each contender's round trips from the raw record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Two fleets, each started afresh, so that one fleet's luck (where its memory and threads landed) does not decide.
@Fork(2)
@Warmup(iterations = 1, batchSize = 500)
@Measurement(iterations = 10, batchSize = 1000)
public class ForwardLatencyBenchmark {
    static final String NAME = "forward-latency";

    @Param({"SINGLE_CHILD", "PROCESS_GROUP"})
    public Forwarding forwarding;

    private EchoFleet fleet;
    private TrialRecord record;

    @Setup(Level.Trial)
    public void startFleet() {
        List<Contender> contenders = new ArrayList<>(Contender.installedInits());
        contenders.add(Contender.NO_INIT);
        fleet = new EchoFleet(contenders, forwarding, ChildPrograms.signalEcho());
        record = new TrialRecord(TrialRecord.name(NAME, forwarding));
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        fleet.setMeasuring(iteration.getType() == IterationType.MEASUREMENT);
    }

    @Benchmark
    public void roundTripThroughEach() {
        for (EchoFleet.Lane lane : fleet.shuffled()) {
            fleet.roundTrip(lane);
        }
    }

    @TearDown(Level.Trial)
    public void stopFleet() {
        fleet.stop(record);
        record.write();
    }
}
