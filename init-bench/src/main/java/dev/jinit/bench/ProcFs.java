package dev.jinit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the harness reads about the processes it benchmarks, from the host's {@code /proc}. */
final class ProcFs {
    private static final Path PROC = Path.of("/proc");
    /** Index of the state, then of the start time, among the fields after the command name of {@code /proc/PID/stat}. */
    private static final int STATE = 0;
    private static final int START_TIME = 19;

    private ProcFs() {}

    /**
     * One process at one time: a pid and its start time, so that a pid reused by a new process is
     * not taken for the old one.
     */
    record Stamp(int pid, long startTime) {}

    /** CPU time a process has had, all its threads together, from their {@code schedstat}. */
    record CpuUse(long runNanos, long timeslices) {
        CpuUse since(CpuUse earlier) {
            return new CpuUse(runNanos - earlier.runNanos, timeslices - earlier.timeslices);
        }
    }

    /**
     * The children of every thread of {@code pid}: a JVM forks from whichever thread asked, and
     * orphans go to the thread group leader.
     */
    static List<Integer> childrenOf(int pid) {
        List<Integer> children = new ArrayList<>();
        for (Path task : tasks(pid)) {
            for (String child : readOrEmpty(task.resolve("children")).trim().split(" ")) {
                if (!child.isEmpty()) {
                    children.add(Integer.valueOf(child));
                }
            }
        }
        return children;
    }

    /** Time on a CPU and number of times scheduled in, summed over the threads alive now. */
    static CpuUse cpuUse(int pid) {
        long runNanos = 0;
        long timeslices = 0;
        for (Path task : tasks(pid)) {
            String[] fields = readOrEmpty(task.resolve("schedstat")).strip().split(" ");
            if (fields.length == 3) {
                runNanos += Long.parseLong(fields[0]);
                timeslices += Long.parseLong(fields[2]);
            }
        }
        return new CpuUse(runNanos, timeslices);
    }

    static Optional<Stamp> stamp(int pid) {
        return statFields(pid).map(fields -> new Stamp(pid, Long.parseLong(fields[START_TIME])));
    }

    /** Whether the process has been reaped: its pid is gone, or now names a newer process. */
    static boolean isGone(Stamp stamp) {
        return stamp(stamp.pid()).map(now -> now.startTime() != stamp.startTime()).orElse(true);
    }

    static boolean isZombie(int pid) {
        return statFields(pid).map(fields -> fields[STATE].equals("Z")).orElse(false);
    }

    /**
     * The memory of a process, in KiB: resident (VmRSS), private (RssAnon, of {@code /proc/PID/status})
     * and its proportional share, files shared with other processes split among them (Pss, of
     * {@code /proc/PID/smaps_rollup}).
     */
    record Memory(long residentKib, long anonymousKib, long proportionalKib) {
        /** Where each figure is in {@link #values()}. */
        static final int RESIDENT = 0;
        static final int PRIVATE = 1;
        static final int PROPORTIONAL = 2;
        static final int FIGURES = 3;

        long[] values() {
            long[] values = new long[FIGURES];
            values[RESIDENT] = residentKib;
            values[PRIVATE] = anonymousKib;
            values[PROPORTIONAL] = proportionalKib;
            return values;
        }
    }

    static Memory memory(int pid) {
        Path process = PROC.resolve(String.valueOf(pid));
        String status = readOrEmpty(process.resolve("status"));
        return new Memory(kib(status, "VmRSS:", pid), kib(status, "RssAnon:", pid),
                kib(readOrEmpty(process.resolve("smaps_rollup")), "Pss:", pid));
    }

    private static long kib(String file, String field, int pid) {
        for (String line : file.split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("pid " + pid + " has ended, or has no " + field + " (a zombie?)");
    }

    /** The directories of the threads of {@code pid}, under {@code /proc/PID/task}; none once it is reaped. */
    private static List<Path> tasks(int pid) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(String.valueOf(pid)).resolve("task"))) {
            List<Path> list = new ArrayList<>();
            tasks.forEach(list::add);
            return list;
        } catch (NoSuchFileException ended) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fields of {@code /proc/PID/stat} after {@code (comm)}, which may itself hold spaces and
     * parentheses; empty once the process is reaped.
     */
    private static Optional<String[]> statFields(int pid) {
        String stat = readOrEmpty(PROC.resolve(String.valueOf(pid)).resolve("stat"));
        if (stat.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
    }

    private static String readOrEmpty(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException ended) {
            return "";
        } catch (IOException e) {
            // ESRCH: the process ended between the lookup and the read.
            if (e.getMessage() != null && e.getMessage().contains("No such process")) {
                return "";
            }
            throw new UncheckedIOException(e);
        }
    }
}
