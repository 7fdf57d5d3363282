package dev.jinit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 1, signal-forward latency: the round trip from SIGUSR1 sent to the init until the
 * child reports it, through every contender, one round trip each in a new random order per
 * invocation. JMH's own score is the time of one such round; the report takes the percentiles of
 * each contender's round trips from the raw record. jinit also runs with health checks (see
 * {@link Contender#JINIT_WITH_CHECKS}), in the same fleet: checks must never delay forwarding.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Two fleets, each started afresh, so that one fleet's luck (where its memory and threads landed) does not decide.
@Fork(2)
@Warmup(iterations = 1, batchSize = 500)
@Measurement(iterations = 10, batchSize = 1000)
public class ForwardLatencyBenchmark extends FleetBenchmark {
    static final String NAME = "forward-latency";

    @Override
    protected EchoFleet startFleet() {
        List<Contender> contenders = new ArrayList<>(Contender.installedInits());
        contenders.addAll(Contender.JINIT_WITH_CHECKS);
        contenders.add(Contender.NO_INIT);
        return new EchoFleet(contenders, forwarding, ChildPrograms.signalEcho());
    }

    @Override
    protected String name() {
        return NAME;
    }

    @Benchmark
    public void roundTripThroughEach() {
        for (EchoFleet.Lane lane : fleet.shuffled()) {
            fleet.roundTrip(lane);
        }
    }
}
