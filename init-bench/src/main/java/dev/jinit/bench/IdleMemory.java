package dev.jinit.bench;

import dev.jinit.bench.TrialRecord.Kind;
import dev.jinit.bench.TrialRecord.Row;
import java.util.ArrayList;
import java.util.List;

/** The idle memory figures of {@link Kind#MEMORY_KIB} rows (see {@link ProcFs.Memory}), by index. */
final class IdleMemory {
    static final int RESIDENT = 0;
    static final int PRIVATE = 1;
    static final int PROPORTIONAL = 2;
    private static final double MIB_PER_KIB = 1.0 / 1024;

    private IdleMemory() {}

    /** Resident, private and proportional memory of {@code contender}'s samples, in MiB, in that order. */
    static List<Percentiles> inMib(List<Row> rows, Contender contender) {
        List<long[]> samples = TrialRecord.select(rows, ReapBenchmark.NAME, Kind.MEMORY_KIB, contender).map(Row::values).toList();
        List<Percentiles> figures = new ArrayList<>();
        for (int figure : new int[] {RESIDENT, PRIVATE, PROPORTIONAL}) {
            figures.add(Percentiles.of(samples.stream().mapToLong(values -> values[figure]).toArray(), MIB_PER_KIB));
        }
        return figures;
    }
}
