package dev.jinit.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tool of the machine's (podman, skopeo, tar) run to its end, its output kept apart: bounded by
 * {@link #TIMEOUT}, after which it is killed and the test fails with the command and its stderr.
 */
final class ExternalCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    record Result(List<String> command, int status, String stdout, String stderr, Duration elapsed) {
        Result requireSuccess() {
            if (status != 0) {
                throw new AssertionError(this.toString());
            }
            return this;
        }

        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        List<String> stderrLines() {
            return stderr.lines().toList();
        }
    }

    private ExternalCommand() {}

    static Result run(List<String> command) {
        try {
            File stdout = File.createTempFile("command", ".out");
            File stderr = File.createTempFile("command", ".err");
            try {
                long start = System.nanoTime();
                Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(stdout).redirectError(stderr).start();
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("timed out after " + TIMEOUT + ": " + command
                            + "\nstderr: " + Files.readString(stderr.toPath()));
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                return new Result(command, process.exitValue(), Files.readString(stdout.toPath(), StandardCharsets.UTF_8),
                        Files.readString(stderr.toPath(), StandardCharsets.UTF_8), elapsed);
            } finally {
                Files.deleteIfExists(stdout.toPath());
                Files.deleteIfExists(stderr.toPath());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    static Result run(String... command) {
        return run(List.of(command));
    }
}
