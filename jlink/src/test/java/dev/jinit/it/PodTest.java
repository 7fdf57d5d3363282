package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kubernetes Pod run by {@code podman kube play}: two containers of jinit's image, both running
 * jinit as their distroless non-root user on a read-only root filesystem, sharing the pod's
 * network namespace and, with {@code shareProcessNamespace}, its PID namespace (the pause process
 * is PID 1, each jinit a child subreaper).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodTest {
    private static final Path ARCHIVE = Path.of(System.getProperty("jinit.oci.archive", "target/jinit-oci.tar"));
    private static final String LOADED = "localhost/" + System.getProperty("jinit.oci.image.name", "jinit:0.1.0-SNAPSHOT");
    /** Its own name: other runs on this machine load theirs under the image's name. */
    private static final String IMAGE = "localhost/jinit-pod-test:" + ProcessHandle.current().pid();
    private static final String POD = "jinit-it-pod";
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();
    /**
     * The main command traps SIGTERM; a helper it started with setsid, in a session of its own, is
     * stopped by jinit's sweep. Each writes what it got to /out.
     */
    private static final String COMMAND = """
            setsid sh -c 'trap "echo TERM > /out/$NAME-helper; exit 0" TERM; while :; do sleep 0.05; done' &
            trap 'echo TERM > /out/$NAME-main; exit 0' TERM
            echo up > /out/$NAME-up
            while :; do sleep 0.05; done
            """;

    @TempDir
    static Path directory;
    private static Path tools;
    private static Path out;
    private static Path containersConf;

    @BeforeAll
    static void loadImageAndPlayThePod() throws IOException {
        assertThat(Podman.isInstalled()).as("podman is not installed: run scripts/test-prerequisites.sh").isTrue();
        Podman.call("load", "--input", ARCHIVE.toString()).requireSuccess();
        Podman.call("tag", LOADED, IMAGE).requireSuccess();
        tools = Files.createDirectory(directory.resolve("tools"));
        out = Files.createDirectory(directory.resolve("out"));
        Files.copy(BUSYBOX, tools.resolve("busybox"));
        for (String applet : List.of("sh", "sleep", "setsid")) {
            Files.createSymbolicLink(tools.resolve(applet), Path.of("busybox"));
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tools, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        // This machine's crun cannot raise the rlimits podman asks for by default (see docs/troubleshooting.md).
        containersConf = Files.writeString(directory.resolve("containers.conf"), """
                [containers]
                default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
                """);
        Path pod = Files.writeString(directory.resolve("pod.yaml"), podYaml());
        kube("down", pod.toString());
        kube("play", "--network", "none", pod.toString()).requireSuccess();
        for (String name : List.of("first", "second")) {
            Polling.awaitTrue(name + " to start", () -> Files.exists(out.resolve(name + "-up")), TIMEOUT, POLL_INTERVAL);
        }
    }

    @AfterAll
    static void removeThePod() {
        Podman.call("pod", "rm", "--force", "--ignore", POD);
        Podman.call("rmi", "--ignore", IMAGE);
    }

    private static String podYaml() {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                spec:
                  shareProcessNamespace: true
                  restartPolicy: Never
                  volumes:
                    - {name: tools, hostPath: {path: %s, type: Directory}}
                    - {name: out, hostPath: {path: %s, type: Directory}}
                    - {name: tests, hostPath: {path: %s, type: Directory}}
                  containers:
                """.formatted(POD, tools, out, TEST_CLASSES));
        for (String name : List.of("first", "second")) {
            yaml.append("""
                        - name: %s
                          image: %s
                          args: ["--name", "main", "/tools/sh", "-c", %s]
                          env:
                            - {name: PATH, value: /tools}
                            - {name: NAME, value: %s}
                            - {name: JINIT_STOP_DELAY, value: 2s}
                            - {name: JINIT_TERMINATION_LOG, value: /out/%s-termination-log}
                          securityContext: {readOnlyRootFilesystem: true}
                          volumeMounts:
                            - {name: tools, mountPath: /tools, readOnly: true}
                            - {name: out, mountPath: /out}
                            - {name: tests, mountPath: /tests, readOnly: true}
                    """.formatted(name, IMAGE, json(COMMAND), name, name));
        }
        return yaml.toString();
    }

    @Test
    @Order(1)
    void controlWorksFromExecInItsContainerAndIsRefusedFromTheOther() throws IOException {
        ExternalCommand.Result status = exec("first", "/opt/jinit/bin/java", "-m", "dev.jinit.cli", "--control", "status");
        assertThat(status.status()).as(status.toString()).isZero();
        assertThat(status.stdout()).matches("main: running, pid \\d+, restarts 0, uptime \\d+s\n");
        assertThat(exec("first", "/tools/busybox", "id", "-u").stdout()).as("exec runs as the image's user").isEqualTo("65532\n");
        long firstJinit = Long.parseLong(Podman.call("inspect", "--format", "{{.State.Pid}}", POD + "-first")
                .requireSuccess().stdout().strip());
        assertThat(Files.readString(Path.of("/proc/" + firstJinit + "/status"))).as("jinit runs as the image's user")
                .containsPattern("Uid:\\s+65532\\s");

        // From the second container, at the first one's socket: the same network namespace, and the same PID namespace.
        String firstSocket = "jinit-control-" + Files.readSymbolicLink(Path.of("/proc/" + firstJinit + "/ns/mnt"))
                .toString().replaceAll("\\D", "");
        ExternalCommand.Result neighbour = exec("second", "/opt/jinit/bin/java",
                "--add-exports", "dev.jinit.core/dev.jinit.core.libc=ALL-UNNAMED", "-cp", "/tests",
                RawControlClient.class.getName(), firstSocket, "stop", "main");
        assertThat(neighbour.stdout()).as(neighbour.toString())
                .matches("1 err\nrefused: pid \\d+ of another container \\(mount namespace mnt:\\[\\d+\\]\\)\n");
        assertThat(exec("first", "/opt/jinit/bin/java", "-m", "dev.jinit.cli", "--control", "status").status())
                .as("first's command still runs").isZero();
        assertThat(Podman.call("logs", POD + "-first").requireSuccess().stderr())
                .contains("[jinit] WARN refused control from pid ");
    }

    @Test
    @Order(2)
    void stoppingOneContainerStopsItsOwnProcessesOnlyAfterTheStopDelay() throws IOException {
        Duration stopping = Podman.call("stop", "--time", "10", POD + "-first").requireSuccess().elapsed();
        // A lower bound only: the stop delay holds the stop back at least this long.
        assertThat(stopping).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(Files.readString(out.resolve("first-main"))).isEqualTo("TERM\n");
        assertThat(Files.readString(out.resolve("first-helper"))).as("the setsid helper").isEqualTo("TERM\n");
        assertThat(out.resolve("second-main")).doesNotExist();
        assertThat(out.resolve("second-helper")).doesNotExist();
        assertThat(exec("second", "/opt/jinit/bin/java", "-m", "dev.jinit.cli", "--control", "status").stdout())
                .startsWith("main: running");
        assertThat(Files.readString(out.resolve("first-termination-log"))).isEqualTo("""
                jinit was asked to stop (SIGTERM)
                exit status 0
                """);
        assertThat(Podman.call("inspect", "--format", "{{.State.ExitCode}}", POD + "-first").requireSuccess().stdout())
                .isEqualTo("0\n");
    }

    private static ExternalCommand.Result exec(String container, String... command) {
        List<String> arguments = new ArrayList<>(List.of("exec", POD + "-" + container));
        arguments.addAll(List.of(command));
        return Podman.call(arguments);
    }

    private static ExternalCommand.Result kube(String... arguments) {
        List<String> command = new ArrayList<>(List.of("env", "CONTAINERS_CONF=" + containersConf, "podman", "kube"));
        command.addAll(List.of(arguments));
        return ExternalCommand.run(command);
    }

    private static String json(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
