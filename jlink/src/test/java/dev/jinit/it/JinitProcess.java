package dev.jinit.it;

import dev.jinit.core.Signals;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * jinit from the runtime image, started the way a container runtime starts it (as PID 1 of a new
 * PID namespace) or directly (then it is a child subreaper), with its output read on background
 * threads. Every wait is bounded by {@link #TIMEOUT} and fails with the command line and the
 * output seen so far; {@link #close()} kills whatever is left.
 */
final class JinitProcess implements AutoCloseable {
    /** Generous: the machines that run these tests are slow and busy. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Path IMAGE = Path.of(System.getProperty("jinit.image", "target/jinit"));
    /**
     * The distroless ENTRYPOINT form. (bin/jinit, the launcher for shells, is a POSIX shell script,
     * and every such shell exports PWD; UsageTest runs it.)
     */
    private static final List<String> JINIT = List.of(IMAGE.resolve("bin/java").toString(), "-m", "dev.jinit.cli");
    private static final List<String> NEW_PID_NAMESPACE = List.of("unshare", "--pid", "--fork", "--mount-proc");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(1);

    enum Placement {
        /** PID 1 of a new PID namespace, as in a container; killing it kills everything in the namespace. */
        PID_1,
        /** Run directly: jinit is not PID 1 and makes itself a child subreaper. */
        SUBREAPER
    }

    private final List<String> commandLine;
    private final boolean inPidNamespace;
    private final Process process;
    private final OutputLines stdout;
    private final OutputLines stderr;
    private int jinitPid;

    private JinitProcess(List<String> commandLine, boolean inPidNamespace) {
        this.commandLine = List.copyOf(commandLine);
        this.inPidNamespace = inPidNamespace;
        try {
            process = new ProcessBuilder(commandLine)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + commandLine, e);
        }
        stdout = new OutputLines(process.getInputStream(), "stdout of " + process.pid());
        stderr = new OutputLines(process.getErrorStream(), "stderr of " + process.pid());
    }

    /** {@code jinit ARGUMENTS} as PID 1 of a new PID namespace. */
    static JinitProcess asPid1(String... arguments) {
        return start(List.of(), Placement.PID_1, Arrays.asList(arguments));
    }

    /** {@code jinit ARGUMENTS} run directly, as a child subreaper. */
    static JinitProcess asSubreaper(String... arguments) {
        return start(List.of(), Placement.SUBREAPER, Arrays.asList(arguments));
    }

    /**
     * {@code LAUNCHER... [unshare ...] jinit ARGUMENTS}: the launcher (e.g. {@code env -i ...}) sets
     * up what jinit inherits and must exec its arguments, so that it keeps its pid.
     */
    static JinitProcess start(List<String> launcher, Placement placement, List<String> arguments) {
        List<String> commandLine = new ArrayList<>(launcher);
        if (placement == Placement.PID_1) {
            commandLine.addAll(NEW_PID_NAMESPACE);
        }
        commandLine.addAll(JINIT);
        commandLine.addAll(arguments);
        return new JinitProcess(commandLine, placement == Placement.PID_1);
    }

    /**
     * {@code LAUNCHER... INIT ARGUMENTS} with the init as PID 1 of a new PID namespace, where
     * {@code init} is {@code jinit} or a peer in its place for a side-by-side run ({@code tini --},
     * {@code dumb-init}), with its flags, space-separated as in a test's table ({@code "jinit -c"}).
     * For a peer, {@link #jinitPid} is the peer's.
     */
    static JinitProcess initAsPid1(List<String> launcher, String init, List<String> arguments) {
        List<String> words = List.of(init.strip().split("\\s+"));
        List<String> initArguments = new ArrayList<>(words.subList(1, words.size()));
        initArguments.addAll(arguments);
        if (words.getFirst().equals("jinit")) {
            return start(launcher, Placement.PID_1, initArguments);
        }
        List<String> commandLine = new ArrayList<>(launcher);
        commandLine.addAll(NEW_PID_NAMESPACE);
        commandLine.add(words.getFirst());
        commandLine.addAll(initArguments);
        return new JinitProcess(commandLine, true);
    }

    /** {@code LAUNCHER... COMMAND...} with no jinit in between: what the command gets without jinit. */
    static JinitProcess withoutJinit(List<String> launcher, List<String> command) {
        List<String> commandLine = new ArrayList<>(launcher);
        commandLine.addAll(command);
        return new JinitProcess(commandLine, false);
    }

    /** jinit's pid as seen from here (in the namespace, it is 1). */
    int jinitPid() {
        if (jinitPid == 0) {
            // unshare --fork has one child: jinit, whose pid stays through bin/jinit's exec and the JVM's re-exec.
            jinitPid = inPidNamespace ? awaitPresent("unshare's child (jinit)", () -> onlyChild(process.pid()))
                    : Math.toIntExact(process.pid());
        }
        return jinitPid;
    }

    /** The children of {@code pid}'s main thread, the one that forks in unshare and in jinit. */
    static List<Integer> childrenOf(long pid) {
        try {
            String children = Files.readString(Path.of("/proc", String.valueOf(pid), "task", String.valueOf(pid), "children"));
            return Arrays.stream(children.trim().split(" ")).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
        } catch (NoSuchFileException ended) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Integer> onlyChild(long pid) {
        List<Integer> children = childrenOf(pid);
        if (children.isEmpty() && !process.isAlive()) {
            throw failure("ended before it started jinit");
        }
        return children.stream().findFirst();
    }

    /** Sends {@code signal} to jinit, as {@code docker kill --signal} would. */
    void signal(int signal) {
        try {
            Libc.kill(jinitPid(), signal);
        } catch (LibcException e) {
            throw failure("cannot send SIG" + Signals.name(signal) + " to jinit (" + e.getMessage() + ")");
        }
    }

    /** Waits for a stdout line equal to {@code line}. */
    void awaitLine(String line) {
        if (!awaitLineOrEnd(line)) {
            throw failure("closed its stdout without writing '" + line + "'");
        }
    }

    /** Waits for a stdout line equal to {@code line}; false if stdout was closed (jinit ended) first. */
    boolean awaitLineOrEnd(String line) {
        try {
            if (stdout.await(line, TIMEOUT)) {
                return true;
            }
            if (!stdout.hasEnded()) {
                throw failure("wrote no '" + line + "' on stdout within " + TIMEOUT);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for '" + line + "'");
        }
    }

    /** Waits for a process named {@code name} (as in {@code /proc/PID/comm}) among jinit's descendants. */
    void awaitDescendant(String name) {
        ProcessHandle jinit = ProcessHandle.of(jinitPid()).orElseThrow(() -> failure("has ended"));
        awaitPresent("a descendant named " + name,
                () -> jinit.descendants().filter(descendant -> name.equals(commandName(descendant.pid()))).findAny());
    }

    /** {@code /proc/PID/comm}, or empty once the process is gone. */
    static String commandName(long pid) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).strip();
        } catch (IOException ended) {
            return "";
        }
    }

    boolean isRunning() {
        return process.isAlive();
    }

    /** Waits for jinit to end and for its output to be closed; returns its exit status. */
    int awaitExit() {
        return awaitExit(TIMEOUT);
    }

    /** Waits at most {@code timeout} for jinit to end, then for its output to be closed; returns its exit status. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw failure("did not exit within " + timeout + "; killed");
            }
            if (!stdout.awaitEnd(TIMEOUT) || !stderr.awaitEnd(TIMEOUT)) {
                throw failure("exited, but some process still held its stdout or stderr open " + TIMEOUT + " later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for the exit");
        }
        return process.exitValue();
    }

    List<String> stdout() {
        return stdout.lines();
    }

    List<String> stderr() {
        return stderr.lines();
    }

    /** An assertion failure naming the command line and everything it wrote so far. */
    AssertionError failure(String what) {
        return new AssertionError(commandLine + " " + what + "\n  stdout: " + stdout.lines()
                + "\n  stderr: " + stderr.lines());
    }

    /** Polls {@code condition} until it holds; fails after {@link #TIMEOUT}. */
    void awaitTrue(String description, BooleanSupplier condition) {
        awaitPresent(description, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
    }

    /** Polls {@code probe} until it finds something; fails after {@link #TIMEOUT}. */
    private <T> T awaitPresent(String description, Supplier<Optional<T>> probe) {
        return Polling.awaitPresent(probe, TIMEOUT, POLL_INTERVAL).orElseThrow(() -> failure(
                (Thread.currentThread().isInterrupted() ? "was interrupted while showing no " : "showed no ")
                        + description + " within " + TIMEOUT));
    }

    /** Kills jinit and everything under it (in a namespace, killing PID 1 alone would do). */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
