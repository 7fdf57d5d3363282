package dev.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jinit.core.Check;
import dev.jinit.core.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramSpecsTest {
    @Test
    void oneCommandWithoutOptionsIsTakenWhole() throws UsageException {
        List<ProgramSpecs.Spec> specs = ProgramSpecs.parse(List.of("sh", "-c", "--name x"));
        assertThat(specs).singleElement().satisfies(spec -> {
            assertThat(spec.from()).isZero();
            assertThat(spec.to()).isEqualTo(3);
            assertThat(spec.name()).isNull();
            assertThat(spec.restart().policy()).isEqualTo(Program.RestartPolicy.NO);
        });
    }

    @Test
    void splitsAtLoneSeparatorsAndReadsLeadingOptions() throws UsageException {
        List<ProgramSpecs.Spec> specs = ProgramSpecs.parse(List.of(
                "--before", "migrate", "--all", "---",
                "--name=web", "--restart", "on-failure", "--restart-delay", "200ms", "--restart-limit=3", "--watch",
                "server", "--port", "80", "---",
                "--grace", "1s", "--restart", "always", "agent", "----"));
        assertThat(specs).hasSize(3);
        assertThat(specs.get(0)).satisfies(spec -> {
            assertThat(spec.before()).isTrue();
            assertThat(spec.from()).isEqualTo(1);
            assertThat(spec.to()).isEqualTo(3);
        });
        assertThat(specs.get(1)).satisfies(spec -> {
            assertThat(spec.name()).isEqualTo("web");
            assertThat(spec.watched()).isTrue();
            assertThat(spec.restart()).isEqualTo(new Program.Restart(Program.RestartPolicy.ON_FAILURE,
                    Duration.ofMillis(200), Duration.ofSeconds(30), 3, Duration.ofMinutes(1)));
            assertThat(spec.from()).isEqualTo(11);
            assertThat(spec.to()).isEqualTo(14);
        });
        assertThat(specs.get(2)).satisfies(spec -> {
            assertThat(spec.grace()).isEqualTo(Duration.ofSeconds(1));
            assertThat(spec.restart().policy()).isEqualTo(Program.RestartPolicy.ALWAYS);
            assertThat(spec.from()).isEqualTo(19);
            assertThat(spec.to()).isEqualTo(21);
        });
    }

    @Test
    void badCommandOptionsNameTheCommand() {
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("a", "---", "--restart", "sometimes", "b")))
                .hasMessage("command 2: --restart: 'sometimes' is not one of no, on-failure, always");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("a", "---", "--bogus", "b")))
                .hasMessageStartingWith("command 2: unknown command option '--bogus'");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("a", "---")))
                .hasMessageStartingWith("command 2 is missing");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("---", "a")))
                .hasMessageStartingWith("command 1 is missing");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--name")))
                .hasMessage("command 1: --name needs a value");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--watch=yes", "a")))
                .hasMessage("command 1: --watch takes no value");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--before", "--restart", "always", "a")))
                .hasMessageContaining("takes no --restart");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--restart-limit", "x", "a")))
                .hasMessage("command 1: --restart-limit: 'x' is not a count");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--grace", "soon", "a")))
                .hasMessageStartingWith("command 1: --grace: 'soon' is not a duration");
    }

    @Test
    void readsACommandsOwnEnvironmentFromEntriesAndFiles(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("web.env"), "# comment\n\nMODE=file\nURL=http://x/?a=b\n");
        List<ProgramSpecs.Spec> specs = ProgramSpecs.parse(List.of("--env", "MODE=flag", "--env-file", file.toString(),
                "--env=EMPTY=", "web", "---", "agent"));
        assertThat(specs.get(0).environment()).containsExactly("MODE=flag", "MODE=file", "URL=http://x/?a=b", "EMPTY=");
        assertThat(specs.get(1).environment()).isEmpty();
    }

    @Test
    void badEnvironmentEntriesAndFilesNameWhere(@TempDir Path directory) throws Exception {
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--env", "NOVALUE", "a")))
                .hasMessage("command 1: --env: 'NOVALUE' is not NAME=VALUE");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--env", "=x", "a")))
                .hasMessage("command 1: --env: '=x' is not NAME=VALUE");
        Path missing = directory.resolve("missing.env");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--env-file", missing.toString(), "a")))
                .hasMessage("command 1: --env-file: cannot read " + missing + " (NoSuchFileException)");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--env-file", "/dev/zero", "a")))
                .hasMessage("command 1: --env-file: /dev/zero is larger than 1048576 bytes");
        Path bad = Files.writeString(directory.resolve("bad.env"), "A=1\nexport B\n");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("a", "---", "--env-file", bad.toString(), "b")))
                .hasMessage("command 2: --env-file: " + bad + ":2: 'export B' is not NAME=VALUE");
    }

    @Test
    void aWorkingDirectoryMustBeADirectoryAndIsTakenAbsolute(@TempDir Path directory) throws Exception {
        assertThat(ProgramSpecs.parse(List.of("--workdir", directory.toString(), "a")).getFirst().workingDirectory())
                .isEqualTo(directory.toString());
        assertThat(ProgramSpecs.parse(List.of("--workdir", ".", "a")).getFirst().workingDirectory())
                .isEqualTo(Path.of("").toAbsolutePath().toString());
        Path file = Files.writeString(directory.resolve("file"), "");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--workdir", file.toString(), "a")))
                .hasMessage("command 1: --workdir: " + file + " is not a directory");
    }

    @Test
    void readsReadinessAndHealthChecksWithTheirDefaults() throws UsageException {
        List<ProgramSpecs.Spec> specs = ProgramSpecs.parse(List.of("--ready", "tcp:8080", "proxy", "---",
                "--ready=notify", "--ready-timeout", "2m", "--health", "http://127.0.0.1:8081/healthz",
                "--health-interval", "500ms", "--health-retries", "5", "web"));
        assertThat(specs.get(0).readiness()).isEqualTo(new Program.Readiness(Check.parse("tcp:8080"), Duration.ofSeconds(60)));
        assertThat(specs.get(0).health()).isNull();
        assertThat(specs.get(1).readiness()).isEqualTo(new Program.Readiness(Check.parse("notify"), Duration.ofMinutes(2)));
        assertThat(specs.get(1).health()).isEqualTo(new Program.Health(Check.parse("http://127.0.0.1:8081/healthz"),
                Duration.ofMillis(500), Duration.ofSeconds(5), 5));
    }

    @Test
    void badChecksAndTheirMisplacedOptionsAreUsageErrors() {
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("a", "---", "--ready", "tcp:", "b")))
                .hasMessage("command 2: --ready: 'tcp:': '' is not a number from 0 to 65535");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--health", "notify", "b")))
                .hasMessageStartingWith("command 1: --health: 'notify' is told once by the command, for --ready only");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--health", "fd:3", "b")))
                .hasMessageStartingWith("command 1: --health: 'fd:3' is told once");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--before", "--ready", "tcp:80", "b", "---", "c")))
                .hasMessageStartingWith("command 1: a --before command runs to its end");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--before", "--health", "tcp:80", "b", "---", "c")))
                .hasMessageStartingWith("command 1: a --before command runs to its end");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--ready-timeout", "5s", "b")))
                .hasMessage("command 1: --ready-timeout without --ready");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--health-retries", "2", "b")))
                .hasMessageStartingWith("command 1: --health-interval, --health-timeout and --health-retries need --health");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--health", "tcp:80", "--health-retries", "0", "b")))
                .hasMessage("command 1: --health-retries: at least 1");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--ready", "tcp:80", "--ready-timeout", "0s", "b")))
                .hasMessage("command 1: --ready-timeout: the duration must be more than 0");
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--health", "tcp:80", "--health-interval", "soon", "b")))
                .hasMessageStartingWith("command 1: --health-interval: 'soon' is not a duration");
    }
}
