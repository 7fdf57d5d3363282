package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitCodesTest {
    @Test
    void exitedChildGivesItsCode() {
        assertThat(ExitCodes.ofWaitStatus(0)).isZero();
        assertThat(ExitCodes.ofWaitStatus(42 << 8)).isEqualTo(42);
        assertThat(ExitCodes.ofWaitStatus(255 << 8)).isEqualTo(255);
    }

    @Test
    void signaledChildGives128PlusTheSignal() {
        assertThat(ExitCodes.ofWaitStatus(15)).isEqualTo(143);
        assertThat(ExitCodes.ofWaitStatus(9)).isEqualTo(137);
        // Core dumped: bit 7 is set beside the signal.
        assertThat(ExitCodes.ofWaitStatus(0x80 | 11)).isEqualTo(139);
    }
}
