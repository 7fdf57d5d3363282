package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.Map;
import org.junit.jupiter.api.Test;
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
        assertThatThrownBy(() -> SignalRewrites.of(Map.of(from, to), Forwarding.SINGLE_CHILD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inProcessGroupModeTerminalStopsBecomeStopUnlessRewritten() {
        SignalRewrites processGroup = SignalRewrites.of(Map.of(Signals.SIGTTIN, Signals.SIGUSR1, Signals.SIGTTOU, 0),
                Forwarding.PROCESS_GROUP);
        assertThat(processGroup.apply(Signals.SIGTSTP)).isEqualTo(Signals.SIGSTOP);
        assertThat(processGroup.apply(Signals.SIGTTIN)).isEqualTo(Signals.SIGUSR1);
        assertThat(processGroup.apply(Signals.SIGTTOU)).isZero();
        assertThat(processGroup.apply(Signals.SIGTERM)).isEqualTo(Signals.SIGTERM);
        SignalRewrites singleChild = SignalRewrites.of(Map.of(), Forwarding.SINGLE_CHILD);
        Signals.TERMINAL_STOPS.stream().forEach(stop -> assertThat(singleChild.apply(stop)).isEqualTo(stop));
    }

    /** Any signal jinit forwards may become any signal it can send, SIGKILL, SIGSTOP and its own RTMAX included, or 0. */
    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource({"15, 9", "20, 19", "1, 64", "63, 34", "31, 0", "18, 17", "10, 11"})
    void acceptsRewritesItCanCarryOut(int from, int to) {
        assertThatNoException().isThrownBy(() -> SignalRewrites.check(from, to));
        assertThat(SignalRewrites.of(Map.of(from, to), Forwarding.SINGLE_CHILD).apply(from)).isEqualTo(to);
    }
}
