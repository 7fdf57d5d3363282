package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessEntryTest {
    @Test
    void parsesStatEvenWithParenthesesAndSpacesInTheName() {
        String stat = "4242 (my (odd) name) S 17 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100"
                + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        ProcessEntry entry = ProcessEntry.parseStat(stat);
        assertThat(entry.pid()).isEqualTo(4242);
        assertThat(entry.name()).isEqualTo("my (odd) name");
        assertThat(entry.state()).isEqualTo('S');
        assertThat(entry.parent()).isEqualTo(17);
        assertThat(entry.startTime()).isEqualTo(987654L);
        assertThat(entry.isZombie()).isFalse();
        assertThat(entry.kernelThread()).isFalse();
    }

    @Test
    void recognisesKernelThreads() {
        // kthreadd as /proc/2/stat shows it: flags 0x208040 hold PF_KTHREAD.
        ProcessEntry entry = ProcessEntry.parseStat("2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 3 0 0 20 0 1 0 1 0 0");
        assertThat(entry.kernelThread()).isTrue();
        assertThat(entry.parent()).isZero();
    }

    @Test
    void recognisesZombies() {
        ProcessEntry entry = ProcessEntry.parseStat("7 (sh) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0");
        assertThat(entry.isZombie()).isTrue();
        assertThat(entry.startTime()).isEqualTo(55L);
    }
}
