package dev.jinit.core;

import dev.jinit.core.libc.Errno;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import dev.jinit.core.libc.PollSet;
import dev.jinit.core.libc.UnixSockets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The control channel's end in the running jinit: one thread that listens on the container's
 * abstract socket (see {@link ControlPeers#socketName}), admits only peers of the same container
 * and user ({@link ControlPeers}), reads each request, hands it to the supervision loop through
 * the {@link ControlInbox} and writes back the loop's answer.
 *
 * <p>What a client sends can never hold the loop or this thread: every descriptor is non-blocking
 * and waited on with one poll(2), a request is at most {@link ControlRequest#MAX_BYTES} and must
 * arrive within {@link #REQUEST_TIME}, at most {@link #MAX_CONNECTIONS} are served at once (the
 * others wait in the listen backlog), and the loop sees only requests that parsed.
 */
final class ControlServer {
    static final int MAX_CONNECTIONS = 32;
    /** Of those, how many refused peers are told why; more are closed unanswered, so they cannot crowd out the rest. */
    static final int MAX_REFUSED = 4;
    private static final int BACKLOG = 128;
    /** How long a client has to send its request, and to take the answer. */
    private static final Duration REQUEST_TIME = Duration.ofSeconds(2);
    /** How long the loop may take to answer: it does not while it stops the commands in order. */
    private static final Duration ANSWER_TIME = Duration.ofSeconds(3);

    private final ControlInbox inbox;
    private final ControlPeers peers;
    private final List<Connection> connections = new ArrayList<>();
    /** Polled beside the sockets: the loop writes a byte here when it has answered. */
    private final int[] wake;
    private final int listener;
    /** The kinds of refused peers already logged: one line per kind, not per connection. */
    private final Set<String> refusalsLogged = new HashSet<>();

    private ControlServer(ControlInbox inbox, ControlPeers peers, int listener, int[] wake) {
        this.inbox = inbox;
        this.peers = peers;
        this.listener = listener;
        this.wake = wake;
    }

    /**
     * Starts the channel's thread, which serves until jinit exits. A channel that cannot be
     * opened is logged, and jinit runs on without it: at {@code -v} when jinit is short of
     * threads, descriptors or memory for it, which its commands need more.
     */
    static void start(ControlInbox inbox) {
        try {
            Thread.ofPlatform().daemon().name("jinit-control").start(() -> open(inbox));
        } catch (OutOfMemoryError noThread) {
            Log.at(Log.INFO, "no control channel (--control): " + noThread.getMessage());
        }
    }

    private static void open(ControlInbox inbox) {
        ControlServer server;
        try {
            ControlPeers peers = ControlPeers.ofThisProcess();
            int listener;
            try {
                listener = UnixSockets.listen(peers.socketName(), BACKLOG);
            } catch (LibcException e) {
                if (e.errno() == Errno.EADDRINUSE) {
                    // Another jinit of this container (one run by jinit, or a test's) serves it.
                    Log.at(Log.INFO, "no control channel (--control): another jinit of this container has it");
                    return;
                }
                throw e;
            }
            server = new ControlServer(inbox, peers, listener, Libc.nonBlockingPipe());
            Log.at(Log.DEBUG, "control channel: @" + peers.socketName());
        } catch (LibcException e) {
            boolean shortOfResources = e.errno() == Errno.EMFILE || e.errno() == Errno.ENFILE || e.errno() == Errno.ENOMEM;
            Log.at(shortOfResources ? Log.INFO : Log.WARN, "no control channel (--control): " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            Log.warn("no control channel (--control): " + Log.describe(e));
            return;
        }
        server.serve();
    }

    private void serve() {
        PollSet poll = new PollSet(2 + MAX_CONNECTIONS);
        while (true) {
            try {
                step(poll);
            } catch (LibcException | RuntimeException | Error e) {
                // An Error too: a SIGSEGV sent to jinit that HotSpot took for this thread's null
                // pointer ends a downcall with one (seen in a burst of them).
                Log.warn("control channel: " + Log.describe(e));
                pause();
            }
        }
    }

    /** Waits for a connection, a request's bytes, room to write an answer, the loop's answer or a deadline, and acts on it. */
    private void step(PollSet poll) throws LibcException {
        poll.set(0, wake[0], false);
        int entries = 1;
        // The listener is left out while every place is taken: the kernel's backlog holds the next ones.
        boolean accepting = connections.size() < MAX_CONNECTIONS;
        if (accepting) {
            poll.set(entries++, listener, false);
        }
        long now = System.nanoTime();
        long wakeAt = Long.MAX_VALUE;
        List<Connection> polled = new ArrayList<>();
        for (Connection connection : connections) {
            wakeAt = Math.min(wakeAt, connection.deadline);
            if (connection.pending == null || connection.out != null) {
                poll.set(entries++, connection.fd, connection.out != null);
                polled.add(connection);
            }
        }
        int timeout = wakeAt == Long.MAX_VALUE ? -1
                : (int) Math.max(0, Duration.ofNanos(wakeAt - now).toMillis() + 1);
        poll.poll(entries, timeout);
        if (poll.ready(0)) {
            drainWake();
        }
        for (int i = 0; i < polled.size(); i++) {
            if (poll.ready(entries - polled.size() + i)) {
                polled.get(i).act();
            }
        }
        takeAnswersAndDropExpired();
        if (accepting && poll.ready(1)) {
            acceptAll();
        }
    }

    private void acceptAll() throws LibcException {
        while (connections.size() < MAX_CONNECTIONS) {
            int fd = UnixSockets.accept(listener);
            if (fd < 0) {
                return;
            }
            String refusal = refusal(fd);
            if (refusal != null && refusalsLogged.add(refusal.replaceAll("\\d+", "N"))) {
                Log.warn("refused control from " + refusal + " (logged once)");
            }
            if (refusal != null && connections.stream().filter(connection -> connection.refusal != null).count() >= MAX_REFUSED) {
                close(fd);
            } else {
                connections.add(new Connection(fd, refusal));
            }
        }
    }

    /** Why the peer of {@code fd} may not control jinit, or null if it may. */
    private String refusal(int fd) {
        try {
            return peers.refusal(UnixSockets.peer(fd));
        } catch (LibcException e) {
            return "its credentials cannot be read (" + e.getMessage() + ")";
        }
    }

    private void takeAnswersAndDropExpired() {
        long now = System.nanoTime();
        for (Iterator<Connection> each = connections.iterator(); each.hasNext();) {
            Connection connection = each.next();
            if (connection.closed) {
                each.remove();
            } else if (connection.pending != null && connection.out == null && connection.pending.answer() != null) {
                connection.answer(connection.pending.answer());
            } else if (now - connection.deadline >= 0) {
                if (connection.pending != null && connection.out == null && connection.pending.giveUp()) {
                    connection.answer(ControlAnswer.failed("jinit did not answer within " + ANSWER_TIME.toSeconds()
                            + " s: it is stopping its commands\n"));
                } else {
                    // A client that sends nothing, or takes no answer.
                    close(connection.fd);
                    each.remove();
                }
            }
        }
    }

    private void drainWake() throws LibcException {
        byte[] bytes = new byte[64];
        while (UnixSockets.receive(wake[0], bytes, 0, bytes.length) > 0) {
            // Only that it was written matters.
        }
    }

    /** On the loop's thread: a byte to the pipe, which never blocks (a full pipe is awake enough). */
    private void wakeUp() {
        try {
            Libc.write(wake[1], new byte[] {1}, 0, 1);
        } catch (LibcException e) {
            if (e.errno() != Errno.EAGAIN) {
                Log.warn("control channel: cannot wake its thread: " + e.getMessage());
            }
        }
    }

    private static void close(int fd) {
        try {
            Libc.close(fd);
        } catch (LibcException e) {
            Log.warn("control channel: " + e.getMessage());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One client: reading its request, waiting for the loop, then writing the answer. A refused
     * client's request is read all the same (closing a socket with bytes unread resets it, and the
     * client would not see why), and answered with the refusal.
     */
    private final class Connection {
        final int fd;
        /** Why this client may not control jinit; null if it may. */
        final String refusal;
        final byte[] in = new byte[ControlRequest.MAX_BYTES];
        int received;
        ControlInbox.Pending pending;
        /** The answer being written; null until there is one. */
        byte[] out;
        int sent;
        long deadline = System.nanoTime() + REQUEST_TIME.toNanos();
        boolean closed;

        Connection(int fd, String refusal) {
            this.fd = fd;
            this.refusal = refusal;
        }

        /** The socket is ready: read more of the request, or write more of the answer. */
        void act() throws LibcException {
            try {
                if (out != null) {
                    sent += UnixSockets.send(fd, out, sent, out.length - sent);
                    if (sent == out.length) {
                        end();
                    }
                } else {
                    read();
                }
            } catch (LibcException e) {
                // ECONNRESET, EPIPE: the client left.
                end();
            }
        }

        private void read() throws LibcException {
            int read = UnixSockets.receive(fd, in, received, in.length - received);
            if (read == 0) {
                end();
                return;
            }
            if (read < 0) {
                return;
            }
            received += read;
            ControlRequest request;
            try {
                request = ControlRequest.decode(in, received);
            } catch (IllegalArgumentException e) {
                answer(refusal != null ? ControlAnswer.failed("refused: " + refusal + "\n")
                        : new ControlAnswer(ExitCodes.USAGE, true, e.getMessage() + "\n"));
                return;
            }
            if (request != null && refusal != null) {
                answer(ControlAnswer.failed("refused: " + refusal + "\n"));
            } else if (request != null) {
                pending = new ControlInbox.Pending(request, ControlServer.this::wakeUp);
                deadline = System.nanoTime() + ANSWER_TIME.toNanos();
                inbox.submit(pending);
            } else if (received == in.length) {
                answer(new ControlAnswer(ExitCodes.USAGE, true, "--control: a request of more than "
                        + ControlRequest.MAX_BYTES + " bytes\n"));
            }
        }

        void answer(ControlAnswer answer) {
            out = answer.encode();
            deadline = System.nanoTime() + REQUEST_TIME.toNanos();
        }

        /** Closes, after taking what the client sent past its request (up to 64 KB), whose loss would reset the socket before the client reads the answer. */
        private void end() {
            closed = true;
            try {
                for (int taken = 0; taken < 64 * 1024 && UnixSockets.receive(fd, in, 0, in.length) > 0; taken += in.length) {
                    // Dropped.
                }
            } catch (LibcException gone) {
                // Closed all the same.
            }
            ControlServer.close(fd);
        }
    }
}
