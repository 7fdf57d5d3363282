package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule of one command's checks, with time handed in: no clock, no process. */
class CommandChecksTest {
    private static final long MS = 1_000_000L;
    private static final Check PORT = Check.parse("tcp:80");

    private static CommandChecks checks(Program.Readiness readiness, Program.Health health) {
        Program program = new Program("web", new Command(List.of("web".getBytes())), Program.Restart.NEVER, false, false,
                Duration.ofSeconds(5), List.of(), null, null, readiness, health);
        return CommandChecks.of(program);
    }

    @Test
    void aCommandWithoutChecksHasNone() {
        assertThat(checks(null, null)).isNull();
    }

    @Test
    void readinessIsAttemptedAtOnceThenEveryPollUntilItPasses() {
        CommandChecks checks = checks(new Program.Readiness(PORT, Duration.ofSeconds(60)), null);
        checks.started(0);
        assertThat(checks.ready()).isFalse();
        CommandChecks.Attempt first = checks.due(0);
        assertThat(first.check).isEqualTo(PORT);
        assertThat(first.limit).isEqualTo(CommandChecks.READY_ATTEMPT_LIMIT);
        assertThat(checks.due(0)).as("one attempt at a time").isNull();
        checks.settle(first, "Connection refused", 10 * MS);
        assertThat(checks.deadline()).isEqualTo(260 * MS);
        assertThat(checks.due(259 * MS)).isNull();
        CommandChecks.Attempt second = checks.due(260 * MS);
        checks.settle(second, null, 270 * MS);
        assertThat(checks.ready()).isTrue();
        assertThat(checks.takeVerdict()).isEqualTo(CommandChecks.Verdict.READY);
        assertThat(checks.takeVerdict()).isNull();
        assertThat(checks.deadline()).as("no health check: nothing more is due").isEqualTo(-1);
    }

    @Test
    void notReadyInTimeIsItsVerdictAndTheAttemptUnderWayIsHandedBackToBeEnded() {
        CommandChecks checks = checks(new Program.Readiness(PORT, Duration.ofSeconds(1)), null);
        checks.started(0);
        CommandChecks.Attempt first = checks.due(0);
        assertThat(first.limit).as("no more than the time left").isEqualTo(Duration.ofSeconds(1));
        checks.settle(first, "Connection refused", 5 * MS);
        CommandChecks.Attempt last = checks.due(900 * MS);
        assertThat(checks.deadline()).isEqualTo(1_000 * MS);
        assertThat(checks.overdue(999 * MS)).isNull();
        assertThat(checks.overdue(1_000 * MS)).isSameAs(last);
        assertThat(checks.takeVerdict()).isEqualTo(CommandChecks.Verdict.NOT_READY);
        assertThat(checks.verdictReason()).isEqualTo("was not ready within 1s (last attempt: Connection refused)");
        checks.settle(last, null, 1_001 * MS);
        assertThat(checks.ready()).as("a late outcome does not count").isFalse();
        assertThat(checks.deadline()).isEqualTo(-1);
    }

    @Test
    void healthStartsOneIntervalAfterAStartWithoutReadinessAndRetriesMakeItUnhealthy() {
        CommandChecks checks = checks(null, new Program.Health(PORT, Duration.ofSeconds(10), Duration.ofSeconds(5), 3));
        checks.started(0);
        assertThat(checks.ready()).isTrue();
        assertThat(checks.due(9_999 * MS)).isNull();
        long now = 10_000 * MS;
        for (int failure = 1; failure <= 3; failure++) {
            CommandChecks.Attempt attempt = checks.due(now);
            assertThat(attempt.limit).isEqualTo(Duration.ofSeconds(5));
            checks.settle(attempt, "refused " + failure, now + MS);
            now += 10_001 * MS;
            if (failure < 3) {
                assertThat(checks.takeVerdict()).isNull();
            }
        }
        assertThat(checks.takeVerdict()).isEqualTo(CommandChecks.Verdict.UNHEALTHY);
        assertThat(checks.verdictReason()).isEqualTo("is unhealthy: 3 health checks failed in a row (last: refused 3)");
        assertThat(checks.deadline()).isEqualTo(-1);
    }

    @Test
    void aPassingHealthCheckEndsTheRunOfFailures() {
        CommandChecks checks = checks(null, new Program.Health(PORT, Duration.ofSeconds(1), Duration.ofSeconds(1), 2));
        checks.started(0);
        checks.settle(checks.due(1_000 * MS), "refused", 1_000 * MS);
        checks.settle(checks.due(2_000 * MS), null, 2_000 * MS);
        checks.settle(checks.due(3_000 * MS), "refused", 3_000 * MS);
        assertThat(checks.failuresInRow()).isEqualTo(1);
        assertThat(checks.takeVerdict()).isNull();
    }

    @Test
    void anAttemptOutOfTimeIsOverdueAndHealthFollowsReadiness() {
        CommandChecks checks = checks(new Program.Readiness(PORT, Duration.ofSeconds(60)),
                new Program.Health(PORT, Duration.ofSeconds(2), Duration.ofMillis(500), 3));
        checks.started(0);
        checks.settle(checks.due(0), null, 100 * MS);
        assertThat(checks.deadline()).as("the first health attempt, one interval after ready").isEqualTo(2_100 * MS);
        CommandChecks.Attempt attempt = checks.due(2_100 * MS);
        assertThat(checks.deadline()).isEqualTo(2_600 * MS);
        assertThat(checks.overdue(2_600 * MS)).isSameAs(attempt);
    }

    @Test
    void aNewStartBeginsAgainAndTheOldAttemptNoLongerCounts() {
        CommandChecks checks = checks(new Program.Readiness(PORT, Duration.ofSeconds(60)), null);
        checks.started(0);
        checks.settle(checks.due(0), null, MS);
        CommandChecks.Attempt abandoned = checks.ended();
        assertThat(abandoned).isNull();
        checks.started(5_000 * MS);
        assertThat(checks.ready()).isFalse();
        CommandChecks.Attempt attempt = checks.due(5_000 * MS);
        assertThat(checks.ended()).isSameAs(attempt);
        checks.settle(attempt, null, 5_001 * MS);
        assertThat(checks.ready()).isFalse();
        assertThat(checks.deadline()).isEqualTo(-1);
    }

    @Test
    void anAttemptJinitCouldNotMakeIsPostponedAndDoesNotCount() {
        CommandChecks checks = checks(null, new Program.Health(PORT, Duration.ofSeconds(1), Duration.ofSeconds(1), 1));
        checks.started(0);
        CommandChecks.Attempt attempt = checks.due(1_000 * MS);
        checks.postpone(attempt, 1_001 * MS);
        assertThat(checks.failuresInRow()).isZero();
        assertThat(checks.takeVerdict()).isNull();
        assertThat(checks.deadline()).as("the next when it would have been").isEqualTo(2_001 * MS);
        checks.settle(attempt, "late", 1_002 * MS);
        assertThat(checks.takeVerdict()).as("a postponed attempt's outcome does not count either").isNull();
    }
}
