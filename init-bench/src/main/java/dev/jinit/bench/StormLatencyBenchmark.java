package dev.jinit.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * Benchmark 3, forward latency while a fork storm runs: is PID 1 still responsive while it
 * reaps? Each init's child has a generator that orphans processes as fast as it can fork. Only
 * one storm runs at a time, the one of the init being measured: per invocation, each contender in
 * a new random order gets its storm resumed, {@link #STORM_RAMP_UP} to get going, then
 * {@link #ROUND_TRIPS_PER_TURN} round trips, then its storm paused.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Two fleets, each started afresh, so that one fleet's luck (where its memory and threads landed) does not decide.
@Fork(2)
@Warmup(iterations = 1, batchSize = 5)
@Measurement(iterations = 20, batchSize = 20)
public class StormLatencyBenchmark extends FleetBenchmark {
    static final String NAME = "storm-latency";
    static final int ROUND_TRIPS_PER_TURN = 10;
    static final Duration STORM_RAMP_UP = Duration.ofMillis(10);

    @Override
    protected EchoFleet startFleet() {
        EchoFleet stormFleet = new EchoFleet(Contender.installedInits(), forwarding, ChildPrograms.signalEchoWithStorm());
        stormFleet.findStormGenerators();
        return stormFleet;
    }

    @Override
    protected String name() {
        return NAME;
    }

    @Benchmark
    public void roundTripsThroughEachDuringItsStorm() {
        for (EchoFleet.Lane lane : fleet.shuffled()) {
            lane.resumeStorm();
            try {
                LockSupport.parkNanos(STORM_RAMP_UP.toNanos());
                for (int i = 0; i < ROUND_TRIPS_PER_TURN; i++) {
                    fleet.roundTrip(lane);
                }
            } finally {
                lane.pauseStorm();
            }
        }
    }
}
