package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attempts that may block, against real sockets and files. */
class ProbesTest {
    private static final Duration LIMIT = Duration.ofSeconds(2);

    /** A server that reads a request's head and answers {@code answer} (or nothing, when null) to each connection. */
    private static ServerSocket answering(String answer, AtomicReference<String> request) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    request.set(head(socket.getInputStream()));
                    if (answer == null) {
                        Thread.sleep(3_000);
                    } else {
                        socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    }
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void tcpPassesWhenAConnectionIsAcceptedAndFailsWhenRefused() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            assertThat(Probes.attempt(Check.parse("tcp:" + port), LIMIT)).isNull();
        }
        assertThat(Probes.attempt(Check.parse("tcp:" + port), LIMIT)).containsIgnoringCase("refused");
    }

    @Test
    void httpPassesOnA2xxAnswerOnly() throws IOException {
        AtomicReference<String> request = new AtomicReference<>();
        try (ServerSocket ok = answering("HTTP/1.1 204 No Content\r\n\r\n", request);
                ServerSocket unavailable = answering("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n",
                        new AtomicReference<>());
                ServerSocket garbage = answering("SSH-2.0-OpenSSH\r\n", new AtomicReference<>())) {
            assertThat(Probes.attempt(Check.parse("http://127.0.0.1:" + ok.getLocalPort() + "/ready?x=1"), LIMIT)).isNull();
            assertThat(request.get()).startsWith("GET /ready?x=1 HTTP/1.1\r\n")
                    .contains("\r\nHost: 127.0.0.1:" + ok.getLocalPort() + "\r\n");
            assertThat(Probes.attempt(Check.parse("http://127.0.0.1:" + unavailable.getLocalPort() + "/"), LIMIT))
                    .isEqualTo("answered HTTP/1.1 503 Service Unavailable");
            assertThat(Probes.attempt(Check.parse("http://127.0.0.1:" + garbage.getLocalPort() + "/"), LIMIT))
                    .isEqualTo("answered SSH-2.0-OpenSSH");
        }
    }

    @Test
    void anAnswerThatDoesNotComeInTimeIsAFailure() throws IOException {
        try (ServerSocket silent = answering(null, new AtomicReference<>())) {
            long start = System.nanoTime();
            assertThat(Probes.attempt(Check.parse("http://127.0.0.1:" + silent.getLocalPort() + "/"), Duration.ofMillis(300)))
                    .isEqualTo("no answer within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void fileChecksThatThePathExists(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("ready");
        assertThat(Probes.attempt(Check.parse("file:" + file), LIMIT)).isEqualTo("no " + file);
        Files.writeString(file, "");
        assertThat(Probes.attempt(Check.parse("file:" + file), LIMIT)).isNull();
    }

    @Test
    void outcomesComeBackThroughTheQueueWithTheLoopWoken() throws Exception {
        java.util.concurrent.Semaphore woken = new java.util.concurrent.Semaphore(0);
        Probes probes = new Probes(woken::release, null);
        CommandChecks.Attempt attempt = attemptOf(new Program.Readiness(Check.parse("file:/"), Duration.ofSeconds(10)));
        assertThat(probes.submit(attempt)).isNull();
        assertThat(woken.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Probes.Outcome outcome = probes.next();
        assertThat(outcome.attempt()).isSameAs(attempt);
        assertThat(outcome.failure()).isNull();
    }

    @Test
    void oneCommandsCheckThatHangsDelaysNoOthers() throws Exception {
        java.util.concurrent.Semaphore woken = new java.util.concurrent.Semaphore(0);
        Probes probes = new Probes(woken::release, null);
        try (ServerSocket silent = answering(null, new AtomicReference<>())) {
            CommandChecks.Attempt hung = attemptOf(new Program.Readiness(
                    Check.parse("http://127.0.0.1:" + silent.getLocalPort() + "/"), Duration.ofSeconds(3)));
            CommandChecks.Attempt quick = attemptOf(new Program.Readiness(Check.parse("file:/"), Duration.ofSeconds(3)));
            assertThat(probes.submit(hung)).isNull();
            assertThat(probes.submit(quick)).isNull();
            assertThat(woken.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(probes.next().attempt()).as("the first outcome back").isSameAs(quick);
        }
    }

    private static CommandChecks.Attempt attemptOf(Program.Readiness readiness) {
        CommandChecks checks = CommandChecks.of(new Program("web", new Command(java.util.List.of("web".getBytes())),
                Program.Restart.NEVER, false, false, Duration.ZERO, java.util.List.of(), null, null, readiness, null));
        checks.started(System.nanoTime());
        return checks.due(System.nanoTime());
    }
}
