package dev.jinit.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Keeps jinit off the OOM killer's list while a command could go instead, and tells an OOM kill
 * from any other SIGKILL.
 *
 * <p>The OOM killer of a memory cgroup takes the process with the most points: its resident and
 * swapped pages plus {@code oom_score_adj} thousandths of the cgroup's limit. jinit, a JVM, is
 * often the largest process of a small container. A process may raise an {@code oom_score_adj}
 * without privilege but not lower one, so jinit raises each command's (its descendants inherit it)
 * above its own, by the least that puts even an empty command ahead of jinit: jinit's resident
 * memory, with a quarter more for growth, in thousandths of the limit. Under a large limit that is
 * a few points, so the order among containers on the node moves as little as it can.
 *
 * <p>The cgroup's {@code oom_kill} counter (cgroup v2 {@code memory.events}, v1
 * {@code memory.oom_control}) tells that a SIGKILL came from the OOM killer.
 *
 * <p>Synchronized: exec checks are started, and put ahead of jinit, on the checks' threads.
 */
final class OomOrder {
    private static final Path PROC = Path.of("/proc");
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    /** The highest {@code oom_score_adj}. */
    static final int MOST_KILLABLE = 1000;

    /** The memory cgroup's limit file and its counter of OOM kills, or none found. */
    private record Cgroup(Optional<Path> limitFile, Optional<Path> eventsFile) {}

    /** Found at the first command's start, after the spawn: nothing of it is on the way to the command running. */
    private Cgroup cgroup;
    private long oomKillsSeen;

    private Cgroup cgroup() {
        if (cgroup == null) {
            cgroup = ownCgroup();
            oomKillsSeen = oomKills();
        }
        return cgroup;
    }

    /** jinit's memory cgroup, as {@code /proc/self/cgroup} names it or, in a container, mounted at the root. */
    private static Cgroup ownCgroup() {
        String cgroups = read(PROC.resolve("self/cgroup")).orElse("");
        for (String line : cgroups.split("\n")) {
            String[] fields = line.split(":", 3);
            if (fields.length < 3) {
                continue;
            }
            if (fields[0].equals("0") && fields[1].isEmpty()) {
                Optional<Path> directory = firstWith(List.of(CGROUPS.resolve(relative(fields[2])), CGROUPS), "memory.events");
                if (directory.isPresent()) {
                    return new Cgroup(directory.map(d -> d.resolve("memory.max")), directory.map(d -> d.resolve("memory.events")));
                }
            } else if (List.of(fields[1].split(",")).contains("memory")) {
                Path memory = CGROUPS.resolve("memory");
                Optional<Path> directory = firstWith(List.of(memory.resolve(relative(fields[2])), memory), "memory.oom_control");
                return new Cgroup(directory.map(d -> d.resolve("memory.limit_in_bytes")),
                        directory.map(d -> d.resolve("memory.oom_control")));
            }
        }
        return new Cgroup(Optional.empty(), Optional.empty());
    }

    /**
     * Puts the command {@code pid} ahead of jinit in the OOM killer's order. Best effort: a
     * command that cannot be moved (it is gone, or became another user's) runs on as it is.
     */
    synchronized void putAheadOfJinit(int pid) {
        try {
            int own = Integer.parseInt(read(PROC.resolve("self/oom_score_adj")).orElseThrow().strip());
            long limit = limitBytes();
            long resident = ownResidentBytes();
            if (limit <= 0 || resident <= 0) {
                return;
            }
            int adjustment = Math.min(MOST_KILLABLE, own + raiseFor(resident, limit));
            Files.writeString(PROC.resolve(pid + "/oom_score_adj"), Integer.toString(adjustment));
            Log.at(Log.TRACE, "oom_score_adj of pid " + pid + ": " + adjustment + " (jinit's: " + own + ")");
        } catch (IOException | RuntimeException e) {
            Log.at(Log.DEBUG, "cannot set the oom_score_adj of pid " + pid + ": " + Log.describe(e));
        }
    }

    /**
     * Whether the OOM killer has killed a process in jinit's cgroup since the last time this was
     * asked: each kill it counted answers yes once.
     */
    synchronized boolean killedOneSinceLastAsked() {
        cgroup();
        long kills = oomKills();
        if (kills > oomKillsSeen) {
            oomKillsSeen++;
            return true;
        }
        return false;
    }

    /**
     * The least rise of a command's {@code oom_score_adj} over jinit's that makes even an empty
     * command outscore jinit: jinit's resident memory, with a quarter more, in thousandths of the limit.
     */
    static int raiseFor(long jinitResidentBytes, long limitBytes) {
        double thousandths = 1000.0 * jinitResidentBytes * 1.25 / limitBytes;
        return (int) Math.min(MOST_KILLABLE, Math.ceil(thousandths) + 1);
    }

    /** {@code oom_kill N} of a cgroup's events (v2) or oom_control (v1); 0 when the line is missing. */
    static long oomKillsIn(String events) {
        for (String line : events.split("\n")) {
            if (line.startsWith("oom_kill ")) {
                return Long.parseLong(line.substring("oom_kill ".length()).strip());
            }
        }
        return 0;
    }

    /**
     * The cgroup's limit in bytes ({@code max} in v2, the largest page-aligned long in v1: none),
     * else the machine's memory and swap, which the kernel's own OOM killer divides by.
     */
    private long limitBytes() {
        Optional<Long> limit = cgroup().limitFile().flatMap(OomOrder::read).map(String::strip)
                .filter(text -> !text.equals("max")).map(Long::valueOf);
        long machine = machineBytes();
        return limit.filter(bytes -> bytes < machine).orElse(machine);
    }

    private static long machineBytes() {
        String meminfo = read(PROC.resolve("meminfo")).orElse("");
        return kibField(meminfo, "MemTotal:") * 1024 + kibField(meminfo, "SwapTotal:") * 1024;
    }

    private static long ownResidentBytes() {
        return kibField(read(PROC.resolve("self/status")).orElse(""), "VmRSS:") * 1024;
    }

    /** A {@code NAME: N kB} field of /proc; 0 when it is missing. */
    private static long kibField(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).replace("kB", "").strip());
            }
        }
        return 0;
    }

    private long oomKills() {
        return cgroup.eventsFile().flatMap(OomOrder::read).map(OomOrder::oomKillsIn).orElse(0L);
    }

    private static Optional<Path> firstWith(List<Path> directories, String file) {
        return directories.stream().filter(directory -> Files.isReadable(directory.resolve(file))).findFirst();
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
