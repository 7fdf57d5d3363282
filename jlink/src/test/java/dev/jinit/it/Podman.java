package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.it.ExternalCommand.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code podman} command line, run for real through {@link ExternalCommand}. Containers are started detached with the options this machine kind
 * needs (see {@link #MACHINE_OPTIONS}) and removed by {@link Container#close()}.
 */
final class Podman {
    /**
     * podman's default rlimits are its own raised to the maximum, and crun's setrlimit of those
     * fails here with EPERM (the sandbox withholds CAP_SYS_RESOURCE); explicit limits below the
     * hard ones work everywhere.
     */
    static final List<String> MACHINE_OPTIONS = List.of("--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096");
    /** For containers of an image: none of them needs a network. */
    private static final List<String> NO_NETWORK = List.of("--network", "none");

    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final Path TINI = Path.of("/usr/bin/tini-static");

    private Podman() {}

    /**
     * The payload's tools, for a read-only bind mount at {@code /tools} (jinit's image has no
     * shell): a static busybox with {@code applets} linked to it, and tini's static build.
     */
    static void copyTools(Path directory, List<String> applets) throws IOException {
        assertThat(BUSYBOX).as("busybox-static: run scripts/test-prerequisites.sh").isExecutable();
        assertThat(TINI).as("tini (its static build): run scripts/test-prerequisites.sh").isExecutable();
        Files.copy(BUSYBOX, directory.resolve("busybox"));
        Files.copy(TINI, directory.resolve("tini"));
        for (String applet : applets) {
            Files.createSymbolicLink(directory.resolve(applet), Path.of("busybox"));
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static boolean isInstalled() {
        try {
            return call(List.of("--version")).status() == 0;
        } catch (UncheckedIOException notThere) {
            return false;
        }
    }

    /** {@code podman ARGUMENTS}, waited for. */
    static Result call(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(arguments);
        return ExternalCommand.run(command);
    }

    static Result call(String... arguments) {
        return call(List.of(arguments));
    }

    /**
     * {@code podman run --detach --name NAME MACHINE_OPTIONS --network none OPTIONS IMAGE COMMAND...};
     * options may set the entrypoint, the init, the user and the limits.
     */
    static Container start(String name, List<String> options, String image, List<String> command) {
        List<String> arguments = new ArrayList<>(NO_NETWORK);
        arguments.addAll(options);
        arguments.add(image);
        arguments.addAll(command);
        return run(name, arguments);
    }

    /**
     * {@code podman run --detach --name NAME MACHINE_OPTIONS OPTIONS --rootfs ROOTFS COMMAND...}: a
     * container of a root file system laid out in a directory, with no image to build or load.
     */
    static Container startFromRootfs(String name, List<String> options, Path rootfs, List<String> command) {
        List<String> arguments = new ArrayList<>(options);
        arguments.addAll(List.of("--rootfs", rootfs.toString()));
        arguments.addAll(command);
        return run(name, arguments);
    }

    private static Container run(String name, List<String> arguments) {
        List<String> run = new ArrayList<>(List.of("run", "--detach", "--name", name));
        run.addAll(MACHINE_OPTIONS);
        run.addAll(arguments);
        call("rm", "--force", "--ignore", name);
        call(run).requireSuccess();
        return new Container(name);
    }

    /** A container started by {@link #start} or {@link #startFromRootfs}; closing it removes it, running or not. */
    record Container(String name) implements AutoCloseable {
        /** The host pid of the container's PID 1 (0 once it has ended). */
        long pid() {
            return Long.parseLong(inspect("{{.State.Pid}}"));
        }

        String inspect(String format) {
            return call("inspect", "--format", format, name).requireSuccess().stdout().strip();
        }

        /** Waits for the container to end and returns its exit code, as the runtime reports it ({@code podman wait} prints it). */
        int awaitExit() {
            return Integer.parseInt(call("wait", name).requireSuccess().stdout().strip());
        }

        Result logs() {
            return call("logs", name).requireSuccess();
        }

        /** {@code podman stop -t SECONDS}: the stop signal, then SIGKILL when the time is up. */
        Duration stop(int seconds) {
            return call("stop", "--time", String.valueOf(seconds), name).requireSuccess().elapsed();
        }

        void kill(String signal) {
            call("kill", "--signal", signal, name).requireSuccess();
        }

        @Override
        public void close() {
            call("rm", "--force", "--ignore", name);
        }
    }

    /**
     * The limit that the kernel enforces on a process's {@code memory} (bytes) or {@code pids}
     * cgroup, read from the cgroup file system: version 1 (a hierarchy per controller) or 2.
     */
    static long cgroupLimit(long pid, String controller) {
        return cgroupValue(pid, controller, controller.equals("memory") ? "memory.limit_in_bytes" : "pids.max",
                controller + ".max");
    }

    /** How many pids a process's {@code pids} cgroup holds now. */
    static long cgroupCurrent(long pid, String controller) {
        return cgroupValue(pid, controller, controller + ".current", controller + ".current");
    }

    private static long cgroupValue(long pid, String controller, String version1File, String version2File) {
        try {
            Path unified = null;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "cgroup"))) {
                String[] fields = line.split(":", 3); // hierarchy id, controllers, path
                if (fields[1].equals(controller)) {
                    return Long.parseLong(Files.readString(Path.of("/sys/fs/cgroup", controller, fields[2], version1File)).strip());
                }
                if (fields[0].equals("0")) {
                    unified = Path.of("/sys/fs/cgroup", fields[2], version2File);
                }
            }
            assertThat(unified).as("a " + controller + " cgroup for " + pid).isNotNull();
            return Long.parseLong(Files.readString(unified).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
