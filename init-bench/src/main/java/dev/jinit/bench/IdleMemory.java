package dev.jinit.bench;

import dev.jinit.bench.TrialRecord.Kind;
import dev.jinit.bench.TrialRecord.Row;
import java.util.ArrayList;
import java.util.List;

/** The idle memory figures of {@link Kind#MEMORY_KIB} rows (see {@link ProcFs.Memory}). */
final class IdleMemory {
    private static final double MIB_PER_KIB = 1.0 / 1024;

    private IdleMemory() {}

    /** The memory figures of {@code contender}'s samples in MiB, each at its index of {@link ProcFs.Memory#values()}. */
    static List<Percentiles> inMib(List<Row> rows, Contender contender) {
        List<long[]> samples = TrialRecord.select(rows, ReapBenchmark.NAME, Kind.MEMORY_KIB, contender).map(Row::values).toList();
        List<Percentiles> figures = new ArrayList<>();
        for (int figure = 0; figure < ProcFs.Memory.FIGURES; figure++) {
            long[] kib = new long[samples.size()];
            for (int sample = 0; sample < kib.length; sample++) {
                kib[sample] = samples.get(sample)[figure];
            }
            figures.add(Percentiles.of(kib, MIB_PER_KIB));
        }
        return figures;
    }
}
