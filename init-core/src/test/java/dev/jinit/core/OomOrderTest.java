package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OomOrderTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void theRiseMakesAnEmptyCommandOutscoreJinit() {
        // Points: resident pages plus adj thousandths of the limit. An empty command must still win.
        long jinit = 43 * MIB;
        long limit = 48 * MIB;
        int rise = OomOrder.raiseFor(jinit, limit);
        assertThat(rise * (limit / 1000.0)).isGreaterThan(jinit);
        assertThat(rise).isLessThanOrEqualTo(OomOrder.MOST_KILLABLE);
    }

    @Test
    void aLargerLimitNeedsASmallerRise() {
        assertThat(OomOrder.raiseFor(40 * MIB, 512 * MIB)).isEqualTo(99);
        assertThat(OomOrder.raiseFor(40 * MIB, 64 * 1024 * MIB)).isEqualTo(2);
    }

    @Test
    void aLimitBelowJinitsOwnSizeGetsTheMostKillable() {
        assertThat(OomOrder.raiseFor(40 * MIB, 16 * MIB)).isEqualTo(OomOrder.MOST_KILLABLE);
    }

    @Test
    void readsTheOomKillCounterOfEitherCgroupVersion() {
        String v2 = "low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 0\n";
        String v1 = "oom_kill_disable 0\nunder_oom 0\noom_kill 5\n";
        assertThat(OomOrder.oomKillsIn(v2)).isEqualTo(2);
        assertThat(OomOrder.oomKillsIn(v1)).isEqualTo(5);
        assertThat(OomOrder.oomKillsIn("oom_kill_disable 0\nunder_oom 0\n")).isZero();
    }
}
