package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminationMessageTest {
    @Test
    void saysWhichCommandEndedTheContainerAndHow() {
        assertThat(TerminationMessage.text(0, TerminationMessage.End.of("web", 3, false), 3, List.of()))
                .isEqualTo("web exited with status 3\nexit status 3\n");
        assertThat(TerminationMessage.text(0, TerminationMessage.End.of("web", 137, true), 137, List.of()))
                .isEqualTo("web ended with status 137 (SIGKILL, the OOM killer)\nexit status 137\n");
        assertThat(TerminationMessage.text(Signals.SIGTERM, TerminationMessage.End.of("web", 143, false), 143, List.of()))
                .isEqualTo("jinit was asked to stop (SIGTERM)\nweb ended with status 143 (SIGTERM)\nexit status 143\n");
        assertThat(TerminationMessage.text(0, null, 0, List.of())).isEqualTo("every watched command ended with status 0\nexit status 0\n");
    }

    @Test
    void addsTheCommandsLastLines() {
        assertThat(TerminationMessage.text(0, TerminationMessage.End.of("web", 1, false), 1, List.of("starting", "boom")))
                .isEqualTo("web exited with status 1\nexit status 1\nlast lines of web:\nstarting\nboom\n");
    }

    @Test
    void keepsWithinKubernetesLimitWithTheNewestLines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            lines.add("line " + i + " ünïcödé " + "x".repeat(20));
        }
        String text = TerminationMessage.text(0, TerminationMessage.End.of("web", 1, false), 1, lines);
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(TerminationMessage.MAX_BYTES);
        assertThat(text).startsWith("web exited with status 1\n").endsWith("line 499 ünïcödé " + "x".repeat(20) + "\n")
                .doesNotContain("line 0 ");
    }

    @Test
    void aVeryLongNameIsCutInsideTheLimitAndNeverInsideACharacter() {
        String text = TerminationMessage.text(0, new TerminationMessage.End("é".repeat(5000), "exited with status 1"), 1,
                List.of());
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertThat(utf8.length).isLessThanOrEqualTo(TerminationMessage.MAX_BYTES);
        assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo(text).doesNotContain("\uFFFD");
    }
}
