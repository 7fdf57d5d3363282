package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.it.ContainerTest.Init;
import dev.jinit.it.ExternalCommand.Result;
import dev.jinit.it.Podman.Container;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Readiness and health checks in a container that podman runs from jinit's OCI image archive. As in
 * {@link ContainerTest}, the commands are scripts of a static busybox in a read-only bind mount
 * ({@code /tools}) and leave what they saw in a writable one ({@code /out}); the container has a
 * read-only root and a loopback network only. {@code proxy} listens on 8080 two seconds after it
 * starts; {@code app} notes whether the proxy answered when it started. Both note the SIGTERM they
 * get in {@code /out/stops}.
 */
class ContainerReadinessTest {
    private static final Path ARCHIVE = Path.of(System.getProperty("jinit.oci.archive", "target/jinit-oci.tar"));
    /** Its own name, copied from the archive: other runs on this machine load theirs under the image's name. */
    private static final String IMAGE = "localhost/jinit-ready-test:" + ProcessHandle.current().pid();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final String PROXY = """
            #!/tools/sh
            trap 'echo proxy >> /out/stops; exit 0' TERM
            : > /out/proxy-started
            sleep 2
            : > /out/proxy-listening
            httpd -f -p 8080 -h /tools/www &
            # For --ready fd:3, a newline there once it answers.
            if [ -e /proc/self/fd/3 ]; then
              until wget -q -O /dev/null http://127.0.0.1:8080/ 2>&-; do sleep 0.01; done
              echo >&3
            fi
            wait
            """;
    private static final String APP = """
            #!/tools/sh
            trap 'echo app >> /out/stops; exit 0' TERM
            if wget -q -O /dev/null http://127.0.0.1:8080/index.html; then answer=answered; else answer=refused; fi
            echo $answer > /out/app-started
            while :; do sleep 0.05; done
            """;
    /**
     * Serves on 8081; its first run stops answering after a second but keeps running, as a hung
     * server does, and ends with status 0 on SIGTERM: an unhealthy command has failed however it ends.
     */
    private static final String FLAKY = """
            #!/tools/sh
            echo started >> /out/starts
            if [ "$(wc -l < /out/starts)" -eq 1 ]; then
              trap 'exit 0' TERM
              httpd -f -p 8081 -h /tools/www & sleep 1; kill $!
              while :; do sleep 0.05; done
            fi
            exec httpd -f -p 8081 -h /tools/www
            """;

    @TempDir
    static Path tools;
    @TempDir
    Path out;

    @BeforeAll
    static void copyImageAndTools() throws IOException {
        assertThat(Podman.isInstalled()).as("podman is not installed: run scripts/test-prerequisites.sh").isTrue();
        ExternalCommand.run("skopeo", "copy", "--quiet", "oci-archive:" + ARCHIVE.toAbsolutePath(),
                "containers-storage:" + IMAGE).requireSuccess();
        Podman.copyTools(tools, List.of("sh", "sleep", "httpd", "wget", "test", "wc"));
        Files.writeString(Files.createDirectory(tools.resolve("www")).resolve("index.html"), "ready\n");
        for (Map.Entry<String, String> script : Map.of("proxy", PROXY, "app", APP, "flaky", FLAKY).entrySet()) {
            Files.writeString(tools.resolve(script.getKey()), script.getValue());
            Files.setPosixFilePermissions(tools.resolve(script.getKey()), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(tools.resolve("www"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void removeImage() {
        Podman.call("rmi", "--ignore", IMAGE);
    }

    @ParameterizedTest(name = "--ready {0}")
    @ValueSource(strings = {"tcp:8080", "http://127.0.0.1:8080/index.html", "fd:3"})
    void theAppStartsOnlyOnceTheProxyListens(String check) {
        List<String> command = List.of("--name", "proxy", "--ready", check, "/tools/proxy", "---", "--name", "app",
                "/tools/app");
        try (Container container = start("gate-" + check.substring(0, check.indexOf(':')), List.of(), command)) {
            awaitLines(container, "app-started");
            Duration waited = Duration.between(modified("proxy-started"), modified("app-started"));
            Duration afterListening = Duration.between(modified("proxy-listening"), modified("app-started"));
            System.out.printf(Locale.ROOT, "--ready %s: the app started %d ms after the proxy, %d ms after it listened%n",
                    check, waited.toMillis(), afterListening.toMillis());
            assertThat(lines("app-started")).as("the proxy, when the app started").containsExactly("answered");
            assertThat(modified("app-started")).isAfterOrEqualTo(modified("proxy-listening"));
            // The proxy sleeps 2 s; file times are the kernel's coarse clock, a few milliseconds a tick.
            assertThat(waited).isGreaterThan(Duration.ofMillis(1950));
            container.stop(10);
            assertThat(container.awaitExit()).isZero();
            assertThat(lines("stops")).as("stopped in reverse start order").containsExactly("app", "proxy");
        }
    }

    /** Nothing listens on 8081: the proxy is never ready. */
    @Test
    void podmanStopDuringTheReadinessWaitStopsTheProxy() {
        List<String> command = List.of("--name", "proxy", "--ready", "tcp:8081", "/tools/proxy", "---", "--name", "app",
                "/tools/app");
        try (Container container = start("stop-waiting", List.of(), command)) {
            await(container, "the proxy to start", () -> Files.exists(out.resolve("proxy-started")));
            container.stop(10);
            assertThat(container.awaitExit()).as("the proxy's status, not a SIGKILL").isZero();
            assertThat(lines("stops")).containsExactly("proxy");
            assertThat(out.resolve("app-started")).doesNotExist();
        }
    }

    @Test
    void aProxyNotReadyInTimeStopsTheStartUp() {
        List<String> command = List.of("--name", "proxy", "--ready", "tcp:8080", "--ready-timeout", "1s", "/tools/proxy",
                "---", "--name", "app", "/tools/app");
        try (Container container = start("timeout", List.of(), command)) {
            assertThat(container.awaitExit()).isEqualTo(1);
            assertThat(jinitLines(container)).filteredOn(line -> line.contains("not ready")).satisfiesExactly(
                    stopping -> assertThat(stopping).matches("\\[jinit] WARN proxy was not ready within 1s .*: stopping proxy "
                            + "\\(pid \\d+\\)"),
                    startUp -> assertThat(startUp).startsWith("[jinit] ERROR proxy was not ready within 1s ")
                            .endsWith(": not starting the commands after it"));
            assertThat(lines("stops")).containsExactly("proxy");
            assertThat(out.resolve("app-started")).doesNotExist();
        }
    }

    /** Start-up is over only once the last command is ready too. */
    @Test
    void theLastCommandNotReadyInTimeEndsTheContainer() {
        List<String> command = List.of("--name", "proxy", "/tools/proxy", "---", "--name", "app", "--ready", "tcp:8081",
                "--ready-timeout", "1s", "/tools/app");
        try (Container container = start("last-timeout", List.of(), command)) {
            assertThat(container.awaitExit()).isEqualTo(1);
            assertThat(jinitLines(container)).anyMatch(line -> line.startsWith("[jinit] ERROR app was not ready within 1s ")
                    && line.endsWith(": stopping everything"));
            assertThat(lines("stops")).containsExactly("app", "proxy");
        }
    }

    @ParameterizedTest(name = "--restart {0}")
    @ValueSource(strings = {"always", "on-failure"})
    void aCommandThatFailsItsHealthCheckThreeTimesIsRestarted(String policy) {
        List<String> command = List.of("--name", "web", "--health", "http://127.0.0.1:8081/", "--health-interval", "300ms",
                "--health-retries", "3", "--restart", policy, "--restart-delay", "0.2s", "/tools/flaky");
        try (Container container = start("health-" + policy, List.of(), command)) {
            await(container, "a second start", () -> lines("starts").size() >= 2);
            // The second run answers: six more intervals bring no third start.
            Polling.sleep(Duration.ofMillis(1800));
            assertThat(lines("starts")).hasSize(2);
            assertThat(jinitLines(container)).filteredOn(line -> line.contains("unhealthy")).singleElement().asString()
                    .contains("WARN").contains("web is unhealthy");
            assertThat(control(container, "status").stdout()).matches("web: running, pid \\d+, restarts 1, uptime \\d+s\n");
            container.stop(10);
            assertThat(container.awaitExit()).as("httpd, killed by the SIGTERM").isEqualTo(143);
        }
    }

    @Test
    void aWatchedCommandThatBecomesUnhealthyAndIsNotRestartedEndsTheContainer() {
        List<String> command = List.of("--name", "web", "--health", "http://127.0.0.1:8081/", "--health-interval", "300ms",
                "/tools/flaky");
        try (Container container = start("unhealthy", List.of(), command)) {
            assertThat(container.awaitExit()).isEqualTo(1);
            assertThat(lines("starts")).hasSize(1);
            assertThat(jinitLines(container)).anyMatch(line -> line.contains("web is unhealthy"));
        }
    }

    /**
     * The same proxy and app under catatonit and tini, where a shell waits for the proxy before it
     * becomes the app: how long {@code podman stop} takes is printed, not asserted.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Init.class, names = {"JINIT", "RUNTIME_INIT", "TINI"})
    void stopOfGatedCommandsWithHealthChecksIsClean(Init init) {
        List<String> command = init == Init.JINIT
                ? List.of("--name", "proxy", "--ready", "tcp:8080", "--health", "tcp:8080", "--health-interval", "300ms",
                        "/tools/proxy", "---", "--name", "app", "--health", "exec:/tools/test -e /out/app-started",
                        "--health-interval", "300ms", "/tools/app")
                : List.of("/tools/sh", "-c", "/tools/proxy & until wget -q -O /dev/null http://127.0.0.1:8080/ 2>&-; "
                        + "do sleep 0.25; done; exec /tools/app");
        try (Container container = start("stop-" + init.name().toLowerCase(Locale.ROOT), init.options(command),
                init.arguments(command))) {
            awaitLines(container, "app-started");
            // Long enough for a few health checks of each.
            Polling.sleep(Duration.ofSeconds(1));
            Duration stopping = container.stop(10);
            int status = container.awaitExit();
            System.out.printf(Locale.ROOT, "podman stop -t 10 of a proxy and the app it gates, %s: %.2f s, status %d, "
                    + "SIGTERM noted by %s%n", init.title, stopping.toMillis() / 1000.0, status, lines("stops"));
            if (init == Init.JINIT) {
                assertThat(status).isZero();
                assertThat(lines("stops")).containsExactly("app", "proxy");
                assertThat(jinitLines(container)).noneMatch(line -> line.contains("unhealthy"));
            }
        }
    }

    @Test
    void aConfigFileGatesTheAppOnTheProxy() throws IOException {
        Path config = Files.writeString(out.resolve("jinit.yaml"), """
                commands:
                  - name: proxy
                    ready: http://127.0.0.1:8080/index.html
                    ready-timeout: 20s
                    health: tcp:8080
                    health-interval: 300ms
                    health-retries: 2
                    program: [/tools/sh, -c, "echo waiting > /out/proxy-waits; until [ -e /out/go ]; do sleep 0.05; done;
                      exec /tools/proxy"]
                  - name: app
                    watch: true
                    program: [/tools/app]
                """);
        List<String> options = List.of("--volume", config + ":/etc/jinit.yaml:ro", "--env", "JINIT_VERBOSITY=1",
                "--entrypoint", "/opt/jinit/bin/java");
        try (Container container = start("config", options, List.of("-m", "dev.jinit.cli", "--config", "/etc/jinit.yaml"))) {
            awaitLines(container, "proxy-waits");
            // jinit's control channel may open a moment after it has started the proxy.
            Result starting = Polling.awaitPresent(() -> Optional.of(control(container, "status"))
                    .filter(answer -> answer.stdout().startsWith("proxy: ")), TIMEOUT, POLL_INTERVAL).orElseThrow();
            assertThat(starting.stdout()).as(starting.toString()).startsWith("proxy: starting").contains("\napp: starting");
            assertThat(starting.status()).as("the watched app does not run yet").isEqualTo(1);
            assertThat(Podman.call("exec", container.name(), "/opt/jinit/bin/java", "-m", "dev.jinit.cli", "--config",
                    "/etc/jinit.yaml", "--check").requireSuccess().stdout())
                    // The plan may name the host that tcp:PORT stands for.
                    .containsPattern("\\Q--ready http://127.0.0.1:8080/index.html --ready-timeout 20s --health tcp:\\E"
                            + "(127\\.0\\.0\\.1:)?\\Q8080 --health-interval 300ms --health-timeout 5s --health-retries 2 --\\E");
            Files.writeString(out.resolve("go"), "");
            awaitLines(container, "app-started");
            assertThat(lines("app-started")).containsExactly("answered");
            Result status = control(container, "status");
            assertThat(status.status()).as(status.toString()).isZero();
            assertThat(status.stdout()).containsPattern("(?m)^proxy: running, ").containsPattern("(?m)^app: running, ");
            assertThat(jinitLines(container)).anyMatch(line -> line.contains("proxy is ready"));
            container.stop(10);
            assertThat(container.awaitExit()).isZero();
            assertThat(lines("stops")).containsExactly("app", "proxy");
        }
    }

    private Container start(String scenario, List<String> options, List<String> command) {
        try {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A read-only root, as Kubernetes' readOnlyRootFilesystem: the checks must need no file of their own.
        List<String> all = new ArrayList<>(List.of("--read-only", "--volume", tools + ":/tools:ro", "--volume",
                out + ":/out", "--env", "PATH=/tools"));
        all.addAll(options);
        return Podman.start("jinit-it-ready-" + scenario, all, IMAGE, command);
    }

    /** {@code jinit --control REQUEST} run by {@code podman exec}, as the image's user. */
    private static Result control(Container container, String request) {
        return Podman.call("exec", container.name(), "/opt/jinit/bin/java", "-m", "dev.jinit.cli", "--control", request);
    }

    private static List<String> jinitLines(Container container) {
        return container.logs().stderrLines().stream().filter(line -> line.startsWith("[jinit] ")).toList();
    }

    /** Waits for a file of /out to have a whole line: the shell creates it before it writes. */
    private void awaitLines(Container container, String file) {
        await(container, "a line in /out/" + file, () -> !lines(file).isEmpty());
    }

    /** Polls {@code condition}; fails at once, with jinit's output, if the container ends first. */
    private static void await(Container container, String what, BooleanSupplier condition) {
        Polling.awaitTrue(what, () -> condition.getAsBoolean() || container.inspect("{{.State.Running}}").equals("false"),
                TIMEOUT, POLL_INTERVAL);
        assertThat(condition.getAsBoolean()).as("%s before the container ended: %s", what, container.logs()).isTrue();
    }

    /** The lines of a file of /out; none while it is not there. */
    private List<String> lines(String file) {
        try {
            return Files.readAllLines(out.resolve(file));
        } catch (NoSuchFileException notYet) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Instant modified(String file) {
        return Instant.ofEpochMilli(out.resolve(file).toFile().lastModified());
    }
}
