package example.service;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Answers {@code GET /} with {@code hello}. On SIGTERM (from {@code docker stop}, forwarded by
 * jinit) the JVM runs its shutdown hooks: this one stops the server, letting a request in progress
 * finish, and the JVM exits with 143 (128 + SIGTERM), which jinit passes on as the container's status.
 *
 * <p>Usage: {@code java -m example.service/example.service.HelloService [PORT]} (default 8080);
 * a port that is not a number is a usage error (status 2), one that cannot be bound status 1.
 */
public final class HelloService {
    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);
    /** The longest a request in progress may hold up the shutdown. */
    private static final int STOP_DELAY_SECONDS = 2;

    private HelloService() {}

    public static void main(String[] args) {
        int port;
        try {
            port = args.length == 0 ? 8080 : Integer.parseInt(args[0]);
        } catch (NumberFormatException e) {
            System.err.println("hello-service: the port must be a number, not '" + args[0] + "'");
            System.exit(2);
            return;
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("hello-service: cannot listen on port " + port + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, HELLO.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(HELLO);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(STOP_DELAY_SECONDS);
            System.out.println("hello-service: stopped");
        }, "stop-server"));
        server.start();
        System.out.println("hello-service: listening on port " + server.getAddress().getPort());
    }
}
