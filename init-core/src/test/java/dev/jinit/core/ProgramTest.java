package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramTest {
    private static Program.Restart restart(Program.RestartPolicy policy) {
        return new Program.Restart(policy, Duration.ofMillis(100), Duration.ofMillis(500), 10, Duration.ofMinutes(1));
    }

    @Test
    void backOffDoublesUpToItsCap() {
        Program.Restart restart = restart(Program.RestartPolicy.ALWAYS);
        assertThat(restart.delay(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(restart.delay(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(restart.delay(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(restart.delay(3)).isEqualTo(Duration.ofMillis(500));
        assertThat(restart.delay(60)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void policiesDecideWhichEndsRestart() {
        assertThat(restart(Program.RestartPolicy.NO).wants(1)).isFalse();
        assertThat(restart(Program.RestartPolicy.ON_FAILURE).wants(0)).isFalse();
        assertThat(restart(Program.RestartPolicy.ON_FAILURE).wants(143)).isTrue();
        assertThat(restart(Program.RestartPolicy.ALWAYS).wants(0)).isTrue();
    }

    @Test
    void theBudgetGivesUpAtTheLimitAndForgetsRestartsThatLeftTheWindow() {
        Program.Restart restart = new Program.Restart(Program.RestartPolicy.ALWAYS, Duration.ofMillis(100),
                Duration.ofMillis(500), 2, Duration.ofSeconds(10));
        Program.Budget budget = restart.budget();
        long second = Duration.ofSeconds(1).toNanos();
        assertThat(budget.nextDelay(0)).isEqualTo(Duration.ofMillis(100));
        budget.restarted(0);
        assertThat(budget.nextDelay(second)).isEqualTo(Duration.ofMillis(200));
        budget.restarted(second);
        assertThat(budget.nextDelay(2 * second)).as("two restarts within the window").isNull();
        assertThat(budget.nextDelay(10 * second + 1)).as("the first has left the window").isEqualTo(Duration.ofMillis(200));
        assertThat(budget.used()).isEqualTo(1);
    }

    @Test
    void itsOwnEnvironmentReplacesTheInheritedEntriesOfTheSameNames() {
        Program program = new Program("web", new Command(List.of(bytes("web"))), Program.Restart.NEVER, false, false,
                Duration.ofSeconds(5), List.of("PORT=8080", "MODE=a", "MODE=b=c"), null, null, null, null);
        List<byte[]> inherited = List.of(bytes("PATH=/bin"), bytes("PORT=80"), bytes("LANG=\u00e9"));
        assertThat(program.environmentOver(inherited)).map(entry -> new String(entry, StandardCharsets.UTF_8))
                .containsExactly("PATH=/bin", "LANG=\u00e9", "PORT=8080", "MODE=b=c");
    }

    @Test
    void jinitsOwnEntryComesLastAndReplacesTheInheritedOne() {
        Program program = new Program("web", new Command(List.of(bytes("web"))), Program.Restart.NEVER, false, false,
                Duration.ofSeconds(5), List.of("PORT=8080"), null, null, null, null);
        List<byte[]> inherited = List.of(bytes("NOTIFY_SOCKET=/run/podman"), bytes("PATH=/bin"));
        assertThat(program.environmentOver(inherited, "NOTIFY_SOCKET=@jinit-notify-1-1"))
                .map(entry -> new String(entry, StandardCharsets.UTF_8))
                .containsExactly("PATH=/bin", "PORT=8080", "NOTIFY_SOCKET=@jinit-notify-1-1");
    }

    @Test
    void withoutEntriesOfItsOwnItGetsWhatJinitInherited() {
        List<byte[]> inherited = List.of(bytes("PATH=/bin"));
        Program program = new Program("web", new Command(List.of(bytes("web"))), Program.Restart.NEVER, false, false,
                Duration.ofSeconds(5), List.of(), null, null, null, null);
        assertThat(program.environmentOver(inherited)).isSameAs(inherited);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
