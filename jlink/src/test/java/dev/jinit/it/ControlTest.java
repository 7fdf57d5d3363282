package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code jinit --control} against jinit as PID 1 of a namespace, asked the way {@code kubectl exec}
 * does it: a process entered into jinit's PID and mount namespaces (nsenter); and by the peers it
 * must refuse: another user, a process of another PID namespace, another mount namespace.
 */
class ControlTest {
    private static final String JAVA = Path.of(System.getProperty("jinit.image", "target/jinit")).toAbsolutePath()
            .resolve("bin/java").toString();
    private static final String STOPS_ON_TERM =
            "trap 'exit 0' TERM; trap 'echo got USR1' USR1; echo up; while :; do sleep 0.05; done";
    /**
     * A raw client, for what jinit's own client never sends: connects to the abstract socket
     * ARGV[0], sends ARGV[1] (Perl escapes, e.g. {@code status\0}), prints the answer.
     */
    private static final String RAW_CLIENT = """
            use Socket;
            $SIG{PIPE} = 'IGNORE';
            socket(my $s, AF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
            connect($s, pack_sockaddr_un("\\0" . $ARGV[0])) or die "connect: $!";
            my $request = eval qq{"$ARGV[1]"};
            # A request jinit stops reading fails to be written whole: what it answers is read all the same.
            syswrite($s, $request);
            local $/;
            my $answer = <$s>;
            print $answer // "(reset: $!)";
            """;

    @Test
    void statusStopStartAndSignalFromInsideTheContainer() {
        try (JinitProcess jinit = JinitProcess.asPid1("--", "--name", "web", "sh", "-c", STOPS_ON_TERM,
                "---", "--name", "worker", "sh", "-c", STOPS_ON_TERM)) {
            awaitChannel(jinit);
            ExternalCommand.Result status = control(jinit, "status");
            assertThat(status.status()).as(status.toString()).isZero();
            assertThat(status.stdoutLines()).hasSize(2).satisfiesExactly(
                    web -> assertThat(web).matches("web: running, pid \\d+, restarts 0, uptime \\d+s"),
                    worker -> assertThat(worker).matches("worker: running, pid \\d+, restarts 0, uptime \\d+s"));

            assertThat(control(jinit, "stop", "web").stdout()).startsWith("web: stopping (SIGTERM");
            jinit.awaitTrue("web to stop", () -> control(jinit, "status").stdout().contains("web: stopped, restarts 0"));
            assertThat(control(jinit, "status").status()).as("web is watched and stopped").isEqualTo(1);
            assertThat(jinit.isRunning()).as("a stop on request does not end the container").isTrue();

            assertThat(control(jinit, "start", "web").stdout()).isEqualTo("web: started\n");
            assertThat(control(jinit, "status").stdoutLines().getFirst()).matches("web: running, pid \\d+, restarts 1, uptime \\d+s");

            ExternalCommand.Result signalled = control(jinit, "signal", "worker", "USR1");
            assertThat(signalled.stdout()).isEqualTo("worker: sent SIGUSR1\n");
            jinit.awaitLine("got USR1");

            ExternalCommand.Result unknown = control(jinit, "stop", "nobody");
            assertThat(unknown.status()).isEqualTo(1);
            assertThat(unknown.stderr()).isEqualTo("no command is named nobody (see --control status)\n");

            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit()).as("the stop on request was no failure").isZero();
            assertThat(jinitLines(jinit)).isEmpty();
        }
    }

    @Test
    void aBadRequestIsAUsageErrorOfTheClient() {
        try (JinitProcess jinit = JinitProcess.asPid1("--", "sh", "-c", STOPS_ON_TERM)) {
            awaitChannel(jinit);
            ExternalCommand.Result bad = control(jinit, "signal", "sh", "NOSUCH");
            assertThat(bad.status()).isEqualTo(2);
            assertThat(bad.stderrLines()).singleElement().asString().startsWith("[jinit] ERROR unknown signal 'NOSUCH'");
        }
    }

    @Test
    void withoutJinitTheClientSaysSoInOneLine() {
        // A mount namespace of its own, where no jinit runs.
        ExternalCommand.Result result = ExternalCommand.run("unshare", "--mount", JAVA, "-m", "dev.jinit.cli", "--control", "status");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.stderrLines()).singleElement().asString()
                .startsWith("[jinit] ERROR no jinit runs in this container (nothing listens on @jinit-control-");
    }

    @Test
    void anotherUserIsRefusedAndLoggedOnce() {
        try (JinitProcess jinit = JinitProcess.asPid1("--", "sh", "-c", STOPS_ON_TERM)) {
            awaitChannel(jinit);
            for (int attempt = 0; attempt < 2; attempt++) {
                ExternalCommand.Result refused = ExternalCommand.run(inside(jinit, List.of("setpriv", "--reuid", "65534",
                        "--regid", "65534", "--clear-groups", JAVA, "-m", "dev.jinit.cli", "--control", "stop", "sh")));
                assertThat(refused.status()).isEqualTo(1);
                assertThat(refused.stderr()).isEqualTo("refused: user 65534, neither jinit's user (0) nor root\n");
            }
            assertThat(jinit.isRunning()).isTrue();
            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinitLines(jinit)).containsExactly(
                    "[jinit] WARN refused control from user 65534, neither jinit's user (0) nor root (logged once)");
        }
    }

    @Test
    void peersOfAnotherPidOrMountNamespaceAreRefused() {
        try (JinitProcess jinit = JinitProcess.asPid1("--", "sh", "-c", STOPS_ON_TERM)) {
            String name = awaitChannel(jinit);
            // jinit's mount namespace, the test's PID namespace: SO_PEERCRED gives no pid.
            ExternalCommand.Result otherPidNamespace = ExternalCommand.run(
                    "nsenter", "-t", Integer.toString(jinit.jinitPid()), "-m", "perl", "-e", RAW_CLIENT, name, "stop\\0sh\\0");
            assertThat(otherPidNamespace.stdout()).isEqualTo("1 err\nrefused: a process of another PID namespace\n");
            // jinit's PID namespace, the test's mount namespace: another container of a shared-pid pod.
            ExternalCommand.Result otherMountNamespace = ExternalCommand.run(
                    "nsenter", "-t", Integer.toString(jinit.jinitPid()), "-p", "perl", "-e", RAW_CLIENT, name, "stop\\0sh\\0");
            assertThat(otherMountNamespace.stdout()).matches("(?s)1 err\nrefused: pid \\d+ of another container \\(mount namespace mnt:\\[\\d+\\]\\)\n");
            assertThat(control(jinit, "status").stdout()).as("still running").startsWith("sh: running");
            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinitLines(jinit)).hasSize(2).allMatch(line -> line.startsWith("[jinit] WARN refused control from "));
        }
    }

    @Test
    void garbageHugeEndlessAndManyRequestsNeverHoldUpTheInit() {
        try (JinitProcess jinit = JinitProcess.asPid1("--", "sh", "-c", STOPS_ON_TERM)) {
            String name = awaitChannel(jinit);
            List<Process> clients = new ArrayList<>();
            // Connects and never writes, a few of them, left open for the rest of the test.
            for (int i = 0; i < 3; i++) {
                clients.add(start(inside(jinit, List.of("perl", "-MSocket", "-e", """
                        socket(my $s, AF_UNIX, SOCK_STREAM, 0) or die; connect($s, pack_sockaddr_un("\\0$ARGV[0]")) or die;
                        sleep 3600""", name))));
            }
            ExternalCommand.Result garbage = rawRequest(jinit, name, "GET / HTTP/1.1\\r\\n\\r\\n\\0");
            assertThat(garbage.stdout()).isEqualTo("2 err\n--control: unknown request 'GET / HTTP/1.1????' (status, start NAME,"
                    + " stop NAME, restart NAME or signal NAME SIGNAL)\n");
            // A megabyte with no word in it, and a request with a megabyte after it: answered at the 512th byte at
            // the latest, and closed; the client may see the reset of the bytes left unread instead of the answer.
            ExternalCommand.Result noWords = rawRequest(jinit, name, "\" . (\"x\" x 1048576) . \"");
            assertThat(noWords.stdout()).as(noWords.toString()).matches("2 err\n--control: no request\n|\\(reset: .*\\)");
            ExternalCommand.Result tooLong = rawRequest(jinit, name, "status\\0\" . (\"y\" x 1048576) . \"");
            assertThat(tooLong.stdout()).as(tooLong.toString())
                    .matches("2 err\n--control: bytes after the request\n|\\(reset: .*\\)");

            // A hundred clients at once, each with a real request, while the init forwards a signal.
            ExternalCommand.Result many = ExternalCommand.run(inside(jinit, List.of("perl", "-MSocket", "-e", """
                    my @s;
                    for my $i (1..100) {
                        socket($s[$i], AF_UNIX, SOCK_STREAM, 0) or die; connect($s[$i], pack_sockaddr_un("\\0$ARGV[0]")) or die "connect: $!";
                    }
                    syswrite($_, "status\\0") for @s[1..100];
                    kill 'USR1', 1;
                    my $ok = 0;
                    for my $i (1..100) { local $/; my $answer = readline($s[$i]); $ok++ if $answer =~ /^0 out\\nsh: running/; }
                    print "$ok\\n";
                    """, name)));
            assertThat(many.stdout()).as(many.toString()).isEqualTo("100\n");
            jinit.awaitLine("got USR1");
            assertThat(control(jinit, "status").status()).isZero();

            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinitLines(jinit)).isEmpty();
            clients.forEach(Process::destroyForcibly);
        }
    }

    /** jinit's own lines on stderr (sh reports its sleep killed by the process group's signal there too). */
    private static List<String> jinitLines(JinitProcess jinit) {
        return jinit.stderr().stream().filter(line -> line.startsWith("[jinit]")).toList();
    }

    /** {@code jinit --control WORDS} entered into jinit's PID and mount namespaces, as kubectl exec does. */
    private static ExternalCommand.Result control(JinitProcess jinit, String... words) {
        List<String> client = new ArrayList<>(List.of(JAVA, "-m", "dev.jinit.cli", "--control"));
        client.addAll(List.of(words));
        return ExternalCommand.run(inside(jinit, client));
    }

    private static ExternalCommand.Result rawRequest(JinitProcess jinit, String name, String request) {
        return ExternalCommand.run(inside(jinit, List.of("perl", "-e", RAW_CLIENT, name, request)));
    }

    private static List<String> inside(JinitProcess jinit, List<String> command) {
        List<String> entered = new ArrayList<>(List.of("nsenter", "-t", Integer.toString(jinit.jinitPid()), "-p", "-m"));
        entered.addAll(command);
        return entered;
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until jinit listens (its channel opens once the command has started); returns the socket's name. */
    private static String awaitChannel(JinitProcess jinit) {
        String name;
        try {
            name = "jinit-control-" + Files.readSymbolicLink(Path.of("/proc/" + jinit.jinitPid() + "/ns/mnt"))
                    .toString().replaceAll("\\D", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jinit.awaitTrue("jinit to listen on @" + name, () -> {
            try {
                return Files.readString(Path.of("/proc/net/unix")).contains("@" + name + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return name;
    }
}
