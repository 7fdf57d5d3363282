package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
        assertThat(low.union(SignalSet.of(10)).stream().boxed().toList()).containsExactly(1, 2, 3, 10);
        assertThat(low.minus(SignalSet.of(2))).isEqualTo(SignalSet.of(1, 3));
        assertThat(low.containsAll(SignalSet.of(1, 3))).isTrue();
        assertThat(low.containsAll(SignalSet.of(1, 4))).isFalse();
    }

    @Test
    void rejectsSignalsOutOfRange() {
        assertThatThrownBy(() -> SignalSet.of(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignalSet.of(65)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fillsAGlibcSigsetBitNMinus1ForSignalN() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sigset = SignalSet.of(2, 17, 34, 64).toSigset(arena);
            assertThat(sigset.byteSize()).isEqualTo(128);
            assertThat(sigset.get(ValueLayout.JAVA_LONG, 0)).isEqualTo((1L << 1) | (1L << 16) | (1L << 33) | (1L << 63));
            assertThat(sigset.asSlice(8).toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
        }
    }
}
