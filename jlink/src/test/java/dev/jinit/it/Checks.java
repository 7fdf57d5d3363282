package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the readiness and health check tests share: free ports, the programs that become ready
 * (each writes {@code NAME ready MILLIS}, the wall-clock time just before it becomes ready) and
 * the command that records when it started.
 */
final class Checks {
    /** The app gated by a readiness check: when it started, and whether it got the notify socket. */
    static final String APP = """
            echo "$0 started $(date +%s%3N)"
            echo "$0 NOTIFY_SOCKET=${NOTIFY_SOCKET-unset}"
            exec sleep 100
            """;
    /** Reports, with its name ($0), that it runs and that it got TERM; exits 0 on TERM. */
    static final String TERM_REPORTER = """
            trap 'echo "$0 got TERM"; exit 0' TERM
            echo "$0 running"
            while :; do sleep 0.1 & wait $!; done
            """;
    /**
     * {@code python3 -c SERVER NAME MODE PORT DELAY}: {@code tcp} listens on 127.0.0.1:PORT after
     * DELAY seconds and says when it accepted a connection; {@code http-503} listens at once and answers GET /healthz with 503 for DELAY
     * seconds, then with 200 (any other path: 404); it says once that it answered 503. {@code hung}
     * listens at once and never answers what it accepts ({@link #hungCheck}).
     */
    static final String SERVER = """
            import http.server, socket, sys, time
            name, mode, port, delay = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
            if mode == "hung":
                server, held = socket.create_server(("127.0.0.1", port)), []
                while True:
                    held.append(server.accept()[0])
            if mode == "tcp":
                time.sleep(delay)
                print(name, "ready", int(time.time() * 1000), flush=True)
                server = socket.create_server(("127.0.0.1", port))
                while True:
                    server.accept()[0].close()
                    print(name, "accepted", flush=True)
            ready_at = time.time() + delay
            class Handler(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                answered_503 = False
                def do_GET(self):
                    status = 404 if self.path != "/healthz" else 200 if time.time() >= ready_at else 503
                    if status == 503 and not Handler.answered_503:
                        Handler.answered_503 = True
                        print(name, "answered 503", flush=True)
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.send_header("Connection", "close")
                    self.end_headers()
                def log_message(self, *arguments):
                    pass
            print(name, "ready", int(ready_at * 1000), flush=True)
            http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
            """;
    /**
     * {@code python3 -c NOTIFIER NAME}: says where $NOTIFY_SOCKET is, sends a status without
     * READY=1 at once, and READY=1 (among other lines) a second later; then runs on.
     */
    static final String NOTIFIER = """
            import os, socket, sys, time
            name, address = sys.argv[1], os.environ["NOTIFY_SOCKET"]
            print(name, "NOTIFY_SOCKET=" + address, flush=True)
            address = "\\0" + address[1:] if address.startswith("@") else address
            def notify(message):
                with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as client:
                    client.sendto(message, address)
            notify(b"STATUS=warming up\\n")
            time.sleep(1)
            print(name, "ready", int(time.time() * 1000), flush=True)
            notify(b"STATUS=up\\nREADY=1\\n")
            while True:
                time.sleep(100)
            """;
    static final String PYTHON = "/usr/bin/python3";
    private static final String JAVA = Path.of(System.getProperty("jinit.image", "target/jinit")).toAbsolutePath()
            .resolve("bin/java").toString();

    private Checks() {}

    /**
     * jinit as PID 1 with {@code globalOptions} and {@code commands}, separated by {@code ---}, with
     * no NOTIFY_SOCKET of its own: what a command sees of it comes from jinit's notify check.
     */
    static JinitProcess asPid1(List<String> globalOptions, List<List<String>> commands) {
        List<String> arguments = new ArrayList<>(globalOptions);
        arguments.add("--");
        arguments.addAll(commands.getFirst());
        commands.subList(1, commands.size()).forEach(command -> {
            arguments.add("---");
            arguments.addAll(command);
        });
        return JinitProcess.start(List.of("env", "-u", "NOTIFY_SOCKET"), JinitProcess.Placement.PID_1, arguments);
    }

    /** {@code --health CHECK} with an attempt that hangs for {@code timeout}, every 100 ms, for a command named hung. */
    static List<String> hungCheck(String timeout) {
        int port = freePort();
        return List.of("--health", "http://127.0.0.1:" + port + "/healthz", "--health-interval", "100ms",
                "--health-timeout", timeout, "--name", "hung", PYTHON, "-c", SERVER, "hung", "hung", Integer.toString(port), "0");
    }

    /** A TCP port nobody listens on now (the kernel's pick), so that concurrent runs do not collide. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an executable {@code #!/bin/sh} script. */
    static Path script(Path directory, String name, String body) {
        try {
            Path script = Files.writeString(directory.resolve(name), "#!/bin/sh\n" + body);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a stdout line {@code PREFIX MILLIS}; returns MILLIS. */
    static long awaitMillis(JinitProcess jinit, String prefix) {
        jinit.awaitTrue("a line '" + prefix + " MILLIS'", () -> millis(jinit, prefix).isPresent());
        return millis(jinit, prefix).orElseThrow();
    }

    /** MILLIS of the first stdout line {@code PREFIX MILLIS}, if there is one yet. */
    static Optional<Long> millis(JinitProcess jinit, String prefix) {
        return jinit.stdout().stream().filter(line -> line.matches("\\Q" + prefix + "\\E \\d+"))
                .map(line -> Long.valueOf(line.substring(prefix.length() + 1))).findFirst();
    }

    /** {@code jinit --control status} entered into jinit's PID and mount namespaces, as kubectl exec does. */
    static ExternalCommand.Result controlStatus(JinitProcess jinit) {
        return ExternalCommand.run("nsenter", "-t", Integer.toString(jinit.jinitPid()), "-p", "-m",
                JAVA, "-m", "dev.jinit.cli", "--control", "status");
    }

    /** The index of the first of jinit's log lines that contains {@code fragment}; fails if there is none. */
    static int logIndex(JinitProcess jinit, String fragment) {
        List<String> logs = JinitLogs.of(jinit);
        for (int i = 0; i < logs.size(); i++) {
            if (logs.get(i).contains(fragment)) {
                return i;
            }
        }
        throw jinit.failure("logged no line containing '" + fragment + "'");
    }

    /** The plan line that {@code --check} prints for a command with {@code commandOptions}, which must be good. */
    static String planLine(List<String> commandOptions) {
        List<String> arguments = new ArrayList<>(List.of("--check", "--", "--name", "checked"));
        arguments.addAll(commandOptions);
        arguments.addAll(List.of("sleep", "1", "---", "--name", "other", "sleep", "1"));
        try (JinitProcess jinit = JinitProcess.asPid1(arguments.toArray(String[]::new))) {
            assertThat(jinit.awaitExit()).as("status of jinit %s", arguments).isZero();
            assertThat(jinit.stderr()).isEmpty();
            return jinit.stdout().stream().filter(line -> line.startsWith("checked: ")).findFirst()
                    .orElseThrow(() -> jinit.failure("printed no plan line for the command"));
        }
    }

    /**
     * {@code COMMAND_OPTIONS} on the first of two commands: a usage error, status 2, in one line that
     * mentions {@code fragment}, and nothing started.
     */
    static void assertUsageError(List<String> commandOptions, String fragment) {
        List<String> first = new ArrayList<>(commandOptions);
        first.addAll(List.of("--name", "checked", "sh", "-c", "echo checked started"));
        try (JinitProcess jinit = asPid1(List.of(), List.of(first,
                List.of("--name", "other", "sh", "-c", "echo other started")))) {
            assertThat(jinit.awaitExit()).as("status of jinit %s", commandOptions).isEqualTo(2);
            assertThat(jinit.stdout()).as("started by jinit %s", commandOptions).isEmpty();
            assertThat(jinit.stderr()).as("stderr of jinit %s", commandOptions).singleElement().asString()
                    .startsWith("[jinit] ERROR").contains(fragment);
        }
    }
}
