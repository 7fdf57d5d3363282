package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an orchestrator sees of jinit's end: a stop held back for load balancers, and a termination message. */
class StopDelayAndTerminationTest {
    private static final String STOPS_ON_TERM =
            "trap 'echo stopped; exit 0' TERM; echo up; while :; do sleep 0.05; done";

    @Test
    void theFirstStopRequestIsHeldBackForTheStopDelay() {
        try (JinitProcess jinit = JinitProcess.asPid1("--stop-delay", "2s", "--", "sh", "-c", STOPS_ON_TERM)) {
            jinit.awaitLine("up");
            long requested = System.nanoTime();
            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit()).isZero();
            Duration stopping = Duration.ofNanos(System.nanoTime() - requested);
            // A lower bound only: a slow machine stops later, never sooner.
            assertThat(stopping).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(jinit.stdout()).containsExactly("up", "stopped");
        }
    }

    @Test
    void aSecondStopRequestEndsTheStopDelay() {
        try (JinitProcess jinit = JinitProcess.asPid1("-v", "--stop-delay", "1h", "--", "sh", "-c", STOPS_ON_TERM)) {
            jinit.awaitLine("up");
            jinit.signal(Signals.SIGTERM);
            jinit.awaitTrue("the stop delay to begin", () -> jinit.stderr().stream().anyMatch(line -> line.contains("--stop-delay")));
            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).containsExactly("up", "stopped");
        }
    }

    @Test
    void theTerminationMessageNamesTheCommandAndItsLastLines(@TempDir Path directory) throws IOException {
        Path message = directory.resolve("termination-log");
        try (JinitProcess jinit = JinitProcess.asPid1("--termination-log", message.toString(), "--prefix-output", "--",
                "--name", "web", "sh", "-c", "echo starting; echo cannot bind port 80; exit 3",
                "---", "--name", "agent", "sh", "-c", STOPS_ON_TERM)) {
            assertThat(jinit.awaitExit()).isEqualTo(3);
        }
        assertThat(Files.readString(message)).isEqualTo("""
                web exited with status 3
                exit status 3
                last lines of web:
                starting
                cannot bind port 80
                """);
    }

    @Test
    void theTerminationMessageSaysWhenAStopWasRequested(@TempDir Path directory) throws IOException {
        Path message = directory.resolve("termination-log");
        try (JinitProcess jinit = JinitProcess.asPid1("--termination-log", message.toString(), "--",
                "sh", "-c", "trap 'exit 143' TERM; echo up; while :; do sleep 0.05; done")) {
            jinit.awaitLine("up");
            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit()).isEqualTo(143);
        }
        assertThat(Files.readString(message)).isEqualTo("""
                jinit was asked to stop (SIGTERM)
                sh ended with status 143 (SIGTERM)
                exit status 143
                """);
    }

    @Test
    void aTerminationLogThatCannotBeWrittenChangesNothing() {
        try (JinitProcess jinit = JinitProcess.asPid1("--termination-log", "/proc/no/such/file", "--", "sh", "-c", "exit 4")) {
            assertThat(jinit.awaitExit()).isEqualTo(4);
            assertThat(jinit.stderr()).isEmpty();
        }
    }

    /** A FIFO nobody reads would block the open for ever: jinit must still exit. */
    @Test
    void aTerminationLogThatIsAFifoDoesNotHoldUpTheExit(@TempDir Path directory) throws Exception {
        Path fifo = directory.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        try (JinitProcess jinit = JinitProcess.asPid1("--termination-log", fifo.toString(), "--", "sh", "-c", "exit 4")) {
            assertThat(jinit.awaitExit()).isEqualTo(4);
        }
    }
}
