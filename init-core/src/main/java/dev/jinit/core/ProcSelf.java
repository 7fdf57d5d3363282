package dev.jinit.core;

import dev.jinit.core.libc.SignalSet;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** What jinit reads about itself from {@code /proc/self}. */
final class ProcSelf {
    private static final Path PROC_SELF = Path.of("/proc/self");
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private ProcSelf() {}

    /** jinit's pid, from the JDK: one FFM downcall fewer to link at start-up. */
    static int pid() {
        return Math.toIntExact(ProcessHandle.current().pid());
    }

    /** The effective user and group ids and capabilities ({@code Uid}, {@code Gid}, {@code CapEff} of {@code /proc/self/status}). */
    record Credentials(int uid, int gid, long capabilities) {
        /** {@code CAP_SETGID} and {@code CAP_SETUID} ({@code <linux/capability.h>}). */
        private static final long SET_IDS = (1L << 6) | (1L << 7);

        boolean canSetIds() {
            return (capabilities & SET_IDS) == SET_IDS;
        }
    }

    static Credentials credentials() {
        String status = read(PROC_SELF.resolve("status"));
        return new Credentials(Integer.parseInt(field(status, "Uid").split("\\s+")[1]),
                Integer.parseInt(field(status, "Gid").split("\\s+")[1]), Long.parseUnsignedLong(field(status, "CapEff"), 16));
    }

    private static String field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        throw new IllegalStateException("the status of /proc has no " + name + " line");
    }

    /** The signal masks of {@code /proc/self/status} that jinit hands on. */
    record SignalMasks(SignalSet blocked, SignalSet ignored) {}

    /**
     * {@code SigBlk} and {@code SigIgn} of {@code /proc/self/status}, read once. The file shows the
     * thread group leader, which in the java launcher is the primordial thread: the JVM never
     * changes its mask, so {@code SigBlk} is still the mask the process was started with.
     */
    static SignalMasks signalMasks() {
        String status = read(PROC_SELF.resolve("status"));
        return new SignalMasks(mask(status, "SigBlk"), mask(status, "SigIgn"));
    }

    /**
     * {@code SigBlk} of {@code /proc/thread-self/status}: the calling thread's mask, read without
     * linking sigprocmask(2), which the second JVM start then does not need.
     */
    static SignalSet blockedInThisThread() {
        return mask(read(THREAD_SELF.resolve("status")), "SigBlk");
    }

    private static SignalSet mask(String status, String field) {
        return SignalSet.fromHex(field(status, field));
    }

    /**
     * The environment the process was started with, byte for byte: what execve(2) was given,
     * which the JVM does not change. Read from /proc rather than libc's {@code environ}, so that
     * it takes no FFM at start-up.
     */
    static List<byte[]> environment() {
        return splitOnNul(readBytes(PROC_SELF.resolve("environ")));
    }

    /** The process's arguments as the kernel holds them, byte for byte, from argv[0] on. */
    static List<byte[]> commandLine() {
        return splitOnNul(readBytes(PROC_SELF.resolve("cmdline")));
    }

    /**
     * Open descriptors and what each points to ({@code readlink /proc/self/fd/N}), by number; not
     * the one this listing itself opens.
     */
    static TreeMap<Integer, String> openDescriptors() {
        TreeMap<Integer, String> descriptors = new TreeMap<>();
        Path directory = PROC_SELF.resolve("fd");
        String listing = "/proc/" + pid() + "/fd";
        try (var entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                try {
                    String target = Files.readSymbolicLink(entry).toString();
                    if (!target.equals(listing)) {
                        descriptors.put(Integer.parseInt(entry.getFileName().toString()), target);
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // Closed by another thread since the listing was read.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return descriptors;
    }

    /** The soft limit on open descriptors (RLIMIT_NOFILE), from /proc/self/limits; MAX_VALUE for none. */
    static int openFilesLimit() {
        for (String line : read(PROC_SELF.resolve("limits")).split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
                return soft.equals("unlimited") ? Integer.MAX_VALUE : Integer.parseInt(soft);
            }
        }
        return Integer.MAX_VALUE;
    }

    /**
     * Names the process as {@code ps} and {@code top} show it, when it was not started or
     * re-executed as {@code lib/jinit} (outside the image it would be {@code java} or {@code exe}).
     * Best effort.
     */
    static void rename(String name) {
        try {
            Files.writeString(PROC_SELF.resolve("comm"), name);
        } catch (IOException e) {
            Log.at(Log.DEBUG, "cannot rename the process to " + name + ": " + e.getMessage());
        }
    }

    static List<byte[]> splitOnNul(byte[] bytes) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                parts.add(java.util.Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            parts.add(java.util.Arrays.copyOfRange(bytes, start, bytes.length));
        }
        return parts;
    }

    private static String read(Path file) {
        return new String(readBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** With java.io, whose classes the JVM has loaded at boot: the first read through NIO costs 1 ms more. */
    private static byte[] readBytes(Path file) {
        try (FileInputStream in = new FileInputStream(file.toString())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
