package dev.jinit.bench;

import dev.jinit.core.Forwarding;
import dev.jinit.core.Signals;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A contender running as PID 1 of a fresh PID namespace, as in a container:
 * {@code unshare --pid --fork --mount-proc --kill-child INIT FLAGS -- CHILD}. The harness talks to
 * the child through its stdin and stdout (which every init passes on), and signals the init by
 * its pid on the host.
 *
 * <p>Every wait is bounded: a watchdog kills the namespace when a read outlives its deadline, so
 * that an init that loses a signal fails the run instead of hanging it. {@link #close()} kills
 * whatever is left (unshare's {@code --kill-child} takes PID 1, and the kernel the rest).
 */
final class Pid1Process implements AutoCloseable {
    private static final List<String> NEW_PID_NAMESPACE =
            List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child");
    /** Variables that would change how an init or a JVM behaves: the runs must not depend on the caller's environment. */
    private static final Set<String> CONFIGURATION_PREFIXES =
            Set.of("JINIT_", "TINI_", "DUMB_INIT_", "CATATONIT_", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");
    private static final Duration WATCHDOG_PERIOD = Duration.ofMillis(50);
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CHILD_POLL = Duration.ofMillis(1);
    private static final List<Pid1Process> WATCHED = new CopyOnWriteArrayList<>();

    static {
        Thread.ofPlatform().daemon().name("pid1-watchdog").start(Pid1Process::watch);
        // A run that fails half-way must not leave namespaces behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> WATCHED.forEach(Pid1Process::close)));
    }

    private final Contender contender;
    private final List<String> commandLine;
    private final Process unshare;
    private final InputStream stdout;
    private final OutputStream stdin;
    private final Path stderr;
    /** System.nanoTime() after which a pending read is given up; 0 when none is pending. */
    private volatile long deadline;
    private volatile boolean timedOut;
    private int hostPid;

    private Pid1Process(Contender contender, List<String> commandLine) {
        this.contender = contender;
        this.commandLine = commandLine;
        try {
            stderr = Files.createTempFile("jinit-bench-" + contender.name().toLowerCase(Locale.ROOT) + "-", ".stderr");
            ProcessBuilder builder = new ProcessBuilder(commandLine).redirectError(stderr.toFile());
            builder.environment().keySet().removeIf(name -> CONFIGURATION_PREFIXES.stream().anyMatch(name::startsWith));
            unshare = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + commandLine, e);
        }
        stdout = unshare.getInputStream();
        stdin = unshare.getOutputStream();
        WATCHED.add(this);
    }

    /** Starts {@code contender} with {@code child}; returns at once, before the init or the child has run. */
    static Pid1Process start(Contender contender, Forwarding forwarding, List<String> child) {
        List<String> commandLine = new ArrayList<>(NEW_PID_NAMESPACE);
        commandLine.addAll(contender.commandLine(forwarding, child));
        return new Pid1Process(contender, commandLine);
    }

    Contender contender() {
        return contender;
    }

    /** The init's pid on the host: unshare's only child (in its namespace it is 1). */
    int hostPid() {
        if (hostPid == 0) {
            hostPid = awaitOnlyChild(Math.toIntExact(unshare.pid()), "unshare's child");
        }
        return hostPid;
    }

    /** Waits until {@code parent} has exactly one child, and returns it. */
    int awaitOnlyChild(int parent, String what) {
        long giveUp = System.nanoTime() + CHILD_TIMEOUT.toNanos();
        while (true) {
            List<Integer> children = ProcFs.childrenOf(parent);
            if (children.size() == 1) {
                return children.getFirst();
            }
            if (!unshare.isAlive() || System.nanoTime() - giveUp > 0) {
                throw failure("no single " + what + " (children of " + parent + ": " + children + ")");
            }
            LockSupport.parkNanos(CHILD_POLL.toNanos());
        }
    }

    /** Sends {@code signal} to the init, as {@code docker kill --signal} does. */
    void signal(int signal) {
        signalPid(hostPid(), signal);
    }

    /** Sends {@code signal} straight to a process in the namespace, bypassing the init. */
    void signalPid(int pid, int signal) {
        try {
            Libc.kill(pid, signal);
        } catch (LibcException e) {
            throw failure("cannot send SIG" + Signals.name(signal) + " to " + pid + ": " + e.getMessage());
        }
    }

    /** Reads one byte of the child's stdout, waiting at most {@code timeout}. */
    int readByte(Duration timeout) {
        deadline = System.nanoTime() + timeout.toNanos();
        try {
            int b = stdout.read();
            if (b < 0) {
                throw failure(timedOut ? "wrote nothing within " + timeout : "closed its stdout");
            }
            return b;
        } catch (IOException e) {
            throw failure("reading its stdout: " + e.getMessage());
        } finally {
            deadline = 0;
        }
    }

    /** Reads the child's next stdout line, without its newline. */
    String readLine(Duration timeout) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = readByte(timeout); b != '\n'; b = readByte(timeout)) {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    void writeLine(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw failure("writing to its stdin: " + e.getMessage());
        }
    }

    /** Waits for the init to exit; returns its exit status (unshare passes it on, 128+N for signal N). */
    int awaitExit(Duration timeout) {
        try {
            if (!unshare.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw failure("did not exit within " + timeout + "; killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for its exit");
        }
        return unshare.exitValue();
    }

    @Override
    public void close() {
        WATCHED.remove(this);
        unshare.destroyForcibly();
        try {
            unshare.waitFor(10, TimeUnit.SECONDS);
            stdin.close();
            stdout.close();
            Files.deleteIfExists(stderr);
        } catch (IOException | InterruptedException ignored) {
            // Best effort: the namespace is gone with PID 1 either way.
        }
    }

    /** An error naming the command line, with what the init and the child wrote on stderr. */
    IllegalStateException failure(String what) {
        String errors;
        try {
            errors = Files.readString(stderr).strip();
        } catch (IOException e) {
            errors = "(unreadable: " + e.getMessage() + ")";
        }
        return new IllegalStateException(contender.label() + ": " + String.join(" ", commandLine) + ": " + what
                + (errors.isEmpty() ? "" : "; stderr: " + errors));
    }

    private static void watch() {
        while (true) {
            long now = System.nanoTime();
            for (Pid1Process process : WATCHED) {
                long due = process.deadline;
                if (due != 0 && now - due > 0) {
                    process.timedOut = true;
                    // Closes the child's stdout (every process in the namespace dies), so the read returns.
                    process.unshare.destroyForcibly();
                }
            }
            LockSupport.parkNanos(WATCHDOG_PERIOD.toNanos());
        }
    }
}
