package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The image in a root filesystem like {@code gcr.io/distroless/base-debian12}: the runtime image
 * and the glibc files {@code ldd} names for {@code bin/java} and {@code libjvm.so}, no shell for
 * jinit. jinit starts as the ENTRYPOINT would ({@code bin/java -m dev.jinit.cli}); the test's
 * payload (a shell and sleep, with their libraries) only exercises it.
 */
class DistrolessTest {
    private static final Path IMAGE = Path.of(System.getProperty("jinit.image", "target/jinit"));
    private static final Pattern LIBRARY = Pattern.compile("(/\\S+\\.so[.\\d]*)");
    /** Distroless's nonroot user. */
    private static final String NONROOT = "65532";
    /**
     * Orphans that jinit must reap, a count of zombies among jinit's children, a check that the root
     * is read-only or not, then SIGTERM to jinit, which must come back through the process group.
     */
    private static final String PAYLOAD = """
            while read -r key value rest; do [ "$key" = Uid: ] && echo "uid=$value"; done < /proc/self/status
            if (echo x > /opt/write-test) 2>&-; then echo root=rw; else echo root=ro; fi
            for i in 1 2 3 4 5; do (sleep 0.1 &); done
            sleep 1
            zombies=0
            for stat in /proc/[0-9]*/stat; do
              read -r line < "$stat" || continue
              set -- ${line##*) }
              [ "$1" = Z ] && [ "$2" = "$PPID" ] && zombies=$((zombies + 1))
            done
            echo "zombies=$zombies"
            trap 'echo got TERM; exit 7' TERM
            kill -TERM "$PPID"
            while :; do sleep 0.05; done
            """;

    @TempDir
    static Path rootfs;

    @BeforeAll
    static void buildRootFilesystem() throws IOException {
        Files.createDirectories(rootfs.resolve("opt"));
        copyTree(IMAGE, rootfs.resolve("opt/jinit"));
        Set<String> files = new TreeSet<>(libraries(IMAGE.resolve("bin/java"), IMAGE.resolve("lib/server/libjvm.so"),
                Path.of("/bin/sh"), Path.of("/bin/sleep")));
        files.addAll(List.of("/bin/sh", "/bin/sleep"));
        for (String file : files) {
            Path target = rootfs.resolve(file.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(file), target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(rootfs.resolve("proc"));
        // Readable by the nonroot user, as files in an image are.
        Files.setPosixFilePermissions(rootfs, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @ParameterizedTest(name = "as PID 1: {0}, read-only: {1}, user: {2}")
    @CsvSource({"true, false, 0", "true, true, 0", "true, true, " + NONROOT, "false, true, " + NONROOT})
    void runsWithNothingButTheImageAndGlibc(boolean pid1, boolean readOnly, String user) {
        List<String> commandLine = new ArrayList<>();
        if (readOnly) {
            // A private mount namespace whose copy of the root filesystem is read-only, as with readOnlyRootFilesystem.
            commandLine.addAll(List.of("unshare", "--mount", "sh", "-c",
                    "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"", rootfs.toString()));
        }
        commandLine.addAll(List.of("unshare", "--mount", "--root=" + rootfs, "--mount-proc"));
        if (pid1) {
            commandLine.addAll(List.of("--pid", "--fork"));
        }
        commandLine.addAll(List.of("--setuid=" + user, "--setgid=" + user,
                "/opt/jinit/bin/java", "-m", "dev.jinit.cli", "--", "/bin/sh", "-c", PAYLOAD));
        try (JinitProcess jinit = JinitProcess.withoutJinit(List.of(), commandLine)) {
            assertThat(jinit.awaitExit()).as(jinit.failure("").getMessage()).isEqualTo(7);
            assertThat(jinit.stdout()).containsExactly("uid=" + user, readOnly ? "root=ro" : "root=rw", "zombies=0",
                    "got TERM");
            // The payload's shell complains that there is no /dev/null; jinit itself says nothing.
            assertThat(jinit.stderr()).as("jinit is quiet by default").noneMatch(line -> line.contains("[jinit]"));
        }
    }

    private static Set<String> libraries(Path... binaries) {
        List<String> command = new ArrayList<>(List.of("ldd"));
        Stream.of(binaries).map(Path::toString).forEach(command::add);
        String output = ExternalCommand.run(command).requireSuccess().stdout();
        Set<String> libraries = new TreeSet<>();
        Matcher matcher = LIBRARY.matcher(output);
        while (matcher.find()) {
            if (!matcher.group(1).startsWith(IMAGE.toString()) && Files.exists(Path.of(matcher.group(1)))) {
                libraries.add(matcher.group(1));
            }
        }
        return libraries;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(path -> {
                try {
                    Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
