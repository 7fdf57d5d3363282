package dev.jinit.core;

import dev.jinit.core.libc.LibcException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The attempts of checks that may block (a connection, an HTTP answer, a file on a stalled
 * filesystem, the start of an exec check, which posix_spawn returns from only once the program
 * runs), never made on the loop's thread: each command's are made one at a time on a thread of its
 * own ({@code jinit-checks}, started at its first), so that one command's check that hangs delays
 * no other's. Each outcome is left in a queue and the loop woken to settle it; an exec check's
 * comes from its exit, which the loop reaps.
 */
final class Probes {
    /**
     * An attempt's outcome: {@code failure} null when it passed; {@code postponed} when jinit could
     * not make it (see {@link CommandChecks#postpone}), {@code failure} saying why.
     */
    record Outcome(CommandChecks.Attempt attempt, String failure, boolean postponed) {}

    /** The first bytes of an HTTP answer that are read, for its status line. */
    private static final int STATUS_LINE_LIMIT = 512;

    /** Each command's attempts waiting for its thread, by command; read and changed on the loop's thread only. */
    private final Map<CommandChecks, LinkedBlockingQueue<CommandChecks.Attempt>> waiting = new IdentityHashMap<>();
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final LoopWaker wakeLoop;
    private final Processes processes;
    /**
     * The exec checks running, by pid. A check is started and entered here under this lock, which
     * the loop takes to look up a pid it reaped: it cannot reap a check it does not know yet.
     */
    private final Map<Integer, CommandChecks.Attempt> execs = new HashMap<>();

    /** @param processes what starts and kills exec checks */
    Probes(LoopWaker wakeLoop, Processes processes) {
        this.wakeLoop = wakeLoop;
        this.processes = processes;
    }

    /**
     * Hands {@code attempt} to its command's thread, starting it if it is not running yet; returns
     * why the attempt cannot be made (no thread to be had: to be postponed), or null.
     */
    String submit(CommandChecks.Attempt attempt) {
        LinkedBlockingQueue<CommandChecks.Attempt> attempts = waiting.get(attempt.owner);
        if (attempts == null) {
            LinkedBlockingQueue<CommandChecks.Attempt> queue = new LinkedBlockingQueue<>();
            try {
                Thread thread = new Thread(() -> run(queue), "jinit-checks");
                thread.setDaemon(true);
                thread.start();
            } catch (OutOfMemoryError | RuntimeException e) {
                return "no thread for checks: " + Log.describe(e);
            }
            attempts = queue;
            waiting.put(attempt.owner, attempts);
        }
        // Those given up on while an attempt hung are dropped here, not one by one on the thread: the queue stays short.
        attempts.removeIf(waitingAttempt -> waitingAttempt.over);
        attempts.add(attempt);
        return null;
    }

    /** On the loop's thread: the next outcome, or null. */
    Outcome next() {
        return outcomes.poll();
    }

    /** On the loop's thread: the exec check that {@code pid} was, now reaped; null if it was none. */
    CommandChecks.Attempt reaped(int pid) {
        synchronized (execs) {
            return execs.remove(pid);
        }
    }

    /** On the loop's thread: kills the exec check of {@code attempt}, given up on, if it runs (else it is killed as it starts). */
    void kill(CommandChecks.Attempt attempt) {
        int pid;
        synchronized (execs) {
            pid = attempt.pid;
        }
        if (pid > 0) {
            processes.killCheck(pid);
        }
    }

    /** Starts the exec check of {@code attempt}; returns the outcome if it could not be started, or null. */
    private Outcome startExec(CommandChecks.Attempt attempt, Check.Exec exec) {
        synchronized (execs) {
            try {
                attempt.pid = processes.startCheck(attempt.owner.program, exec);
            } catch (SpawnException e) {
                return new Outcome(attempt, e.getMessage(), e.jinitShort());
            } catch (LibcException | RuntimeException | OutOfMemoryError e) {
                return new Outcome(attempt, "cannot start " + exec.argv().getFirst() + ": " + Log.describe(e), true);
            }
            execs.put(attempt.pid, attempt);
            if (attempt.over) {
                processes.killCheck(attempt.pid);
            }
            return null;
        }
    }

    private void run(LinkedBlockingQueue<CommandChecks.Attempt> attempts) {
        while (true) {
            CommandChecks.Attempt attempt;
            try {
                attempt = attempts.take();
            } catch (InterruptedException e) {
                return;
            }
            if (attempt.over) {
                // Given up on while it waited here (behind an attempt that hung): nobody wants its outcome.
                continue;
            }
            Outcome outcome;
            try {
                if (attempt.check instanceof Check.Exec exec) {
                    outcome = startExec(attempt, exec);
                    if (outcome == null) {
                        // Settled when the loop reaps it.
                        continue;
                    }
                } else {
                    outcome = new Outcome(attempt, attempt(attempt.check, attempt.limit), false);
                }
            } catch (RuntimeException | Error e) {
                outcome = new Outcome(attempt, Log.describe(e), false);
            }
            outcomes.add(outcome);
            try {
                wakeLoop.wake();
            } catch (LibcException e) {
                Log.warn("cannot hand a check's outcome to the loop: " + e.getMessage());
            }
        }
    }

    /** Makes one attempt of {@code check} (tcp, http or file) within about {@code limit}; returns why it failed, or null. */
    static String attempt(Check check, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            if (check instanceof Check.FileExists file) {
                return Files.exists(Path.of(file.path())) ? null : "no " + file.path();
            }
            if (check instanceof Check.Tcp tcp) {
                try (Socket socket = connect(tcp.host(), tcp.port(), deadline)) {
                    return null;
                }
            }
            Check.Http http = (Check.Http) check;
            try (Socket socket = connect(http.host(), http.port(), deadline)) {
                return answer(socket, http, deadline);
            }
        } catch (SocketTimeoutException e) {
            return "no answer within " + limit.toMillis() + " ms";
        } catch (IOException | InvalidPathException | SecurityException e) {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
    }

    private static Socket connect(String host, int port, long deadline) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), millisLeft(deadline));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a GET and reads the status line: null for a 2xx status, else what came. */
    private static String answer(Socket socket, Check.Http http, long deadline) throws IOException {
        String request = "GET " + http.path() + " HTTP/1.1\r\nHost: " + Check.address(http.host(), http.port())
                + "\r\nUser-Agent: jinit\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        byte[] line = new byte[STATUS_LINE_LIMIT];
        int length = 0;
        while (length < line.length) {
            socket.setSoTimeout(millisLeft(deadline));
            int read = in.read(line, length, line.length - length);
            if (read < 0) {
                break;
            }
            length += read;
            if (new String(line, 0, length, StandardCharsets.ISO_8859_1).indexOf('\n') >= 0) {
                break;
            }
        }
        String status = new String(line, 0, length, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("").strip();
        // "HTTP/1.1 200 OK": the code is the second word.
        String[] words = status.split(" ", 3);
        if (words.length >= 2 && words[0].startsWith("HTTP/") && words[1].length() == 3 && words[1].charAt(0) == '2') {
            return null;
        }
        return status.isEmpty() ? "no answer" : "answered " + status;
    }

    /** The time left until {@code deadline}, in whole milliseconds, at least 1 (0 would mean no limit). */
    private static int millisLeft(long deadline) throws SocketTimeoutException {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (left <= 0) {
            throw new SocketTimeoutException();
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }
}
