package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunAsTest {
    @Test
    void travelsAsText() {
        RunAs runAs = new RunAs(1000, 1000, new int[] {1000, 1500});
        assertThat(runAs.encode()).isEqualTo("1000:1000:1000,1500");
        assertThat(RunAs.decode(runAs.encode())).isEqualTo(runAs);
        assertThat(RunAs.decode("1:2:")).isEqualTo(new RunAs(1, 2, new int[0]));
        assertThatThrownBy(() -> RunAs.decode("1:2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunAs.decode("a:2:3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void changesNothingOnlyForTheSameUserGroupAndNoOtherGroups() {
        assertThat(new RunAs(65532, 65532, new int[] {65532}).changes(65532, 65532)).isFalse();
        assertThat(new RunAs(65532, 65532, new int[] {65532, 4}).changes(65532, 65532)).isTrue();
        assertThat(new RunAs(0, 0, new int[] {0}).changes(65532, 65532)).isTrue();
    }

    @Test
    void theJvmsOwnOptionVariablesTravelRenamedAndComeBackByteForByte() {
        List<byte[]> environment = List.of(bytes("JAVA_TOOL_OPTIONS=-Xmx1g -javaagent:/a.jar"), bytes("PATH=/bin"),
                bytes("JDK_JAVA_OPTIONS=--add-opens=x"), bytes("_JAVA_OPTIONS=\u00e9"), bytes("MY_JAVA_OPTIONS=kept"));
        List<byte[]> hidden = RunAs.hideJvmVariables(environment);
        assertThat(hidden).map(RunAsTest::text).noneMatch(entry -> entry.startsWith("JAVA_TOOL_OPTIONS=")
                || entry.startsWith("JDK_JAVA_OPTIONS=") || entry.startsWith("_JAVA_OPTIONS=")).contains("MY_JAVA_OPTIONS=kept");
        assertThat(RunAs.restoreJvmVariables(hidden)).map(RunAsTest::text)
                .containsExactlyElementsOf(environment.stream().map(RunAsTest::text).toList());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
