package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI image archive, read by a tool that is not ours (skopeo): it is a valid image whose blobs
 * match their digests, and its one layer holds the runtime image, the glibc files it loads and
 * nothing else: no shell, no package manager.
 */
class OciArchiveTest {
    private static final Path ARCHIVE = Path.of(System.getProperty("jinit.oci.archive", "target/jinit-oci.tar"));

    @TempDir
    static Path copied;
    private static List<String> layerEntries;

    @BeforeAll
    static void copyTheArchiveWithSkopeo() throws IOException {
        // skopeo checks each blob against its digest and size as it copies.
        run("skopeo", "copy", "--quiet", "oci-archive:" + ARCHIVE, "dir:" + copied);
        String manifest = Files.readString(copied.resolve("manifest.json"));
        String layerDigest = manifest.replaceAll("(?s).*\"layers\":\\[\\{[^}]*\"digest\":\"sha256:([0-9a-f]{64})\".*", "$1");
        layerEntries = run("tar", "--list", "--gzip", "--file", copied.resolve(layerDigest).toString()).lines()
                .map(entry -> entry.replaceFirst("/$", "")).toList();
    }

    @Test
    void isOneLayerImageForThisMachine() {
        String architecture = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
        assertThat(run("skopeo", "inspect", "--format", "{{.Os}} {{.Architecture}} {{len .Layers}}", "dir:" + copied))
                .isEqualTo("linux " + architecture + " 1\n");
    }

    @Test
    void holdsTheRuntimeImageAndTheDynamicLoader() {
        assertThat(layerEntries).contains("opt/jinit/bin/java", "opt/jinit/lib/server/libjvm.so",
                "opt/jinit/lib/server/classes.jsa", "opt/jinit/lib/modules", "etc/passwd", "etc/group", "tmp", "proc");
        assertThat(layerEntries).anyMatch(entry -> entry.matches("lib64/ld-linux-x86-64\\.so\\.2|lib/ld-linux-aarch64\\.so\\.1"));
        assertThat(layerEntries).anyMatch(entry -> entry.endsWith("/libc.so.6"));
    }

    @Test
    void holdsNothingButTheImageGlibcAndEtc() {
        Stream<String> outsideTheImage = layerEntries.stream().filter(entry -> !entry.startsWith("opt/jinit"));
        assertThat(outsideTheImage).allMatch(entry -> entry.matches(
                "opt|etc|etc/(passwd|group)|proc|sys|dev|tmp|lib|lib64|lib/[a-z0-9_]+-linux-gnu|.*/(ld-linux[-a-z0-9_]*|lib(c|dl|m|pthread|rt))\\.so\\.[0-9]+"),
                "only glibc and /etc/passwd, /etc/group besides the image");
        assertThat(layerEntries).noneMatch(entry -> entry.matches("(.*/)?(sh|bash|dash|busybox)"));
    }

    private static String run(String... command) {
        return ExternalCommand.run(command).requireSuccess().stdout();
    }
}
