package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** As PID 1, jinit exits like its child: with its exit code, or 128+N when signal N killed it. */
class ExitStatusTest {
    @ParameterizedTest(name = "exit {0}")
    @ValueSource(ints = {0, 1, 2, 42, 127, 255})
    void exitCodePassesThrough(int code) {
        try (JinitProcess jinit = JinitProcess.asPid1("sh", "-c", "exit " + code)) {
            assertThat(jinit.awaitExit()).isEqualTo(code);
        }
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "HUP", "QUIT", "KILL", "USR1", "USR2"})
    void deathBySignalGives128PlusItsNumber(String signal) {
        try (JinitProcess jinit = JinitProcess.asPid1("sh", "-c", "kill -s " + signal + " $$")) {
            assertThat(jinit.awaitExit()).isEqualTo(128 + Signals.parse(signal));
        }
    }
}
