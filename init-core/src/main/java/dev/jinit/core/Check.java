package dev.jinit.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;

/**
 * What shows that a command is ready, or still healthy: a port that takes connections, an HTTP
 * answer, a file, a program's exit status, or the command's own word (sd_notify's {@code READY=1},
 * s6's notification descriptor).
 */
public sealed interface Check {
    /** The forms, for messages. */
    String FORMS = "tcp:[HOST:]PORT, http://HOST:PORT/PATH, file:PATH, exec:PROGRAM [ARGS], notify, fd:N";

    /** A TCP connection to {@code host}:{@code port} is accepted. */
    record Tcp(String host, int port) implements Check {
        @Override
        public String toString() {
            return "tcp:" + address(host, port);
        }
    }

    /** A GET of {@code path} (with its query) from {@code host}:{@code port} is answered with a 2xx status. */
    record Http(String host, int port, String path) implements Check {
        @Override
        public String toString() {
            return "http://" + address(host, port) + path;
        }
    }

    /** {@code path}, absolute, exists. */
    record FileExists(String path) implements Check {
        @Override
        public String toString() {
            return "file:" + path;
        }
    }

    /** {@code argv} (no shell) exits with status 0. */
    record Exec(List<String> argv) implements Check {
        public Exec {
            argv = List.copyOf(argv);
        }

        @Override
        public String toString() {
            return "exec:" + String.join(" ", argv);
        }
    }

    /** systemd's sd_notify(3): the command sends {@code READY=1} to the socket named in its {@code NOTIFY_SOCKET}. */
    record Notify() implements Check {
        @Override
        public String toString() {
            return "notify";
        }
    }

    /** s6's notification-fd: the command writes a newline on its descriptor {@code fd}. */
    record NotificationFd(int fd) implements Check {
        @Override
        public String toString() {
            return "fd:" + fd;
        }
    }

    /** {@code HOST:PORT}, an IPv6 host in brackets, as a URL or an HTTP Host header writes it. */
    static String address(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Whether only the command itself can tell, once: it cannot be asked again, as a health check is. */
    default boolean toldByCommand() {
        return this instanceof Notify || this instanceof NotificationFd;
    }

    /**
     * Reads a check as the command line writes it.
     *
     * @throws IllegalArgumentException what is wrong with {@code text}, for a one-line message
     */
    static Check parse(String text) {
        if (text.equals("notify")) {
            return new Notify();
        }
        if (text.startsWith("fd:")) {
            int fd = number(text, text.substring(3), 1023);
            if (fd < 3) {
                throw new IllegalArgumentException("'" + text + "': descriptors 0, 1 and 2 are the command's stdin, stdout"
                        + " and stderr; use 3 or more");
            }
            return new NotificationFd(fd);
        }
        if (text.startsWith("tcp:")) {
            return tcp(text, text.substring(4));
        }
        if (text.startsWith("http://")) {
            return http(text);
        }
        if (text.startsWith("file:")) {
            String path = text.substring(5);
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("'" + text + "': the path must be absolute");
            }
            return new FileExists(path);
        }
        if (text.startsWith("exec:")) {
            String[] words = text.substring(5).trim().split("\\s+");
            if (words[0].isEmpty()) {
                throw new IllegalArgumentException("'" + text + "': the program is missing");
            }
            return new Exec(Arrays.asList(words));
        }
        throw new IllegalArgumentException("'" + text + "' is not a check (" + FORMS + ")");
    }

    private static Check tcp(String text, String address) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : unbracketed(address.substring(0, colon));
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "': the host is empty");
        }
        return new Tcp(host, port(text, address.substring(colon + 1)));
    }

    private static Check http(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + text + "': expected http://HOST:PORT/PATH");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        return new Http(unbracketed(uri.getHost()), uri.getPort() < 0 ? 80 : port(text, Integer.toString(uri.getPort())), path);
    }

    /** An IPv6 host without the brackets an address writes it in. */
    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(String text, String port) {
        int number = number(text, port, 65535);
        if (number == 0) {
            throw new IllegalArgumentException("'" + text + "': port 0");
        }
        return number;
    }

    private static int number(String text, String digits, int max) {
        if (!digits.matches("\\d{1,5}") || Integer.parseInt(digits) > max) {
            throw new IllegalArgumentException("'" + text + "': '" + digits + "' is not a number from 0 to " + max);
        }
        return Integer.parseInt(digits);
    }
}
