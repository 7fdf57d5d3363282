package dev.jinit.core.libc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitStatusTest {
    @Test
    void keepsThePidBesideTheStatus() {
        assertThat(WaitStatus.pid(WaitStatus.of(4_194_304, 255 << 8))).isEqualTo(4_194_304);
        assertThat(WaitStatus.status(WaitStatus.of(4_194_304, 255 << 8))).isEqualTo(255 << 8);
        assertThat(WaitStatus.pid(WaitStatus.of(1, 0x80 | 11))).isEqualTo(1);
        assertThat(WaitStatus.status(WaitStatus.of(1, 0x80 | 11))).isEqualTo(0x80 | 11);
    }
}
