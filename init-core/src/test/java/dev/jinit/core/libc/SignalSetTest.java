package dev.jinit.core.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignalSetTest {
    @Test
    void holdsSignalsAsTheKernelsBits() {
        SignalSet set = SignalSet.of(1, 15, 64);
        assertThat(set.bits()).isEqualTo(1L | 1L << 14 | 1L << 63);
        assertThat(set.toHex()).isEqualTo("8000000000004001");
        assertThat(SignalSet.fromHex("8000000000004001\n")).isEqualTo(set);
        assertThat(set.contains(15)).isTrue();
        assertThat(set.contains(14)).isFalse();
        assertThat(set.contains(0)).isFalse();
        assertThat(set.contains(65)).isFalse();
        assertThat(set.without(64)).isEqualTo(SignalSet.of(1, 15));
        assertThat(set.toString()).isEqualTo("[1 15 64]");
    }

    @Test
    void combinesSets() {
        SignalSet low = SignalSet.range(1, 3);
        assertThat(low.with(10).stream().boxed().toList()).containsExactly(1, 2, 3, 10);
        assertThat(low.minus(SignalSet.of(2))).isEqualTo(SignalSet.of(1, 3));
        assertThat(low.containsAll(SignalSet.of(1, 3))).isTrue();
        assertThat(low.containsAll(SignalSet.of(1, 4))).isFalse();
    }

    @Test
    void rejectsSignalsOutOfRange() {
        assertThatThrownBy(() -> SignalSet.of(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignalSet.of(65)).isInstanceOf(IllegalArgumentException.class);
    }
}
