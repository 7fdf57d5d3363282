package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the C heap is trimmed: once, a while after the last work, never while idle. */
class HeapTrimTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void nothingIsDueBeforeAnyWork() {
        assertThat(new HeapTrim().millisUntilDue(0)).isEqualTo(-1);
    }

    @Test
    void isDueOnceTheWorkHasSettledAndThenNoMore() {
        HeapTrim trim = new HeapTrim();
        trim.workDone(10 * SECOND);
        assertThat(trim.millisUntilDue(10 * SECOND)).isEqualTo(HeapTrim.SETTLE.toMillis());
        trim.trimIfDue(12 * SECOND);
        assertThat(trim.millisUntilDue(12 * SECOND)).as("not yet due: still pending").isPositive();

        long settled = 10 * SECOND + HeapTrim.SETTLE.toNanos();
        assertThat(trim.millisUntilDue(settled - 1)).as("rounded up").isEqualTo(1);
        assertThat(trim.millisUntilDue(settled)).isZero();
        trim.trimIfDue(settled);
        assertThat(trim.millisUntilDue(settled + 60 * SECOND)).as("after the trim").isEqualTo(-1);
    }

    @Test
    void moreWorkPutsTheTrimOff() {
        HeapTrim trim = new HeapTrim();
        trim.workDone(0);
        trim.workDone(5 * SECOND);
        assertThat(trim.millisUntilDue(HeapTrim.SETTLE.toNanos())).isEqualTo(5_000);
    }
}
