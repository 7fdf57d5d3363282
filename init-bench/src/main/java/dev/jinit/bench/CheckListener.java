package dev.jinit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * What jinit's tcp health checks connect to: a listener on the loopback, opened by the first
 * command line that needs it and kept for the life of the harness's JVM. It accepts each
 * connection and closes it at once: the kernel completes a connect before any accept, but an
 * accept queue nobody empties would fill within seconds, and the checks would then fail.
 */
final class CheckListener {
    private static final int BACKLOG = 64;

    private CheckListener() {}

    /** The listener's port, on 127.0.0.1. */
    static int port() {
        return Holder.SOCKET.getLocalPort();
    }

    /** Opened on first use only: runs without tcp checks need no socket and no thread. */
    private static final class Holder {
        private static final ServerSocket SOCKET = open();

        private static ServerSocket open() {
            try {
                ServerSocket socket = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
                Thread.ofPlatform().daemon().name("check-listener").start(() -> acceptForever(socket));
                return socket;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen for tcp health checks", e);
            }
        }

        private static void acceptForever(ServerSocket socket) {
            while (true) {
                try {
                    // Nothing to say: the connect was the check.
                    socket.accept().close();
                } catch (IOException e) {
                    // A connection reset before its accept; the next one is another check.
                }
            }
        }
    }
}
