package dev.jinit.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A process's state letter in /proc/PID/stat (R, S, T, Z, ...), its resident and proportional
 * memory and its threads' names, read from outside the process.
 */
final class ProcessState {
    private ProcessState() {}

    /** The state; empty once the process is gone. */
    static Optional<Character> of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return Optional.of(stat.charAt(stat.lastIndexOf(')') + 2));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    /** Stopped by a signal (T; t, stopped by a tracer, does not count). */
    static boolean isStopped(long pid) {
        return of(pid).filter(state -> state == 'T').isPresent();
    }

    /** Gone, or a zombie (ProcessHandle.isAlive() counts zombies as alive). */
    static boolean hasEnded(long pid) {
        return of(pid).filter(state -> state != 'Z').isEmpty();
    }

    /** VmRSS of {@code /proc/PID/status}, in KiB. */
    static long residentKib(long pid) {
        return kibField(pid, "status", "VmRSS:");
    }

    /** RssAnon of {@code /proc/PID/status}, in KiB: memory of its own, which no other process shares. */
    static long privateKib(long pid) {
        return kibField(pid, "status", "RssAnon:");
    }

    /** Pss of {@code /proc/PID/smaps_rollup}, in KiB: resident memory, each page shared by N processes counted 1/N. */
    static long proportionalKib(long pid) {
        return kibField(pid, "smaps_rollup", "Pss:");
    }

    private static long kibField(long pid, String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), file))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            throw new AssertionError("no " + field + " in /proc/" + pid + "/" + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the process's threads ({@code /proc/PID/task/TID/comm}: at most 15 bytes each). */
    static List<String> threadNames(long pid) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                names.add(Files.readString(task.resolve("comm")).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
