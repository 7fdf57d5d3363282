package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a command can do to jinit's resources (threads, descriptors, memory, its stderr) ends
 * neither jinit nor the other commands: each case as PID 1 of a namespace, with a second command
 * whose TERM trap shows that the container still stopped gracefully.
 */
class ExhaustionTest {
    /** A command that reports a graceful stop on stdout and then exits 0. */
    private static final List<String> JINIT = List.of(
            Path.of(System.getProperty("jinit.image", "target/jinit"), "bin", "java").toString(), "-m", "dev.jinit.cli");
    /** A pipe's capacity on Linux unless changed: 16 pages, which short writes may leave partly empty. */
    private static final int PIPE_CAPACITY = 65536;
    private static final int PAGE = 4096;
    private static final String GRACEFUL = "trap 'echo graceful; exit 0' TERM; echo ready; while :; do sleep 0.1; done";

    @Test
    void restartsThatLeaveTheirOutputPipesHeldDoNotExhaustJinit() {
        // Each run leaves a background sleep holding its stdout and stderr: jinit must not keep a
        // thread and a buffer per run waiting for them to close.
        try (JinitProcess jinit = JinitProcess.asPid1("--prefix-output", "--",
                "--name", "leaky", "--restart", "always", "--restart-delay", "0", "--restart-limit", "300",
                "sh", "-c", "echo run; sleep 100000 & exit 1")) {
            assertThat(jinit.awaitExit()).isEqualTo(1);
            assertThat(jinit.stdout()).filteredOn("[leaky] run"::equals).hasSize(301);
            assertThat(jinit.stderr()).contains("[jinit] WARN giving up on leaky: 300 restarts within 60 s")
                    .noneMatch(line -> line.contains("OutOfMemoryError") || line.contains("supervision failed"));
        }
    }

    @Test
    void aCommandThatTakesJinitsDescriptorsFailsAloneAndTheRestStopGracefully(@TempDir Path directory) {
        // Once the service runs, the command lowers jinit's own descriptor limit below what it holds:
        // its restarts cannot be spawned (jinit cannot list its descriptors), which is that command's
        // failure, not jinit's.
        Path ready = directory.resolve("ready");
        try (JinitProcess jinit = JinitProcess.asPid1("--prefix-output", "--",
                "--name", "greedy", "--restart", "on-failure", "--restart-delay", "0", "--restart-limit", "3",
                "sh", "-c", "while [ ! -e " + ready + " ]; do sleep 0.05; done; prlimit --pid 1 --nofile=10:10; exit 1",
                "---", "--name", "service", "sh", "-c", "touch " + ready + "; " + GRACEFUL)) {
            assertThat(jinit.awaitExit()).isEqualTo(1);
            assertThat(jinit.stdout()).contains("[service] ready", "[service] graceful");
            assertThat(jinit.stderr()).anyMatch(line -> line.startsWith("[jinit] ERROR cannot run 'sh'")
                            && line.contains("Too many open files"))
                    .noneMatch(line -> line.contains("supervision failed") || line.startsWith("\tat "));
        }
    }

    @Test
    void aCommandStartedWhenNoThreadIsLeftFailsAloneAndTheRestStopGracefully(@TempDir Path directory) {
        // As a user of its own, a command can take jinit's RLIMIT_NPROC down to 1: no thread can be
        // created for a command's output any more, nor a process spawned.
        Path limited = directory.resolve("limited");
        // The command's user writes its mark there.
        assertThat(directory.toFile().setWritable(true, false) && directory.toFile().setExecutable(true, false)).isTrue();
        List<String> launcher = List.of("unshare", "--pid", "--fork", "--mount-proc",
                "setpriv", "--reuid=65532", "--regid=65532", "--clear-groups");
        try (JinitProcess jinit = JinitProcess.start(launcher, JinitProcess.Placement.SUBREAPER, List.of(
                "--prefix-output", "--",
                "--name", "service", "sh", "-c", "prlimit --pid 1 --nproc=1:1 && touch " + limited + "; " + GRACEFUL,
                "---", "--name", "late", "--restart", "on-failure", "--restart-delay", "0.2s", "--restart-limit", "2",
                "sh", "-c", "while [ ! -e " + limited + " ]; do sleep 0.05; done; exit 1"))) {
            assertThat(jinit.awaitExit()).isEqualTo(1);
            assertThat(jinit.stdout()).contains("[service] ready", "[service] graceful");
            // Whichever comes first: no thread for late's output (its first start), or no process for it.
            assertThat(jinit.stderr()).anyMatch(line -> line.startsWith("[jinit] ERROR cannot run 'sh'")
                            || line.startsWith("[jinit] ERROR cannot start late: OutOfMemoryError: unable to create native thread"))
                    .contains("[jinit] WARN giving up on late: 2 restarts within 60 s")
                    .noneMatch(line -> line.contains("supervision failed") || line.startsWith("\tat "));
        }
    }

    /**
     * A log collector that stalls: nobody reads jinit's stderr while -vv logs every forwarded
     * signal (real-time ones, which queue rather than merge). SIGTERM must still reach the command; once stderr is read again, jinit says how
     * many lines it dropped.
     */
    @Test
    void aStalledStderrHoldsUpNeitherForwardingNorReaping(@TempDir Path directory) throws Exception {
        Path flooded = directory.resolve("flooded");
        Path terminated = directory.resolve("terminated");
        List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc"));
        command.addAll(JINIT);
        command.addAll(List.of("-vv", "--", "sh", "-c", "trap '' 35; trap 'touch " + terminated + "; sleep 0.5; exit 9' TERM; "
                + "i=0; while [ $i -lt 3000 ]; do kill -35 1; i=$((i+1)); done; touch " + flooded
                + "; while :; do sleep 0.1; done"));
        Process unshare = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            awaitFile(flooded);
            InputStream stderr = unshare.getErrorStream();
            Polling.awaitTrue("jinit's stderr pipe to fill up", () -> available(stderr) > PIPE_CAPACITY - PAGE,
                    JinitProcess.TIMEOUT, Duration.ofMillis(20));
            // jinit is unshare's only child. Nothing has read its stderr so far, and the pipe is full.
            long jinitPid = ProcessHandle.of(unshare.pid()).orElseThrow().children().findFirst().orElseThrow().pid();
            assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(jinitPid)).start().waitFor()).isZero();
            awaitFile(terminated);
            String lines = readAll(stderr);
            assertThat(unshare.waitFor(JinitProcess.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(unshare.exitValue()).isEqualTo(9);
            assertThat(lines).containsPattern("\\[jinit\\] WARN \\d+ log lines dropped: stderr was full");
        } finally {
            unshare.destroyForcibly();
        }
    }

    /**
     * {@code docker exec} and {@code kubectl exec} enter the namespace from outside: their
     * processes have parent 0, yet the kernel kills them with PID 1, so they get SIGTERM and the
     * grace period like every other process.
     */
    @Test
    void processesEnteredFromOutsideGetSigtermToo(@TempDir Path directory) throws Exception {
        Path ready = directory.resolve("ready");
        Path stopped = directory.resolve("stopped");
        try (JinitProcess jinit = JinitProcess.asPid1("--", "sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.1; done")) {
            jinit.awaitDescendant("sleep");
            Process entered = new ProcessBuilder("nsenter", "--target", String.valueOf(jinit.jinitPid()), "--pid", "--mount",
                    "--", "sh", "-c", "trap 'touch " + stopped + "; exit 0' TERM; touch " + ready
                            + "; while :; do sleep 0.1; done")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                    awaitFile(ready);
                jinit.signal(Signals.SIGTERM);
                assertThat(jinit.awaitExit()).isZero();
                assertThat(stopped).as("the entered shell got SIGTERM before the namespace ended").exists();
            } finally {
                entered.destroyForcibly();
            }
        }
    }

    private static void awaitFile(Path file) {
        Polling.awaitTrue(file + " to exist", () -> Files.exists(file), JinitProcess.TIMEOUT, Duration.ofMillis(20));
    }

    private static int available(InputStream stream) {
        try {
            return stream.available();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream stream) throws IOException {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }
}
