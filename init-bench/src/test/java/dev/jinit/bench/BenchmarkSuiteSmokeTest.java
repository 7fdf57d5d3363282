package dev.jinit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jinit.bench.TrialRecord.Kind;
import dev.jinit.bench.TrialRecord.Row;
import dev.jinit.core.Forwarding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole suite once with tiny parameters against jinit and every peer installed, and
 * checks that the results are sane: samples for everyone, no zombie, every exit status exact, a
 * report naming everyone. Never asserts on timing: that is the full run's job.
 */
class BenchmarkSuiteSmokeTest {
    @Test
    void everyBenchmarkRunsOnceAndGivesSaneResults(@TempDir Path report) throws Exception {
        assumeTrue(System.getProperty("user.name").equals("root"), "needs root, for unshare --pid");
        List<Contender> inits = Contender.installedInits();
        List<Contender> withBaseline = new ArrayList<>(inits);
        withBaseline.add(Contender.NO_INIT);
        List<Contender> forwardLatencyLanes = new ArrayList<>(withBaseline);
        forwardLatencyLanes.addAll(Contender.JINIT_WITH_CHECKS);

        Path markdown = BenchmarkSuite.run(new BenchmarkSuite.Settings(report, true));

        List<Row> rows = TrialRecord.readAll(report.resolve("raw"));
        for (Forwarding mode : Forwarding.values()) {
            assertSamples(rows, TrialRecord.name(ForwardLatencyBenchmark.NAME, mode), Kind.LATENCY_NS, forwardLatencyLanes,
                    BenchmarkSuite.QUICK_ROUND_TRIPS);
            assertSamples(rows, TrialRecord.name(StormLatencyBenchmark.NAME, mode), Kind.LATENCY_NS, inits,
                    BenchmarkSuite.QUICK_STORM_TURNS * StormLatencyBenchmark.ROUND_TRIPS_PER_TURN);
        }
        assertSamples(rows, ReapBenchmark.NAME, Kind.MEMORY_KIB, inits, 1);
        for (Contender init : inits) {
            List<long[]> memory = TrialRecord.select(rows, ReapBenchmark.NAME, Kind.MEMORY_KIB, init).map(Row::values).toList();
            assertThat(memory.getFirst()).as("resident, private and proportional memory of %s", init.label())
                    .hasSize(3).doesNotContain(0L);
            assertThat(memory.getFirst()[1]).as("private memory of %s within its resident memory", init.label())
                    .isLessThanOrEqualTo(memory.getFirst()[0]);
        }
        assertSamples(rows, StartupBenchmark.NAME, Kind.STARTUP_NS, withBaseline, 1);
        for (Contender init : inits) {
            List<long[]> bursts = TrialRecord.select(rows, ReapBenchmark.NAME, Kind.BURST, init).map(Row::values).toList();
            assertThat(bursts).as("bursts of %s", init.label()).hasSize(1);
            assertThat(bursts.getFirst()[0]).as("orphans released under %s", init.label())
                    .isEqualTo(BenchmarkSuite.QUICK_ORPHANS_PER_BURST);
            assertThat(bursts.getFirst()[1]).as("drain time under %s", init.label()).isPositive();
            assertThat(bursts.getFirst()[2]).as("zombies left under %s", init.label()).isZero();
        }
        List<long[]> exitStatuses = rows.stream().filter(row -> row.kind() == Kind.EXIT_STATUS).map(Row::values).toList();
        // Two fleets per mode, each with every init; the baseline and jinit with checks in the forward-latency
        // fleets; reap; start-up.
        assertThat(exitStatuses).hasSize(4 * inits.size() + 2 * (1 + Contender.JINIT_WITH_CHECKS.size())
                + inits.size() + withBaseline.size());
        assertThat(exitStatuses).allSatisfy(status -> assertThat(status[1]).isEqualTo(status[0]));

        String text = Files.readString(markdown);
        assertThat(text).contains("## Targets", "## 1. Signal-forward latency", "### With health checks running",
                "## 2. Reaping a fork storm",
                "## 3. Forward latency during a fork storm", "## 4. Start-up and idle memory");
        for (Contender peer : Contender.PEERS) {
            assertThat(text).contains(peer.label());
        }
        Contender.missingPeers().forEach(peer -> assertThat(text).contains("| " + peer.label() + " | not installed |"));
        assertThat(report.resolve("forward-latency-single-child.svg")).content().startsWith("<svg");
    }

    private static void assertSamples(List<Row> rows, String trial, Kind kind, List<Contender> contenders, int expected) {
        for (Contender contender : contenders) {
            List<Long> values = LongStream.of(TrialRecord.values(rows, trial, kind, contender)).boxed().toList();
            assertThat(values).as("%s %s of %s", trial, kind, contender.label())
                    .hasSize(expected)
                    .allMatch(value -> value > 0);
        }
    }
}
