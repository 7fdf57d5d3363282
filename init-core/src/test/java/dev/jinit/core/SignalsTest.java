package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalsTest {
    @ParameterizedTest
    @CsvSource({
        "TERM, 15", "SIGTERM, 15", "sigterm, 15", "term, 15", "15, 15", "HUP, 1", "SYS, 31", "PWR, 30",
        "WINCH, 28", "USR2, 12", "RTMIN, 34", "SIGRTMIN+3, 37", "RTMAX, 64", "RTMAX-1, 63", "RTMIN+30, 64",
        "IOT, 6", "POLL, 29", "64, 64", "1, 1",
    })
    void parsesNamesAndNumbers(String text, int signal) {
        assertThat(Signals.parse(text)).isEqualTo(signal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SIG", "0", "65", "-1", "TERMS", "RTMIN+31", "RTMAX-31", "RTMIN-1", "RTMAX+1",
        "RTMIN+", "RTMIN+x", "99999999999", "SIGSIGTERM", "1.5"})
    void rejectsUnknownSignals(String text) {
        assertThatThrownBy(() -> Signals.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown signal '" + text + "'");
    }

    @Test
    void everySignalNameParsesBackToItsNumber() {
        for (int signal = 1; signal <= Signals.MAX; signal++) {
            assertThat(Signals.parse(Signals.name(signal))).as(Signals.name(signal)).isEqualTo(signal);
        }
        assertThat(Signals.name(40)).isEqualTo("RTMIN+6");
        assertThat(Signals.name(60)).isEqualTo("RTMAX-4");
    }

    @Test
    void forwardsEveryCatchableSignalButTheJvmsOwn() {
        assertThat(Signals.FORWARDED.stream().boxed().toList())
                .doesNotContain(9, 19, 17, 4, 7, 8, 11, 32, 33, 64)
                .contains(1, 2, 3, 5, 6, 10, 12, 13, 14, 15, 16, 18, 20, 21, 22, 23, 28, 29, 30, 31, 34, 50, 63)
                .hasSize(64 - 10);
    }
}
