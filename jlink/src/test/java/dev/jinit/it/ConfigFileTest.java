package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example configuration file (examples/several-commands/jinit.yaml) under {@code --check} and
 * run for real, jinit as PID 1 of a PID namespace, and a bad file as PID 1.
 */
class ConfigFileTest {
    private static final Path EXAMPLE = Path.of(System.getProperty("jinit.example.config",
            "../examples/several-commands/jinit.yaml")).toAbsolutePath().normalize();
    private static final Path MALFORMED = Path.of(System.getProperty("jinit.malformed.configs",
            "../init-cli/src/test/resources/malformed-configs.tsv")).toAbsolutePath().normalize();
    /** Where the example's programs are; the test mounts stand-ins there, in a mount namespace of jinit's own. */
    private static final String PROGRAMS = "/usr/local/bin";
    /**
     * Stands in for each of the example's programs, by its file name ($0): says that it runs with its
     * arguments, and that it got SIGTERM, then exits 0; {@code app migrate} migrates and exits. envoy
     * and {@code app serve} answer the example's readiness and health checks (busybox's httpd, in
     * their process group, which jinit stops with them).
     */
    private static final String STAND_IN = """
            #!/bin/sh
            name=${0##*/}
            if [ "$1" = migrate ]; then echo "$name migrated"; exit 0; fi
            case "$name $1" in
              envoy*) busybox httpd -f -p 127.0.0.1:9901 -h "${0%/*}/www" & ;;
              "app serve") busybox httpd -f -p 127.0.0.1:8081 -h "${0%/*}/www" & ;;
            esac
            trap 'echo "$name got TERM"; exit 0' TERM
            echo "$name $* running"
            while :; do sleep 0.1 & wait $!; done
            """;
    private static final List<String> PROGRAM_NAMES = List.of("app", "fluent-bit", "envoy", "metrics-agent");

    @Test
    void theExampleUnderCheckPrintsOneLinePerCommandAndStartsNothing() {
        try (JinitProcess jinit = JinitProcess.asPid1("--config", EXAMPLE.toString(), "--check")) {
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stderr()).isEmpty();
            assertThat(jinit.stdout()).hasSize(6);
            assertThat(jinit.stdout().getFirst()).isEqualTo("jinit: --process-group --grace 10s --prefix-output --stop-delay 5s");
            assertThat(jinit.stdout().subList(1, 6)).extracting(line -> line.substring(0, line.indexOf(':')))
                    .containsExactly("migrate", "log-shipper", "proxy", "web", "agent");
            assertThat(jinit.stdout().get(4)).isEqualTo("web: --watch --restart on-failure --restart-delay 1s"
                    + " --restart-max-delay 30s --restart-limit 3 --restart-window 60s --grace 20s --ready tcp:127.0.0.1:8081"
                    + " --ready-timeout 120s --health http://127.0.0.1:8081/healthz --health-interval 15s --health-timeout 5s"
                    + " --health-retries 2 -- /usr/local/bin/app serve --port 8081");
        }
    }

    @Test
    void theExampleRunsForRealAndFlagsWinOverTheFile(@TempDir Path directory) throws IOException {
        for (String name : PROGRAM_NAMES) {
            Path program = Files.writeString(directory.resolve(name), STAND_IN);
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // What the stand-ins' httpd serves: envoy's /ready and web's /healthz.
        Path www = Files.createDirectory(directory.resolve("www"));
        Files.writeString(www.resolve("ready"), "LIVE\n");
        Files.writeString(www.resolve("healthz"), "ok\n");
        // The agent runs as user 65532, which must reach its program.
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        // The file's stop delay is 5s; the flag's wins.
        try (JinitProcess jinit = JinitProcess.start(withProgramsIn(directory), JinitProcess.Placement.PID_1,
                List.of("-v", "--config", EXAMPLE.toString(), "--stop-delay", "200ms"))) {
            List<String> running = List.of("[log-shipper] fluent-bit -c /etc/fluent-bit/fluent-bit.conf running",
                    "[proxy] envoy -c /etc/envoy/envoy.yaml running", "[web] app serve --port 8081 running",
                    "[agent] metrics-agent --scrape http://127.0.0.1:8081/metrics running");
            running.forEach(jinit::awaitLine);
            jinit.signal(Signals.SIGTERM);
            JinitLogs.await(jinit, "SIGTERM: stopping in 200 ms (--stop-delay)");
            assertThat(jinit.awaitExit()).as("web, the watched command, exits 0 on SIGTERM").isZero();
            List<String> expected = new ArrayList<>(running);
            expected.addAll(List.of("[migrate] app migrated", "[agent] metrics-agent got TERM", "[web] app got TERM",
                    "[proxy] envoy got TERM", "[log-shipper] fluent-bit got TERM"));
            assertThat(jinit.stdout()).containsExactlyInAnyOrderElementsOf(expected);
            // The supervisor logs from its one thread: the order of its lines is the order of what it did.
            List<String> logs = JinitLogs.of(jinit);
            assertThat(indexOf(logs, "migrate (pid")).as("the --before command ends before the others start")
                    .isLessThan(indexOf(logs, "started log-shipper"));
            assertThat(indexOf(logs, "proxy is ready")).as("web waits for the proxy").isLessThan(indexOf(logs, "started web"));
            assertThat(indexOf(logs, "web is ready")).as("the agent waits for web").isLessThan(indexOf(logs, "started agent"));
            assertThat(logs.stream().filter(line -> line.contains(" with SIGTERM"))
                    .map(line -> line.replaceAll(".* stopping (\\S+) .*", "$1")))
                    .as("stopped in the reverse order").containsExactly("agent", "web", "proxy", "log-shipper");
        }
    }

    @Test
    void aBadFileAsPid1IsOneLineNamingItsLineAndStatusTwo(@TempDir Path directory) throws IOException {
        Path config = Files.writeString(directory.resolve("jinit.yaml"), """
                grace: 10s
                commands:
                  - name: web
                    restart: sometimes
                    program: [/bin/true]
                """);
        try (JinitProcess jinit = JinitProcess.asPid1("--config", config.toString())) {
            assertThat(jinit.awaitExit()).isEqualTo(2);
            assertThat(jinit.stdout()).isEmpty();
            assertThat(jinit.stderr()).singleElement().asString()
                    .startsWith("[jinit] ERROR " + config + ":4: command 1: --restart: 'sometimes' is not one of");
        }
    }

    /** init-cli's malformed files (its ConfigFileTest gives them to the command line in process): line, word, text. */
    static Stream<Arguments> malformedFiles() throws IOException {
        return Files.readAllLines(MALFORMED).stream().filter(line -> !line.startsWith("#")).map(line -> line.split("\t", 3))
                .map(fields -> Arguments.of(Integer.parseInt(fields[0]), fields[1],
                        fields[2].replace("\\n", "\n").replace("\\t", "\t")));
    }

    @ParameterizedTest(name = "line {0}: {1}")
    @MethodSource("malformedFiles")
    void eachMalformedFileAsPid1IsOneLineNamingItsLineAndStatusTwo(int line, String what, String text, @TempDir Path directory)
            throws IOException {
        Path config = Files.writeString(directory.resolve("bad.yaml"), text);
        try (JinitProcess jinit = JinitProcess.asPid1("--config", config.toString())) {
            assertThat(jinit.awaitExit()).isEqualTo(2);
            assertThat(jinit.stdout()).isEmpty();
            assertThat(jinit.stderr()).singleElement().asString().startsWith("[jinit] ERROR " + config + ":" + line + ": ")
                    .contains(what);
        }
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no line containing '" + fragment + "' in " + lines);
    }

    /**
     * A launcher that mounts {@code directory} on {@link #PROGRAMS} in a new mount namespace (the
     * host's stays as it is), then execs the rest of the command line.
     */
    private static List<String> withProgramsIn(Path directory) {
        return List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                "mount --bind \"$0\" " + PROGRAMS + " && exec \"$@\"", directory.toString());
    }
}
