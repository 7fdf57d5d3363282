package dev.jinit.it;

import dev.jinit.it.JinitProcess.Placement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Launcher prefixes for {@link JinitProcess#start}: each sets something up for jinit and then
 * execs its arguments, so that jinit keeps the launcher's pid. The perl ones rely on perl-base,
 * which every Debian system has (it is Essential). Also: jinit started from a test table's columns.
 */
final class Launchers {
    /**
     * Puts jinit in a process group of its own, whose parent (this JVM) is in another group of
     * the same session, so the group is not orphaned. The kernel discards TSTP, TTIN and TTOU sent
     * to a process of an orphaned group; this JVM's own group is orphaned when the build runs
     * under a container's shell, and with -c jinit's child stays in jinit's group.
     */
    static final List<String> OWN_PROCESS_GROUP = List.of("perl", "-e", "setpgrp(0, 0); exec @ARGV or die \"exec: $!\"");

    /**
     * Makes prctl(PR_SET_CHILD_SUBREAPER) fail with EPERM: a seccomp filter (classic BPF on
     * struct seccomp_data) that matches prctl's number and its first argument, 36, and lets every
     * other call through.
     */
    static final List<String> SUBREAPER_DENIED = List.of("perl", "-MPOSIX", "-e", """
            my %by_machine = (x86_64 => [157, 0xc000003e], aarch64 => [167, 0xc00000b7]);
            my ($prctl, $audit_arch) = @{$by_machine{(POSIX::uname())[4]} or die "unknown machine"};
            sub statement { pack "S C C L", @_ }
            my ($load_word, $jump_if_equal, $return) = (0x20, 0x15, 0x06);
            my $filter = join "",
                statement($load_word, 0, 0, 4), statement($jump_if_equal, 0, 5, $audit_arch),
                statement($load_word, 0, 0, 0), statement($jump_if_equal, 0, 3, $prctl),
                statement($load_word, 0, 0, 16), statement($jump_if_equal, 0, 1, 36),
                statement($return, 0, 0, 0x00050000 | 1), statement($return, 0, 0, 0x7fff0000);
            my $program = pack "S x6 P", length($filter) / 8, $filter;
            syscall($prctl, 38, 1, 0, 0, 0) == 0 or die "PR_SET_NO_NEW_PRIVS: $!";
            syscall($prctl, 22, 2, $program) == 0 or die "PR_SET_SECCOMP: $!";
            exec @ARGV or die "exec: $!";
            """);

    private Launchers() {}

    /**
     * {@code jinit FLAGS COMMAND...} as PID 1, with the variables assigned in {@code environment}
     * added to its environment; flags and assignments are space-separated, as in a test's table.
     */
    static JinitProcess startAsPid1(String environment, String flags, List<String> command) {
        return startAsPid1(List.of(), environment, flags, command);
    }

    /** The same, with {@code launcher} run first. */
    static JinitProcess startAsPid1(List<String> launcher, String environment, String flags, List<String> command) {
        List<String> launchers = new ArrayList<>(launcher);
        launchers.addAll(withEnvironment(environment));
        List<String> arguments = new ArrayList<>(words(flags));
        arguments.addAll(command);
        return JinitProcess.start(launchers, Placement.PID_1, arguments);
    }

    /** {@code env NAME=VALUE...} for space-separated assignments; nothing for none. */
    static List<String> withEnvironment(String assignments) {
        List<String> variables = words(assignments);
        if (variables.isEmpty()) {
            return List.of();
        }
        List<String> launcher = new ArrayList<>(List.of("env"));
        launcher.addAll(variables);
        return launcher;
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
    }

    /** Sends jinit's stdout and stderr to the files of those names in {@code directory}. */
    static List<String> outputToFiles(Path directory) {
        return List.of("sh", "-c", "directory=$1 && shift && exec \"$@\" >\"$directory/stdout\" 2>\"$directory/stderr\"",
                "output-to-files", directory.toString());
    }

    /** Starts jinit in {@code directory} (JinitProcess starts it in this JVM's). */
    static List<String> inDirectory(Path directory) {
        return List.of("sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "in-directory", directory.toString());
    }
}
