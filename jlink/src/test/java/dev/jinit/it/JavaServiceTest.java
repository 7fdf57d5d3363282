package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.it.Podman.Container;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Java service with jinit in its own runtime image (examples/java-service, readied by
 * scripts/add-jinit-to-image.sh), against the two-runtime layout: jinit's image, and the JDK for the
 * service. Both run in podman (crun) from a root file system laid out as jinit's OCI image's is (the
 * runtimes and the glibc files they load, no shell), jinit as PID 1 and the service its command,
 * and are stopped with {@code podman stop}. Measured in the same run, the layouts taking turns: size,
 * start-up to the service's first answer, resident and proportional memory of jinit and of the
 * service; {@code target/java-service-report.md} gets the table.
 */
class JavaServiceTest {
    private static final Path SHARED_IMAGE = Path.of(System.getProperty("jinit.service.image", "../examples/java-service/target/image"));
    private static final Path JINIT_IMAGE = Path.of(System.getProperty("jinit.image", "target/jinit"));
    private static final Path SERVICE_JAR = SHARED_IMAGE.resolveSibling("java-service-1.0.jar");
    private static final Path JDK = Path.of(System.getProperty("java.home"));
    private static final Path STAGE_ROOTFS = Path.of("src/main/oci/stage-rootfs.sh");
    /** Where the example's build readies its image to be run from (its image.install.dir). */
    private static final String INSTALL_DIR = "/opt/app";
    private static final String SERVICE = "example.service/example.service.HelloService";
    /** Containers per layout: each is timed, measured and stopped. */
    private static final int RUNS = 3;
    /** From the service's first answer to the memory reading: the JVMs' start-up work is over by then. */
    private static final Duration SETTLING = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    enum Layout {
        SHARED("one runtime: the service's image with jinit's modules"),
        TWO_RUNTIMES("two runtimes: jinit's image and the JDK");

        final String title;

        Layout(String title) {
            this.title = title;
        }

        List<String> command(int port) {
            List<String> jinit = switch (this) {
                case SHARED -> List.of(INSTALL_DIR + "/bin/java", "@" + INSTALL_DIR + "/lib/jinit.args", "-m", "dev.jinit.cli", "--",
                        INSTALL_DIR + "/bin/java");
                case TWO_RUNTIMES -> List.of("/opt/jinit/bin/java", "-m", "dev.jinit.cli", "--",
                        "/opt/java/bin/java", "--module-path", "/opt/service");
            };
            List<String> command = new ArrayList<>(jinit);
            command.addAll(List.of("-m", SERVICE, String.valueOf(port)));
            return command;
        }
    }

    /** One container's figures, in microseconds and KiB. */
    record Reading(long startupMicros, long jinitRssKib, long jinitPssKib, long serviceRssKib, long servicePssKib) {}

    @TempDir
    static Path work;
    private static final Map<Layout, Path> ROOTFS = new EnumMap<>(Layout.class);
    private static final Map<Layout, List<Reading>> READINGS = new EnumMap<>(Layout.class);

    @BeforeAll
    static void stageRootFileSystems() {
        assertThat(Podman.isInstalled()).as("podman is not installed: run scripts/test-prerequisites.sh").isTrue();
        assertThat(SHARED_IMAGE.resolve("lib/jinit.args")).as("the example's image: build examples/java-service").exists();
        Path shared = work.resolve("shared");
        stage(SHARED_IMAGE, shared, INSTALL_DIR);
        // A copy of the JDK: a runtime in another file, as in an image of its own, whose pages no
        // process outside the container shares (this JVM runs on the JDK itself).
        Path twoRuntimes = work.resolve("two-runtimes");
        stage(JINIT_IMAGE, twoRuntimes, "/opt/jinit");
        ExternalCommand.run("cp", "-a", JDK.toString(), twoRuntimes.resolve("opt/java").toString()).requireSuccess();
        ExternalCommand.run("mkdir", twoRuntimes.resolve("opt/service").toString()).requireSuccess();
        ExternalCommand.run("cp", SERVICE_JAR.toString(), twoRuntimes.resolve("opt/service").toString()).requireSuccess();
        ROOTFS.put(Layout.SHARED, shared);
        ROOTFS.put(Layout.TWO_RUNTIMES, twoRuntimes);
    }

    private static void stage(Path image, Path rootfs, String installDir) {
        ExternalCommand.run(STAGE_ROOTFS.toString(), image.toString(), rootfs.toString(), installDir.substring(1)).requireSuccess();
    }

    /**
     * The layouts take turns, each container started, timed until the service answers, measured
     * once settled, and stopped: jinit forwards SIGTERM, the service's shutdown hook stops its
     * server, and the container's status is the JVM's 143.
     */
    @Test
    void bothLayoutsRunTheServiceAndStopItCleanly() {
        for (int run = 0; run < RUNS; run++) {
            for (Layout layout : Layout.values()) {
                READINGS.computeIfAbsent(layout, unused -> new ArrayList<>()).add(runOnce(layout));
            }
        }
    }

    private static Reading runOnce(Layout layout) {
        int port = freePort();
        String name = "jinit-it-service-" + layout.name().toLowerCase(Locale.ROOT).replace('_', '-');
        long start = System.nanoTime();
        try (Container container = Podman.startFromRootfs(name, List.of("--network", "host", "--read-only"),
                ROOTFS.get(layout), layout.command(port))) {
            Polling.awaitTrue("the service to answer on port " + port, () -> answers(port), TIMEOUT, POLL_INTERVAL);
            long startupMicros = (System.nanoTime() - start) / 1000;
            Polling.sleep(SETTLING);
            long jinit = container.pid();
            List<ProcessHandle> children = ProcessHandle.of(jinit).orElseThrow().children().toList();
            assertThat(children).as("jinit's children").hasSize(1);
            long service = children.getFirst().pid();
            assertThat(JinitProcess.commandName(jinit)).isEqualTo("jinit");
            Reading reading = new Reading(startupMicros, ProcessState.residentKib(jinit), ProcessState.proportionalKib(jinit),
                    ProcessState.residentKib(service), ProcessState.proportionalKib(service));
            Duration stopping = container.stop(10);
            int status = container.awaitExit();
            assertThat(status).as(layout.title + ": the status of podman stop").isEqualTo(143);
            assertThat(stopping).isLessThan(Duration.ofSeconds(5));
            assertThat(container.logs().stdout()).as("the service's output")
                    .contains("hello-service: listening on port " + port, "hello-service: stopped");
            return reading;
        }
    }

    /**
     * jinit's argument file given by a relative or an absolute path: the re-executed JVM (same
     * directory, same command line) reads it too, and runs with C1 as stage 1 should (its options
     * come after the file's), both JVMs with jinit's AOT cache (no class read from the image's
     * modules). The image's file names the cache where it is installed; here, where it was built.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"relative", "absolute"})
    void theArgumentFileServesBothJvmStarts(String path) throws IOException {
        Path argumentFile = work.resolve("jinit.args");
        Files.writeString(argumentFile, Files.readString(SHARED_IMAGE.resolve("lib/jinit.args"))
                .replace(INSTALL_DIR + "/", SHARED_IMAGE.toAbsolutePath() + "/"));
        List<String> command = new ArrayList<>(Launchers.inDirectory(work));
        command.addAll(List.of(SHARED_IMAGE.toAbsolutePath().resolve("bin/java").toString(),
                "@" + (path.equals("relative") ? "jinit.args" : argumentFile.toString()),
                "-Xlog:class+load=info", "-m", "dev.jinit.cli", "--", "sh", "-c", "cat /proc/$PPID/task/*/comm"));
        List<String> output = ExternalCommand.run(command).requireSuccess().stdout().lines().toList();
        assertThat(output).filteredOn(line -> line.contains("[class,load] ")).hasSizeGreaterThan(2000)
                .noneMatch(line -> line.contains("source: jrt:/"));
        assertThat(output).contains("jinit", "C1 CompilerThre").doesNotContain("Training replay");
    }

    @AfterAll
    static void writeReport() throws IOException {
        ContainerReport report = new ContainerReport();
        for (Layout layout : READINGS.keySet()) {
            report.add("root file system on disk (runtimes, glibc files)", layout.title, mib(kibOnDisk(ROOTFS.get(layout))));
            report.add("`podman run` to the service's first answer (median of " + RUNS + ")", layout.title,
                    String.format(Locale.ROOT, "%.0f ms", median(layout, Reading::startupMicros) / 1000.0));
            report.add("jinit: resident / proportional (Pss)", layout.title,
                    mib(median(layout, Reading::jinitRssKib)) + " / " + mib(median(layout, Reading::jinitPssKib)));
            report.add("service: resident / proportional (Pss)", layout.title,
                    mib(median(layout, Reading::serviceRssKib)) + " / " + mib(median(layout, Reading::servicePssKib)));
            report.add("jinit + service, proportional (Pss)", layout.title,
                    mib(median(layout, reading -> reading.jinitPssKib() + reading.servicePssKib())));
        }
        report.write(Path.of("target/java-service-report.md"));
    }

    private static long median(Layout layout, ToLongFunction<Reading> figure) {
        long[] values = READINGS.get(layout).stream().mapToLong(figure).sorted().toArray();
        return values[values.length / 2];
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    private static long kibOnDisk(Path directory) {
        return Long.parseLong(ExternalCommand.run("du", "-sk", directory.toString()).requireSuccess().stdout().split("\t")[0]);
    }

    /** Whether the service answers {@code GET /} with hello: HTTP/1.0, so the server closes the connection. */
    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return response.startsWith("HTTP/1.1 200") && response.endsWith("\r\n\r\nhello\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
