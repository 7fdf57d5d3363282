package dev.jinit.it;

import static dev.jinit.it.Checks.APP;
import static dev.jinit.it.Checks.NOTIFIER;
import static dev.jinit.it.Checks.PYTHON;
import static dev.jinit.it.Checks.SERVER;
import static dev.jinit.it.Checks.TERM_REPORTER;
import static dev.jinit.it.SeveralCommands.shell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --ready}: a command with a readiness check holds back the commands after it until the
 * check passes, for every kind of check, as PID 1 of a namespace; a command not ready in time, or
 * ended before it was ready, stops the start-up; bad checks are usage errors.
 */
class ReadinessTest {
    /** Writes when it becomes ready, then makes the file $1 (for the file: and exec: checks). */
    private static final String FILE_MAKER = """
            sleep 1
            echo "$0 ready $(date +%s%3N)"
            touch "$1"
            exec sleep 100
            """;
    /** s6's notification fd: a first write without a newline is not readiness yet. */
    private static final String FD_WRITER = """
            printf starting >&3
            sleep 1
            echo "$0 ready $(date +%s%3N)"
            echo >&3
            exec sleep 100
            """;

    /** The proxy (with its --ready) for a free port and a directory of the test's own. */
    private record Proxy(String description, BiFunction<Integer, Path, List<String>> command) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static List<String> tcpProxy(int port) {
        return List.of("--ready", "tcp:" + port, "--name", "proxy", PYTHON, "-c", SERVER, "proxy", "tcp",
                Integer.toString(port), "2");
    }

    static Stream<Proxy> proxies() {
        return Stream.of(
                new Proxy("tcp:PORT, listening after 2 s", (port, directory) -> tcpProxy(port)),
                new Proxy("http://127.0.0.1:PORT/PATH, busybox httpd after 2 s", (port, directory) -> shell(
                        List.of("--ready", "http://127.0.0.1:" + port + "/healthz"), "proxy",
                        "sleep 2; echo \"$0 ready $(date +%s%3N)\"; exec /bin/busybox httpd -f -p \"127.0.0.1:$1\" -h \"$2\"",
                        port.toString(), directory.toString())),
                new Proxy("http://127.0.0.1:PORT/PATH, 503 for 2 s, then 200", (port, directory) -> List.of(
                        "--ready", "http://127.0.0.1:" + port + "/healthz",
                        "--name", "proxy", PYTHON, "-c", SERVER, "proxy", "http-503", port.toString(), "2")),
                new Proxy("file:PATH", (port, directory) -> shell(List.of("--ready", "file:" + directory.resolve("ready")),
                        "proxy", FILE_MAKER, directory.resolve("ready").toString())),
                new Proxy("exec:/usr/bin/test -e PATH", (port, directory) -> shell(
                        List.of("--ready", "exec:/usr/bin/test -e " + directory.resolve("ready")),
                        "proxy", FILE_MAKER, directory.resolve("ready").toString())),
                new Proxy("notify", (port, directory) -> List.of("--ready", "notify", "--name", "proxy", PYTHON, "-c",
                        NOTIFIER, "proxy")),
                new Proxy("fd:3", (port, directory) -> shell(List.of("--ready", "fd:3"), "proxy", FD_WRITER)),
                // --user starts the command through a short JVM, which must pass the descriptor on.
                new Proxy("fd:3, as another user", (port, directory) -> shell(List.of("--ready", "fd:3", "--user", "65532"),
                        "proxy", FD_WRITER)));
    }

    /**
     * The app starts after the proxy became ready, soon after (the checks are polled every 250 ms),
     * without the proxy's NOTIFY_SOCKET; the stop takes them in reverse order.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("proxies")
    void aProxyThatBecomesReadyLaterGatesTheApp(Proxy proxy, @TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("healthz"), "ok\n");
        try (JinitProcess jinit = Checks.asPid1(List.of("-v"), List.of(
                proxy.command().apply(Checks.freePort(), directory), shell("app", APP)))) {
            long appStarted = Checks.awaitMillis(jinit, "app started");
            long proxyReady = Checks.millis(jinit, "proxy ready").orElseThrow(() -> jinit.failure("started the app first"));
            assertThat(appStarted - proxyReady).as("ms from the proxy's readiness to the app's start")
                    .isBetween(0L, 1_999L);
            jinit.awaitLine("app NOTIFY_SOCKET=unset");
            if (proxy.description().startsWith("notify")) {
                assertThat(jinit.stdout()).as("the proxy's socket is abstract")
                        .anyMatch(line -> line.startsWith("proxy NOTIFY_SOCKET=@"));
            }
            if (proxy.description().contains("503")) {
                assertThat(jinit.stdout()).as("the check asked while the proxy answered 503").contains("proxy answered 503");
            }
            // jinit's log lines come through a queue of their own, after the app's output maybe.
            JinitLogs.await(jinit, "started app");
            assertThat(Checks.logIndex(jinit, "proxy is ready")).as("'proxy is ready' before the app starts")
                    .isLessThan(Checks.logIndex(jinit, "started app"));
            jinit.signal(Signals.SIGTERM);
            jinit.awaitExit();
            assertThat(Checks.logIndex(jinit, "stopping app (pid")).as("the app stops first")
                    .isLessThan(Checks.logIndex(jinit, "stopping proxy (pid"));
        }
    }

    /**
     * A check that hangs until its timeout (an HTTP server that never answers) holds up no other
     * command's check: the proxy's readiness is still seen within the polling interval.
     */
    @Test
    void aHungCheckOfOneCommandDoesNotDelayTheReadinessOfAnother() {
        try (JinitProcess jinit = Checks.asPid1(List.of(), List.of(Checks.hungCheck("6s"), tcpProxy(Checks.freePort()),
                shell("app", APP)))) {
            long appStarted = Checks.awaitMillis(jinit, "app started");
            assertThat(appStarted - Checks.millis(jinit, "proxy ready").orElseThrow())
                    .as("ms from the proxy's readiness to the app's start").isBetween(0L, 1_999L);
        }
    }

    /** {@code --control status} shows a command that runs but is not ready yet as starting, then as running. */
    @Test
    void aCommandNotReadyYetIsStartingInTheStatus(@TempDir Path directory) throws IOException {
        Path ready = directory.resolve("ready");
        try (JinitProcess jinit = Checks.asPid1(List.of(), List.of(
                shell(List.of("--ready", "file:" + ready), "proxy", "exec sleep 100"), shell("app", APP)))) {
            jinit.awaitTrue("proxy starting in the status",
                    () -> Checks.controlStatus(jinit).stdout().startsWith("proxy: starting"));
            assertThat(jinit.stdout()).isEmpty();
            Files.writeString(ready, "");
            Checks.awaitMillis(jinit, "app started");
            assertThat(Checks.controlStatus(jinit).stdoutLines()).anyMatch(line -> line.startsWith("proxy: running"));
        }
    }

    /**
     * Not ready within --ready-timeout, not restarted, whether commands wait for it or not: the
     * first command is stopped, status 1, and one error line says why (after the warning that the
     * command is stopped).
     */
    @ParameterizedTest(name = "an app after it: {0}")
    @ValueSource(booleans = {true, false})
    void aCommandNotReadyInTimeStopsTheStartUp(boolean appAfterIt) {
        List<List<String>> commands = new ArrayList<>(List.of(shell("first", TERM_REPORTER),
                shell(List.of("--ready", "tcp:" + Checks.freePort(), "--ready-timeout", "1s", "--restart", "no"),
                        "slow", "exec sleep 100")));
        if (appAfterIt) {
            commands.add(shell("app", APP));
        }
        try (JinitProcess jinit = Checks.asPid1(List.of(), commands)) {
            assertThat(jinit.awaitExit()).isEqualTo(1);
            assertThat(jinit.stdout()).containsExactly("first running", "first got TERM");
            assertThat(JinitLogs.of(jinit)).allMatch(line -> line.contains("slow"))
                    .filteredOn(line -> line.startsWith("[jinit] ERROR")).singleElement().asString().contains("not ready");
        }
    }

    /** A stop request while jinit waits for a command's readiness ends the start-up: what started is stopped. */
    @Test
    void aStopRequestDuringTheWaitEndsTheStartUp() {
        try (JinitProcess jinit = Checks.asPid1(List.of(), List.of(shell("first", TERM_REPORTER),
                shell(List.of("--ready", "tcp:" + Checks.freePort()), "slow", TERM_REPORTER), shell("app", APP)))) {
            jinit.awaitLine("first running");
            jinit.awaitLine("slow running");
            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).containsExactly("first running", "slow running", "slow got TERM", "first got TERM");
        }
    }

    /** The readiness wait starts again with each run: the second run becomes ready and the app starts. */
    @Test
    void aCommandNotReadyInTimeIsRestartedByItsPolicy(@TempDir Path directory) {
        String readyOnTheSecondRun = """
                runs=$(($(cat "$1/runs" 2>/dev/null || echo 0) + 1))
                echo "$runs" > "$1/runs"
                echo "$0 run $runs"
                [ "$runs" -ge 2 ] && touch "$1/ready"
                exec sleep 100
                """;
        try (JinitProcess jinit = Checks.asPid1(List.of(), List.of(
                shell(List.of("--ready", "file:" + directory.resolve("ready"), "--ready-timeout", "1s",
                        "--restart", "on-failure", "--restart-delay", "100ms"), "slow", readyOnTheSecondRun,
                        directory.toString()),
                shell("app", APP)))) {
            Checks.awaitMillis(jinit, "app started");
            assertThat(jinit.stdout().subList(0, 3)).satisfiesExactly(
                    line -> assertThat(line).isEqualTo("slow run 1"),
                    line -> assertThat(line).isEqualTo("slow run 2"),
                    line -> assertThat(line).startsWith("app started"));
            assertThat(jinit.isRunning()).isTrue();
        }
    }

    /** A command that ends before it is ready stops the start-up with its status, or 1 if that was 0. */
    @ParameterizedTest(name = "exit {0}: status {1}")
    @CsvSource({"7, 7", "0, 1"})
    void aCommandThatEndsBeforeItIsReadyStopsTheStartUp(int exitCode, int status) {
        try (JinitProcess jinit = Checks.asPid1(List.of(), List.of(
                shell("first", TERM_REPORTER),
                shell(List.of("--ready", "tcp:" + Checks.freePort()), "quitter", "sleep 0.5; exit " + exitCode),
                shell("app", APP)))) {
            assertThat(jinit.awaitExit()).isEqualTo(status);
            assertThat(jinit.stdout()).containsExactly("first running", "first got TERM");
        }
    }

    /** Good checks pass the parsing that rejects the bad ones below; the plan shows them resolved, with the default timeout. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "tcp:8080                         | tcp:127.0.0.1:8080",
        "tcp:10.0.0.1:8080                | tcp:10.0.0.1:8080",
        "http://127.0.0.1:8080/healthz    | http://127.0.0.1:8080/healthz",
        "file:/run/ready                  | file:/run/ready",
        "exec:/usr/bin/test -e /run/ready | 'exec:/usr/bin/test -e /run/ready'",
        "notify                           | notify",
        "fd:3                             | fd:3",
        "fd:1023                          | fd:1023",
    })
    void aGoodReadinessCheckIsInThePlan(String check, String shown) {
        assertThat(Checks.planLine(List.of("--ready", check))).contains(" --ready " + shown + " --ready-timeout 60s ");
    }

    /** Each one line on stderr, status 2, before anything starts; the line names the option. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--ready tcp:                      | --ready",
        "--ready tcp:99999                 | --ready",
        "--ready tcp:localhost:            | --ready",
        "--ready http://                   | --ready",
        "--ready https://127.0.0.1:443/    | --ready",
        "--ready bogus:x                   | --ready",
        "--ready exec:                     | --ready",
        "--ready file:run/ready            | --ready",
        "--ready fd:0                      | --ready",
        "--ready fd:1                      | --ready",
        "--ready fd:2                      | --ready",
        "--ready fd:1024                   | --ready",
        "--before --ready tcp:80           | --ready",
        "--ready tcp:80 --ready-timeout 0s | --ready-timeout",
        "--ready-timeout 1s                | --ready",
    })
    void aBadReadinessOptionIsAUsageErrorBeforeAnythingStarts(String options, String fragment) {
        Checks.assertUsageError(List.of(options.split(" ")), fragment);
    }
}
