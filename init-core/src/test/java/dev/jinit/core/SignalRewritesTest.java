package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignalRewritesTest {
    /** glibc's internal signals, and every signal jinit does not forward, as a source; 32 and 33 as a target. */
    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource({
        "1, 32", "1, 33", "32, 1", "33, 1", "32, 0",
        "9, 1", "19, 1", "17, 1", "4, 1", "7, 1", "8, 1", "11, 1", "64, 1",
    })
    void refusesRewritesThatCouldNeverTakeEffect(int from, int to) {
        assertThatThrownBy(() -> SignalRewrites.check(from, to)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jinit does not ");
        assertThatThrownBy(() -> SignalRewrites.of(Map.of(from, to))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Any signal jinit forwards may become any signal it can send, SIGKILL, SIGSTOP and its own RTMAX included, or 0. */
    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource({"15, 9", "20, 19", "1, 64", "63, 34", "31, 0", "18, 17", "10, 11"})
    void acceptsRewritesItCanCarryOut(int from, int to) {
        assertThatNoException().isThrownBy(() -> SignalRewrites.check(from, to));
        assertThat(SignalRewrites.of(Map.of(from, to)).apply(from)).isEqualTo(to);
    }
}
