package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import dev.jinit.core.libc.PosixSpawn;
import dev.jinit.core.libc.UnixSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a command tells jinit that it is ready, for the checks it alone can pass: systemd's
 * sd_notify(3) ({@code READY=1} in a datagram to the socket its {@code NOTIFY_SOCKET} names) or
 * s6's notification-fd (a newline written on a descriptor it was started with). jinit reads what
 * came without ever waiting: https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html,
 * https://skarnet.org/software/s6/notifywhenup.html
 */
final class ReadinessNotice {
    /** Tells each socket of this jinit from the others. */
    private static final AtomicInteger SOCKETS = new AtomicInteger();
    /** jinit's mount namespace, read at the first socket (the loop's thread alone makes them). */
    private static String namespace;
    private static final byte[] READY = "READY=1".getBytes(StandardCharsets.US_ASCII);
    /** The most reads at one look: a command that floods its socket or pipe cannot keep the loop from signals. */
    private static final int READS_PER_LOOK = 64;

    private final Check check;
    /** The notify socket or the read end of the pipe, made for each start; -1 for none. */
    private int descriptor = -1;
    /** The pipe's write end until the command has been started with it; -1 for none. */
    private int commandEnd = -1;
    private String socketName;
    private final byte[] buffer = new byte[4096];

    /** @param check a {@link Check.Notify} or {@link Check.NotificationFd} */
    ReadinessNotice(Check check) {
        this.check = check;
    }

    /** Before each start: a new pipe for the notification descriptor, or a new socket, so that nothing a previous run said counts. */
    void prepare() throws LibcException {
        close();
        if (check instanceof Check.NotificationFd) {
            int[] pipe = Libc.pipeReadWithoutWaiting();
            descriptor = pipe[0];
            commandEnd = pipe[1];
        } else {
            String name = "jinit-notify-" + namespace() + "-" + SOCKETS.incrementAndGet();
            descriptor = UnixSockets.bindDatagram(name);
            socketName = name;
        }
    }

    /** The {@code NOTIFY_SOCKET} entry the command's environment gets; null for none. */
    String environmentEntry() {
        return socketName == null ? null : "NOTIFY_SOCKET=@" + socketName;
    }

    /** What puts the notification descriptor in place in the command. */
    List<PosixSpawn.FileAction> fileActions() {
        return check instanceof Check.NotificationFd fd
                ? List.of(new PosixSpawn.Dup2(commandEnd, fd.fd())) : List.of();
    }

    /** Once the command has been started (or could not be): jinit keeps no copy of its end of the pipe. */
    void started() {
        if (commandEnd >= 0) {
            closeQuietly(commandEnd);
            commandEnd = -1;
        }
    }

    /**
     * Whether the command has said it is ready since it last started; never waits. Once it has, the
     * socket is closed: a daemon's later messages (STATUS=...) fail at once rather than fill a queue
     * nobody reads and block it. The pipe stays: a write to it would be SIGPIPE to the command.
     */
    boolean saidReady() throws LibcException {
        if (descriptor < 0) {
            return false;
        }
        for (int i = 0; i < READS_PER_LOOK; i++) {
            int read = UnixSockets.receive(descriptor, buffer, 0, buffer.length);
            if (read <= 0) {
                return false;
            }
            if (check instanceof Check.NotificationFd ? contains(buffer, read, (byte) '\n') : hasReadyLine(buffer, read)) {
                if (socketName != null) {
                    close();
                }
                return true;
            }
        }
        return false;
    }

    /** Frees the socket or pipe. */
    private void close() {
        started();
        if (descriptor >= 0) {
            closeQuietly(descriptor);
            descriptor = -1;
        }
        socketName = null;
    }

    private static boolean contains(byte[] bytes, int length, byte wanted) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == wanted) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of the datagram's lines is {@code READY=1}. */
    private static boolean hasReadyLine(byte[] bytes, int length) {
        int start = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || bytes[i] == '\n') {
                if (i - start == READY.length && Arrays.equals(bytes, start, i, READY, 0, READY.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** The mount namespace, as the control channel's name has it: a container's sockets apart from another's in a pod. */
    private static String namespace() {
        if (namespace == null) {
            try {
                namespace = ControlPeers.mountNamespace("self").replaceAll("\\D", "");
            } catch (IOException e) {
                namespace = Integer.toString(ProcSelf.pid());
            }
        }
        return namespace;
    }

    private static void closeQuietly(int fd) {
        try {
            Libc.close(fd);
        } catch (LibcException e) {
            Log.at(Log.DEBUG, "closing descriptor " + fd + ": " + e.getMessage());
        }
    }
}
