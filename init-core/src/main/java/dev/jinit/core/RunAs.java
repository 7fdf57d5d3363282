package dev.jinit.core;

import dev.jinit.core.libc.Errno;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code --user}: the user, group and supplementary groups a command runs as.
 *
 * <p>posix_spawn(3) cannot change them, and a JVM must not fork to run code of its own in the child.
 * So such a command starts as a short JVM of jinit's own image ({@link #ENTRY}), which changes the
 * ids of its main thread and execs the program from it: execve(2) ends the other threads, and
 * the program starts with that thread's ids. The kernel's calls change one thread, where glibc's
 * wrappers would signal every thread of the JVM to change them too.
 */
public record RunAs(int uid, int gid, int[] groups) {
    /** The argument that makes jinit's {@code main} this exec step: {@code --run-as UID:GID:GROUPS -- PROGRAM ARGS...}. */
    public static final String ENTRY = "--run-as";
    /**
     * Variables the JVM of the exec step would read as its own options; they travel renamed with
     * this prefix and are restored before the program starts.
     */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    private static final String RENAMED = "_JINIT_RUN_AS_";

    public RunAs {
        groups = groups.clone();
    }

    /** {@code UID:GID:G1,G2,...}, as the exec step takes it. */
    String encode() {
        return uid + ":" + gid + ":" + Arrays.stream(groups).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    /** The inverse of {@link #encode}; an IllegalArgumentException for anything else. */
    static RunAs decode(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not UID:GID:GROUPS: " + text);
        }
        int[] groups = parts[2].isEmpty() ? new int[0]
                : Arrays.stream(parts[2].split(",")).mapToInt(Integer::parseInt).toArray();
        return new RunAs(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), groups);
    }

    /** Whether running as this needs a privilege that a process running as {@code uid}:{@code gid} lacks. */
    boolean changes(int uid, int gid) {
        return this.uid != uid || this.gid != gid || !(groups.length == 1 && groups[0] == gid);
    }

    /** The command line that starts {@code argv} as this user through the exec step of {@code java}. */
    List<byte[]> commandLine(String java, List<byte[]> argv) {
        List<byte[]> commandLine = new ArrayList<>();
        for (String word : List.of(java, "-m", "dev.jinit.cli", ENTRY, encode(), "--")) {
            commandLine.add(word.getBytes(StandardCharsets.UTF_8));
        }
        commandLine.addAll(argv);
        return commandLine;
    }

    /** The environment for the exec step: the JVM option variables renamed, so that its JVM ignores them. */
    static List<byte[]> hideJvmVariables(List<byte[]> environment) {
        return environment.stream().map(entry -> JVM_VARIABLES.contains(nameOf(entry))
                ? (RENAMED + new String(entry, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1)
                : entry).toList();
    }

    /** The inverse of {@link #hideJvmVariables}. */
    static List<byte[]> restoreJvmVariables(List<byte[]> environment) {
        return environment.stream().map(entry -> {
            String text = new String(entry, StandardCharsets.ISO_8859_1);
            return text.startsWith(RENAMED) && JVM_VARIABLES.contains(nameOf(Arrays.copyOfRange(entry, RENAMED.length(), entry.length)))
                    ? Arrays.copyOfRange(entry, RENAMED.length(), entry.length) : entry;
        }).toList();
    }

    /**
     * The exec step: becomes this user and execs {@code argv} (its program looked up in the
     * {@code PATH} of {@code environment}); returns only on failure, with the exit status and a
     * line on stderr, as a failed spawn: 127 not found, 126 not executable, 1 for the ids.
     */
    int exec(List<byte[]> argv, List<byte[]> environment) {
        try {
            Libc.setGroupsOfThisThread(groups);
            Libc.setGidOfThisThread(gid);
            Libc.setUidOfThisThread(uid);
        } catch (LibcException e) {
            Log.error("cannot run as " + encode() + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        closeImageFilesOnExec();
        List<byte[]> restored = restoreJvmVariables(environment);
        String program = new String(argv.getFirst(), StandardCharsets.UTF_8);
        LibcException failure = null;
        for (String candidate : candidates(program, restored)) {
            try {
                Libc.execve(candidate, argv, restored);
            } catch (LibcException e) {
                // As execvp(3): go on past what is missing, remember that one was not executable.
                if (failure == null || e.errno() != Errno.ENOENT) {
                    failure = e;
                }
            }
        }
        SpawnException spawnFailure = new SpawnException(new Command(argv), failure);
        Log.error(spawnFailure.getMessage());
        return spawnFailure.exitCode();
    }

    /**
     * {@code main} of the exec step, given {@code --run-as UID:GID:GROUPS -- PROGRAM ARGS...}: the
     * program and its arguments are taken byte for byte from the process's command line.
     *
     * @return the exit status, when the program could not be started
     */
    public static int execStep(String[] args) {
        if (args.length < 4 || !args[0].equals(ENTRY) || !args[2].equals("--")) {
            Log.error("usage: " + ENTRY + " UID:GID:GROUPS -- PROGRAM [ARGS...]");
            return ExitCodes.USAGE;
        }
        RunAs runAs;
        try {
            runAs = decode(args[1]);
        } catch (IllegalArgumentException e) {
            Log.error(ENTRY + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        List<byte[]> commandLine = ProcSelf.commandLine();
        int programArguments = args.length - 3;
        return runAs.exec(commandLine.subList(commandLine.size() - programArguments, commandLine.size()),
                ProcSelf.environment());
    }

    /**
     * The files of this image that the step's JVM opened without close-on-exec ({@code lib/modules})
     * are not the program's to inherit; what jinit handed the step (its inherited descriptors, a
     * notification descriptor) is.
     */
    private static void closeImageFilesOnExec() {
        String image = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize() + "/";
        try {
            for (Map.Entry<Integer, String> descriptor : ProcSelf.openDescriptors().entrySet()) {
                if (descriptor.getValue().startsWith(image)) {
                    Libc.setCloseOnExec(descriptor.getKey());
                }
            }
        } catch (LibcException | UncheckedIOException e) {
            Log.warn("the program may inherit descriptors of jinit's image: " + Log.describe(e));
        }
    }

    /** Where execvp(3) would look for {@code program}. */
    private static List<String> candidates(String program, List<byte[]> environment) {
        if (program.contains("/")) {
            return List.of(program);
        }
        String path = "/usr/local/bin:/usr/bin:/bin";
        for (byte[] entry : environment) {
            String text = new String(entry, StandardCharsets.UTF_8);
            if (text.startsWith("PATH=")) {
                path = text.substring("PATH=".length());
            }
        }
        List<String> candidates = new ArrayList<>();
        for (String directory : path.split(":", -1)) {
            candidates.add((directory.isEmpty() ? "." : directory) + "/" + program);
        }
        return candidates;
    }

    private static String nameOf(byte[] entry) {
        String text = new String(entry, StandardCharsets.ISO_8859_1);
        int equals = text.indexOf('=');
        return equals < 0 ? text : text.substring(0, equals);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RunAs that && uid == that.uid && gid == that.gid && Arrays.equals(groups, that.groups);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * uid + gid) + Arrays.hashCode(groups);
    }

    @Override
    public String toString() {
        return encode();
    }
}
