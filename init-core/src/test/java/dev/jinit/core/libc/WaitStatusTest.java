package dev.jinit.core.libc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitStatusTest {
    @Test
    void exitedChildGivesItsCode() {
        assertThat(WaitStatus.exitCode(WaitStatus.of(7, 0))).isZero();
        assertThat(WaitStatus.exitCode(WaitStatus.of(7, 42 << 8))).isEqualTo(42);
        assertThat(WaitStatus.exitCode(WaitStatus.of(7, 255 << 8))).isEqualTo(255);
    }

    @Test
    void signaledChildGives128PlusTheSignal() {
        assertThat(WaitStatus.exitCode(WaitStatus.of(7, 15))).isEqualTo(143);
        assertThat(WaitStatus.exitCode(WaitStatus.of(7, 9))).isEqualTo(137);
        // Core dumped: bit 7 is set beside the signal.
        assertThat(WaitStatus.exitCode(WaitStatus.of(7, 0x80 | 11))).isEqualTo(139);
    }

    @Test
    void keepsThePidBesideTheStatus() {
        assertThat(WaitStatus.pid(WaitStatus.of(4_194_304, 255 << 8))).isEqualTo(4_194_304);
        assertThat(WaitStatus.pid(WaitStatus.of(1, 0x80 | 11))).isEqualTo(1);
    }
}
