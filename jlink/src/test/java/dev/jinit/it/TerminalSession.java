package dev.jinit.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * jinit on a terminal of its own, as {@code docker run -it} runs it: util-linux script(1) makes a
 * pseudo-terminal, runs jinit (through {@code bin/jinit}) as the leader of a new session with the
 * terminal as its controlling terminal, copies what the test types into the terminal (so 0x03
 * is Ctrl-C for the terminal's foreground group) and what the terminal shows to its stdout.
 * With {@code -e} script exits with jinit's status.
 */
final class TerminalSession implements AutoCloseable {
    static final String CTRL_C = "\u0003";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);
    private static final Path JINIT = Path.of(System.getProperty("jinit.image", "target/jinit"), "bin", "jinit");

    private final List<String> commandLine;
    private final Process script;
    private final OutputStream keyboard;
    private final OutputLines screen;
    private final OutputLines scriptErrors;

    private TerminalSession(List<String> commandLine) {
        this.commandLine = commandLine;
        ProcessBuilder builder = new ProcessBuilder(commandLine);
        // script runs its command with $SHELL -c; the quoting below is POSIX sh's.
        builder.environment().put("SHELL", "/bin/sh");
        try {
            script = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + commandLine, e);
        }
        keyboard = script.getOutputStream();
        screen = new OutputLines(script.getInputStream(), "terminal of " + script.pid());
        scriptErrors = new OutputLines(script.getErrorStream(), "stderr of " + script.pid());
    }

    /** {@code jinit ARGUMENTS} on a new terminal. */
    static TerminalSession start(String... jinitArguments) {
        String jinit = Stream.concat(Stream.of(JINIT.toString()), Arrays.stream(jinitArguments))
                .map(TerminalSession::shellQuoted).collect(Collectors.joining(" "));
        // exec: jinit itself leads the session, with no shell between it and the terminal.
        return new TerminalSession(List.of("script", "--quiet", "--return", "--command", "exec " + jinit, "/dev/null"));
    }

    private static String shellQuoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Writes {@code keys} to the terminal, as if typed. */
    void type(String keys) {
        try {
            keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        } catch (IOException e) {
            throw failure("cannot be typed into (" + e.getMessage() + ")");
        }
    }

    /** The lines the terminal showed so far, what was typed (echoed) included. */
    List<String> lines() {
        return screen.lines();
    }

    /** Waits for the terminal to show a line equal to {@code line}. */
    void awaitLine(String line) {
        try {
            if (!screen.await(line, JinitProcess.TIMEOUT)) {
                throw failure("showed no line '" + line + "' within " + JinitProcess.TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for '" + line + "'");
        }
    }

    /** Waits for a process running the executable {@code name} below script. */
    void awaitDescendant(String name) {
        long deadline = System.nanoTime() + JinitProcess.TIMEOUT.toNanos();
        while (script.descendants().noneMatch(process -> process.info().command().orElse("").endsWith("/" + name))) {
            if (System.nanoTime() > deadline) {
                throw failure("ran no " + name + " within " + JinitProcess.TIMEOUT);
            }
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(POLL_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting");
        }
    }

    /** Waits for script, and so jinit, to end; returns jinit's exit status. */
    int awaitExit() {
        try {
            if (!script.waitFor(JinitProcess.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    || !screen.awaitEnd(JinitProcess.TIMEOUT)) {
                close();
                throw failure("did not end within " + JinitProcess.TIMEOUT + "; killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for the exit");
        }
        return script.exitValue();
    }

    private AssertionError failure(String what) {
        return new AssertionError(commandLine + " " + what + "\n  terminal: " + screen.lines()
                + "\n  stderr of script: " + scriptErrors.lines());
    }

    @Override
    public void close() {
        script.descendants().forEach(ProcessHandle::destroyForcibly);
        script.destroyForcibly();
        try {
            script.waitFor(JinitProcess.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
