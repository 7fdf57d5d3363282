package dev.jinit.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The processes jinit can see in {@code /proc}. */
final class ProcessTable {
    private static final Path PROC = Path.of("/proc");

    private ProcessTable() {}

    /**
     * Whether the mounted {@code /proc} belongs to jinit's PID namespace; if it does not, its
     * pids are not jinit's and must never be signalled.
     */
    static boolean matchesOwnNamespace(int ownPid) {
        try {
            return Files.readSymbolicLink(PROC.resolve("self")).toString().equals(Integer.toString(ownPid));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Every living (not zombie) process that jinit, as {@code self}, stops before it exits: those
     * whose chain of parents leads to it and, when it is PID 1, also those whose chain leads to
     * parent 0: processes entered into the namespace from outside ({@code docker exec},
     * {@code kubectl exec}, nsenter), which the kernel kills with jinit all the same.
     */
    static List<ProcessEntry> toStop(int self) {
        Map<Integer, List<ProcessEntry>> childrenByParent = new HashMap<>();
        for (ProcessEntry entry : all()) {
            // Kernel threads (PID 1 of a whole machine sees them, below kthreadd, parent 0) stop with the kernel only.
            if (entry.pid() != self && !entry.kernelThread()) {
                childrenByParent.computeIfAbsent(entry.parent(), parent -> new ArrayList<>()).add(entry);
            }
        }
        List<ProcessEntry> descendants = new ArrayList<>();
        ArrayDeque<Integer> parents = new ArrayDeque<>(self == 1 ? List.of(self, 0) : List.of(self));
        while (!parents.isEmpty()) {
            for (ProcessEntry child : childrenByParent.getOrDefault(parents.pop(), List.of())) {
                if (!child.isZombie()) {
                    descendants.add(child);
                }
                parents.push(child.pid());
            }
        }
        return descendants;
    }

    /** The process now holding {@code pid}, if any. */
    static Optional<ProcessEntry> read(int pid) {
        try {
            return Optional.of(ProcessEntry.parseStat(Files.readString(PROC.resolve(pid + "/stat"))));
        } catch (IOException | RuntimeException goneOrUnreadable) {
            return Optional.empty();
        }
    }

    private static List<ProcessEntry> all() {
        List<ProcessEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(PROC, ProcessTable::isPidDirectory)) {
            for (Path directory : directories) {
                read(Integer.parseInt(directory.getFileName().toString())).ifPresent(entries::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static boolean isPidDirectory(Path path) {
        String name = path.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
