package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}
