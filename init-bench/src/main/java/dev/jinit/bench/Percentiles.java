package dev.jinit.bench;

import java.util.Arrays;

/** Percentiles of raw samples by the nearest-rank method: every figure is one that was measured. */
final class Percentiles {
    private final double[] sorted;

    Percentiles(double[] values) {
        sorted = values.clone();
        Arrays.sort(sorted);
    }

    static Percentiles of(long[] values, double scale) {
        return new Percentiles(Arrays.stream(values).mapToDouble(value -> value * scale).toArray());
    }

    int count() {
        return sorted.length;
    }

    boolean isEmpty() {
        return sorted.length == 0;
    }

    /** The smallest sample with at least {@code fraction} of all samples at or below it. */
    double at(double fraction) {
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    double median() {
        return at(0.5);
    }

    double min() {
        return at(0);
    }

    double max() {
        return at(1);
    }
}
