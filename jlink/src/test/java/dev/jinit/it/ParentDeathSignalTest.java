package dev.jinit.it;

import dev.jinit.core.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * tini's {@code -p}: jinit gets a signal when its parent dies, and forwards it like any other.
 * jinit runs as PID 1 of a namespace and its parent is unshare, which is SIGKILLed.
 *
 * <p>unshare is the process this JVM started, and when it exits the JDK drains and closes its
 * stdout and stderr pipes, under jinit. So here jinit writes to files instead.
 */
class ParentDeathSignalTest {
    private static final String COMMAND_KILLED_BY_TERM = "ended with status " + (128 + Signals.SIGTERM);

    @TempDir
    private Path directory;

    @ParameterizedTest(name = "{0} jinit {1}")
    @CsvSource(delimiter = '|', value = {
        "''                           | -p TERM",
        "''                           | --parent-death-signal SIGTERM",
        "JINIT_PARENT_DEATH_SIGNAL=15 | ''",
    })
    void signalIsForwardedAndJinitEndsWithItsCommand(String environment, String flags) {
        // -v logs how the command ended.
        try (JinitProcess jinit = startReporter(environment, "-v " + flags); Orphaning orphaning = new Orphaning(jinit)) {
            awaitLine(jinit, "stdout", SignalReporter.READY::equals);
            orphaning.killParent();
            awaitLine(jinit, "stderr", line -> line.endsWith(COMMAND_KILLED_BY_TERM));
            jinit.awaitTrue("the end of jinit", () -> ProcessState.hasEnded(orphaning.pid()));
        }
    }

    @Test
    void withoutItJinitOutlivesItsParent() {
        try (JinitProcess jinit = startReporter("", ""); Orphaning orphaning = new Orphaning(jinit)) {
            awaitLine(jinit, "stdout", SignalReporter.READY::equals);
            orphaning.killParent();
            jinit.signal(Signals.SIGUSR1);
            awaitLine(jinit, "stdout", SignalReporter.report(Signals.SIGUSR1)::equals);
        }
    }

    /** jinit as PID 1 running a reporter that traps USR1 only (TERM ends it), writing to files in the test's directory. */
    private JinitProcess startReporter(String environment, String flags) {
        return Launchers.startAsPid1(Launchers.outputToFiles(directory), environment, flags,
                SignalReporter.command(Signals.SIGUSR1));
    }

    private void awaitLine(JinitProcess jinit, String file, Predicate<String> wanted) {
        Path path = directory.resolve(file);
        try {
            jinit.awaitTrue("the line wanted in " + path, () -> linesOf(path).stream().anyMatch(wanted));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n  " + file + ": " + linesOf(path), e);
        }
    }

    private static List<String> linesOf(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * jinit about to lose its parent. Closing it kills jinit if it is still running (as PID 1, that
     * ends its namespace): orphaned, jinit is no longer below the process that JinitProcess.close() kills.
     */
    private static final class Orphaning implements AutoCloseable {
        private final JinitProcess jinit;
        private final ProcessHandle handle;

        Orphaning(JinitProcess jinit) {
            this.jinit = jinit;
            this.handle = ProcessHandle.of(jinit.jinitPid()).orElseThrow(() -> jinit.failure("has ended"));
        }

        long pid() {
            return handle.pid();
        }

        /** SIGKILLs jinit's parent and waits until jinit has another: the kernel sends the parent death signal first. */
        void killParent() {
            ProcessHandle parent = handle.parent().orElseThrow(() -> jinit.failure("has no parent"));
            parent.destroyForcibly();
            jinit.awaitTrue("another parent than " + parent.pid(),
                    () -> handle.parent().filter(now -> !now.equals(parent)).isPresent());
        }

        @Override
        public void close() {
            // The handle carries the start time: a pid reused meanwhile is not hit.
            handle.destroyForcibly();
        }
    }
}
