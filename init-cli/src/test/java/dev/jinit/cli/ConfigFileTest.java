package dev.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Forwarding;
import dev.jinit.core.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** --config: a YAML file read as the command line it stands for, parsed in-process. */
class ConfigFileTest extends ParsingTest {
    private static final String CONFIG = """
            # jinit's own options
            grace: 10s
            prefix-output: true
            warn-on-reap: false
            rewrite: [TERM:INT, "HUP:0"]
            commands:
              - name: migrate
                before: true
                program: [/app/migrate, --all]
              - name: web
                watch: true
                restart: on-failure
                restart-limit: 3
                program:
                  - /app/server
                  - --port
                  - 8080
                  - "a b 'c'"
              - program: /app/agent
            """;

    @TempDir
    Path directory;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(directory.resolve(name), text);
    }

    private Plan planOf(Map<String, String> environment, String... args) {
        AtomicReference<Plan> launched = new AtomicReference<>();
        assertThat(execute(environment, launched, args)).as(stderr.toString()).isZero();
        return launched.get();
    }

    @Test
    void theFileBecomesTheCommandLineItStandsFor() throws IOException {
        Plan plan = planOf(Map.of(), "--config", file("jinit.yaml", CONFIG).toString());
        assertThat(plan.configuredCommands()).containsExactly(
                "--name=migrate", "--before", "/app/migrate", "--all", "---",
                "--name=web", "--watch", "--restart=on-failure", "--restart-limit=3", "/app/server", "--port", "8080",
                "a b 'c'", "---", "/app/agent");
        assertThat(plan.options().grace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(plan.options().prefixOutput()).isTrue();
        assertThat(plan.options().warnOnReap()).isFalse();
        assertThat(plan.options().rewrites().apply(15)).isEqualTo(2);
        assertThat(plan.options().rewrites().apply(1)).isZero();
        assertThat(plan.specs()).extracting(ProgramSpecs.Spec::name).containsExactly("migrate", "web", null);
        assertThat(plan.specs().get(1).restart().policy()).isEqualTo(Program.RestartPolicy.ON_FAILURE);
        assertThat(plan.specs().get(1).restart().limit()).isEqualTo(3);
        assertThat(plan.specs().get(0).before()).isTrue();
        assertThat(plan.specs().get(1).watched()).isTrue();
    }

    @Test
    void keysAreTheSameOptionsInAnyOrderAsTheCommandLine() throws IOException {
        Plan fromFile = planOf(Map.of(), "--config", file("jinit.yaml", CONFIG).toString());
        String[] commandLine = {"--grace", "10s", "--prefix-output", "-r", "TERM:INT", "-r", "HUP:0", "--",
            "--name", "migrate", "--before", "/app/migrate", "--all", "---",
            "--name", "web", "--watch", "--restart", "on-failure", "--restart-limit", "3", "/app/server", "--port", "8080",
            "a b 'c'", "---", "/app/agent"};
        Plan fromCommandLine = planOf(Map.of(), commandLine);
        assertThat(fromFile.flags()).isEqualTo(fromCommandLine.flags());
        assertThat(fromFile.specs()).usingRecursiveComparison().ignoringFields("from", "to").isEqualTo(fromCommandLine.specs());
        assertThat(fromFile.describe(List.of())).isEqualTo(fromCommandLine.describe(List.of(commandLine)));
    }

    @Test
    void flagsOnTheCommandLineWinOverTheFileAndTheFileOverVariables() throws IOException {
        String config = file("jinit.yaml", CONFIG).toString();
        Plan plan = planOf(Map.of("JINIT_STOP_DELAY", "3s", "JINIT_GRACE", "1s"), "--grace=2s", "-r", "USR1:USR2",
                "--config", config, "-c");
        assertThat(plan.options().grace()).as("the flag").isEqualTo(Duration.ofSeconds(2));
        assertThat(plan.options().rewrites().apply(10)).isEqualTo(12);
        assertThat(plan.options().rewrites().apply(15)).as("-r replaces the file's whole list").isEqualTo(15);
        assertThat(plan.options().forwarding()).isEqualTo(Forwarding.SINGLE_CHILD);
        assertThat(plan.options().prefixOutput()).as("the file's, not given on the command line").isTrue();
        assertThat(plan.options().stopDelay()).as("the variable, neither in the file nor a flag").isEqualTo(Duration.ofSeconds(3));
        assertThat(planOf(Map.of("JINIT_GRACE", "1s"), "--config", config).options().grace()).as("the file over the variable")
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void commandsOnTheCommandLineReplaceTheFilesAndTheVariableNamesTheFile() throws IOException {
        String config = file("jinit.yaml", CONFIG).toString();
        String[] args = {"-v", "--", "sh", "-c", "exit 3"};
        Plan plan = planOf(Map.of("JINIT_CONFIG", config), args);
        assertThat(plan.configuredCommands()).isNull();
        assertThat(plan.firstCommandArgument()).isEqualTo(2);
        assertThat(plan.specs()).singleElement().extracting(ProgramSpecs.Spec::from, ProgramSpecs.Spec::to).containsExactly(0, 3);
        assertThat(plan.options().grace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(plan.verbosity()).isEqualTo(1);
        Path other = file("other.yaml", "grace: 4s\ncommands: [{program: x}]\n");
        assertThat(planOf(Map.of("JINIT_CONFIG", config), "--config", other.toString()).options().grace())
                .as("--config wins over JINIT_CONFIG").isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void checkPrintsThePlanAndLaunchesNothing() throws IOException {
        AtomicReference<Plan> launched = new AtomicReference<>();
        assertThat(execute(Map.of(), launched, "--check", "--config", file("jinit.yaml", CONFIG).toString())).isZero();
        assertThat(launched.get()).isNull();
        assertThat(stdout.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "jinit: --process-group --grace 10s --rewrite HUP:0 --rewrite TERM:INT --prefix-output",
                "migrate: --before --restart no --grace 10s -- /app/migrate --all",
                "web: --watch --restart on-failure --restart-delay 1s --restart-max-delay 30s --restart-limit 3"
                        + " --restart-window 60s --grace 10s -- /app/server --port 8080 'a b '\\''c'\\'''",
                "agent: --restart no --grace 10s -- /app/agent");
    }

    @Test
    void readinessAndHealthKeysAreTheCommandOptionsAndTheirDefaultsShowInThePlan() throws IOException {
        Path config = file("checks.yaml", """
                commands:
                  - name: proxy
                    ready: http://127.0.0.1:9901/ready
                    program: [/app/proxy]
                  - name: web
                    ready: tcp:8081
                    ready-timeout: 2m
                    health: exec:/app/probe --quick
                    health-retries: 5
                    program: [/app/web]
                """);
        List<String> plan = planOf(Map.of(), "--config", config.toString()).describe(List.of());
        assertThat(plan.get(1)).isEqualTo("proxy: --restart no --grace 5s --ready http://127.0.0.1:9901/ready"
                + " --ready-timeout 60s -- /app/proxy");
        assertThat(plan.get(2)).isEqualTo("web: --restart no --grace 5s --ready tcp:127.0.0.1:8081 --ready-timeout 120s"
                + " --health 'exec:/app/probe --quick' --health-interval 10s --health-timeout 5s --health-retries 5 -- /app/web");
    }

    @Test
    void checkReportsABadCommandLineAsAnyStartWould() {
        assertBadUsage(Map.of(), List.of("--check", "--grace", "soon", "true"));
    }

    /** The malformed files both this test and jinit as PID 1 (jlink's ConfigFileTest) are given. */
    static final Path MALFORMED = Path.of("src/test/resources/malformed-configs.tsv");

    /** Malformed files: the text, the line the error must name, and a word of what is wrong. */
    static Stream<Arguments> malformedFiles() throws IOException {
        return Files.readAllLines(MALFORMED).stream().filter(line -> !line.startsWith("#")).map(line -> line.split("\t", 3))
                .map(fields -> Arguments.of(unescaped(fields[2]), Integer.parseInt(fields[0]), fields[1]));
    }

    private static String unescaped(String text) {
        return text.replace("\\n", "\n").replace("\\t", "\t");
    }

    @ParameterizedTest
    @MethodSource("malformedFiles")
    void aMalformedFileIsOneLineNamingTheFileAndTheLineWithStatusTwo(String text, int line, String what) throws IOException {
        Path config = file("bad.yaml", text);
        assertBadUsage(Map.of(), List.of("--config", config.toString()));
        assertThat(stderr.toString(StandardCharsets.UTF_8)).startsWith("[jinit] ERROR " + config + ":" + line + ": ")
                .contains(what);
    }

    @Test
    void aFileThatIsNotUtf8NamesTheLineOfTheFirstBadByte() throws IOException {
        Path config = Files.write(directory.resolve("latin1.yaml"), "grace: 1s\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertBadUsage(Map.of(), List.of("--config", config.toString(), "true"));
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains(config + ":2: not UTF-8 text");
    }

    @Test
    void aMissingOrEmptyFileIsAUsageError() throws IOException {
        assertBadUsage(Map.of(), List.of("--config", directory.resolve("none.yaml").toString()));
        assertThat(stderr.toString()).contains("none.yaml: no such file");
        assertBadUsage(Map.of(), List.of("--config", file("empty.yaml", "").toString()));
        assertThat(stderr.toString()).contains("empty.yaml: no commands, and no COMMAND on the command line");
        assertBadUsage(Map.of("JINIT_CONFIG", " "), List.of("true"));
        assertThat(stderr.toString()).contains("JINIT_CONFIG: no file named");
        assertBadUsage(Map.of(), List.of("--config", directory.toString()));
    }

    @Test
    void errorsOfTheCommandLineAreNotBlamedOnTheFile() throws IOException {
        Path config = file("jinit.yaml", CONFIG);
        assertBadUsage(Map.of(), List.of("--config", config.toString(), "--stop-delay", "later"));
        assertThat(stderr.toString()).doesNotContain(config.toString()).contains("later");
        assertBadUsage(Map.of("JINIT_STOP_DELAY", "later"), List.of("--config", config.toString()));
        assertThat(stderr.toString()).doesNotContain(config.toString()).contains("JINIT_STOP_DELAY");
    }
}
