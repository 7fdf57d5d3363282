package dev.jinit.bench;

import dev.jinit.core.Forwarding;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What the two round-trip benchmarks share: a fleet of inits with echo children, started per
 * trial in each forwarding mode, measuring only in measurement iterations, its record written at
 * the end. Subclasses start the fleet and run the round trips.
 */
@State(Scope.Benchmark)
public abstract class FleetBenchmark {
    @Param({"SINGLE_CHILD", "PROCESS_GROUP"})
    public Forwarding forwarding;

    protected EchoFleet fleet;
    private TrialRecord record;

    /** The fleet this benchmark runs, in {@link #forwarding} mode. */
    protected abstract EchoFleet startFleet();

    /** The benchmark's name in the report. */
    protected abstract String name();

    @Setup(Level.Trial)
    public void setUpTrial() {
        fleet = startFleet();
        record = new TrialRecord(TrialRecord.name(name(), forwarding));
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        fleet.setMeasuring(iteration.getType() == IterationType.MEASUREMENT);
    }

    @TearDown(Level.Trial)
    public void stopFleet() {
        fleet.stop(record);
        record.write();
    }
}
