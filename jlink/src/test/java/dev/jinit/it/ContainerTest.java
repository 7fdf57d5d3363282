package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.it.Podman.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * jinit's OCI image artifact, loaded into podman and run by its OCI runtime (crun), side by side in
 * the same run with tini copied into the container and with the runtime's own {@code --init}
 * (catatonit). The image has no shell: the payloads run a static busybox from a read-only bind
 * mount ({@code /tools}) and leave what they saw in a writable one ({@code /out}). Every case
 * checks jinit and records what each init did; {@code target/container-report.md} gets the table.
 */
class ContainerTest {
    private static final Path ARCHIVE = Path.of(System.getProperty("jinit.oci.archive", "target/jinit-oci.tar"));
    /** What {@code podman load} names the image: an unqualified name goes to localhost/. */
    private static final String IMAGE = "localhost/" + System.getProperty("jinit.oci.image.name", "jinit:0.1.0-SNAPSHOT");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Between two looks at the bind mount or /proc: podman's own steps take tens of milliseconds. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final ContainerReport REPORT = new ContainerReport();

    /** Who is PID 1 of the container. */
    enum Init {
        JINIT("jinit"),
        TINI("tini"),
        /** podman's {@code --init}: catatonit, bind-mounted at /run/podman-init. */
        RUNTIME_INIT("podman --init (catatonit)"),
        NONE("no init");

        final String title;

        Init(String title) {
            this.title = title;
        }

        /** The options that put this init in front of {@code command}, and what podman runs after the image name. */
        List<String> options(List<String> command) {
            List<String> entrypoint = switch (this) {
                case JINIT -> List.of();
                case TINI -> List.of("/tools/tini", "--", command.getFirst());
                case RUNTIME_INIT, NONE -> List.of(command.getFirst());
            };
            List<String> options = new ArrayList<>();
            if (this == RUNTIME_INIT) {
                options.add("--init");
            }
            if (!entrypoint.isEmpty()) {
                options.addAll(List.of("--entrypoint", json(entrypoint)));
            }
            return options;
        }

        List<String> arguments(List<String> command) {
            return this == JINIT ? command : command.subList(1, command.size());
        }
    }

    @TempDir
    static Path tools;
    @TempDir
    Path out;

    @BeforeAll
    static void loadImageAndTools() throws IOException {
        assertThat(Podman.isInstalled()).as("podman is not installed: run scripts/test-prerequisites.sh").isTrue();
        ExternalCommand.Result loaded = Podman.call("load", "--input", ARCHIVE.toString()).requireSuccess();
        assertThat(loaded.stdout()).contains("Loaded image: " + IMAGE);
        Podman.copyTools(tools, List.of("sh", "sleep", "setsid", "cat", "dd"));
    }

    @Test
    void theLoadedImageRunsJinitAsTheDistrolessNonrootUser() {
        assertThat(Podman.call("image", "inspect", "--format", "{{json .Config.Entrypoint}} {{.Config.User}}", IMAGE)
                .requireSuccess().stdout()).isEqualTo("[\"/opt/jinit/bin/java\",\"-m\",\"dev.jinit.cli\",\"--\"] 65532:65532\n");
    }

    @AfterAll
    static void writeReport() throws IOException {
        REPORT.write(Path.of("target/container-report.md"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Init.class)
    void stopEndsASleepWithoutWaitingForTheTimeout(Init init) {
        try (Container container = start("stop", init, List.of(), List.of("/tools/sleep", "1000"))) {
            // podman run --detach returns once the container has started: its PID 1 does not change.
            long pid1 = container.pid();
            Polling.awaitTrue("sleep to run in the container", () -> runsSleep(pid1), TIMEOUT, POLL_INTERVAL);
            Duration stopping = container.stop(10);
            int status = container.awaitExit();
            REPORT.add("`podman stop -t 10` of `sleep 1000`: time, status", init.title,
                    String.format(Locale.ROOT, "%.2f s, %d", stopping.toMillis() / 1000.0, status));
            if (init == Init.JINIT) {
                assertThat(status).isEqualTo(143);
                assertThat(stopping).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Init.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aDetachedHelperGetsSigtermWhenTheMainCommandExits(Init init) throws IOException {
        String script = """
                setsid sh -c 'trap "echo got TERM > /out/helper; exit 0" TERM; echo up > /out/helper-up; \
                while :; do sleep 0.1; done' &
                while [ ! -e /out/helper-up ]; do sleep 0.05; done
                exit 0
                """;
        try (Container container = start("helper", init, List.of(), shell(script))) {
            int status = container.awaitExit();
            boolean termed = Files.exists(out.resolve("helper"));
            REPORT.add("main command exits, a `setsid` helper that traps SIGTERM is left: helper got SIGTERM",
                    init.title, termed ? "yes (status " + status + ")" : "no: SIGKILLed (status " + status + ")");
            if (init == Init.JINIT) {
                assertThat(status).isZero();
                assertThat(Files.readString(out.resolve("helper"))).isEqualTo("got TERM\n");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Init.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void killUsr1AndUsr2ReachTheChild(Init init) throws IOException {
        try (Container container = start("kill", init, List.of(), shell(TRAPS_USR1_AND_USR2))) {
            awaitFile("up");
            container.kill("USR1");
            Polling.awaitTrue("USR1 to reach the child", () -> lines("signals").contains("got USR1"), TIMEOUT, POLL_INTERVAL);
            container.kill("USR2");
            Polling.awaitTrue("USR2 to reach the child", () -> lines("signals").contains("got USR2"), TIMEOUT, POLL_INTERVAL);
            container.stop(10);
            int status = container.awaitExit();
            REPORT.add("`podman kill -s USR1`, then `-s USR2`: reached the child; then `podman stop`: status",
                    init.title, String.join(", ", lines("signals")) + "; " + status);
            assertThat(lines("signals")).containsExactly("got USR1", "got USR2");
            if (init == Init.JINIT) {
                assertThat(status).isEqualTo(143);
            }
        }
    }

    /**
     * ILL, BUS, FPE and SEGV sent to PID 1 twice each, which HotSpot would take for faults of its
     * own: PID 1 keeps running (jinit forwards them, the others leave them alone, as the kernel
     * does for a PID 1 without a handler), and the working directory, writable, gets no crash file.
     * USR1 after them tells when the init has handled what came before.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Init.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void faultSignalsSentToPid1LeaveItRunning(Init init) {
        List<String> faults = List.of("ILL", "BUS", "FPE", "SEGV");
        List<String> options = List.of("--workdir", "/tmp", "--env", "JINIT_VERBOSITY=2");
        try (Container container = start("sent-faults", init, options, shell(TRAPS_FAULTS_AND_USR1))) {
            awaitFile("up");
            if (init == Init.JINIT) {
                Polling.awaitTrue("jinit to guard them", () -> container.logs().stderr().lines()
                        .anyMatch(SignalForwardingTest.GUARDING_FAULTS::equals), TIMEOUT, POLL_INTERVAL);
            }
            for (String signal : faults) {
                container.kill(signal);
                container.kill(signal);
            }
            container.kill("USR1");
            Polling.awaitTrue("USR1 to reach the child", () -> lines("signals").contains("got USR1"), TIMEOUT, POLL_INTERVAL);
            if (init == Init.JINIT) {
                Polling.awaitTrue("the fault signals to reach the child",
                        () -> lines("signals").containsAll(faults.stream().map(signal -> "got " + signal).toList()),
                        TIMEOUT, POLL_INTERVAL);
            }
            String running = container.inspect("{{.State.Running}}");
            List<String> crashFiles = Podman.call("diff", container.name()).requireSuccess().stdout().lines()
                    .filter(line -> line.contains("hs_err") || line.contains("core")).toList();
            List<String> got = lines("signals").stream().filter(line -> !line.equals("got USR1")).distinct().toList();
            REPORT.add("`podman kill -s` ILL, BUS, FPE, SEGV (twice each): PID 1 running; the child got; crash files",
                    init.title, running + "; " + (got.isEmpty() ? "none" : String.join(", ", got)) + "; "
                            + (crashFiles.isEmpty() ? "none" : String.join(", ", crashFiles)));
            assertThat(running).isEqualTo("true");
            assertThat(crashFiles).isEmpty();
            if (init == Init.JINIT) {
                container.stop(10);
                assertThat(container.awaitExit()).isEqualTo(143);
                assertThat(container.logs().stdout()).isEmpty();
            }
        }
    }

    /** Writes /out/up, then notes each ILL, BUS, FPE, SEGV and USR1 in /out/signals. */
    private static final String TRAPS_FAULTS_AND_USR1 = """
            for signal in ILL BUS FPE SEGV USR1; do trap "echo got $signal >> /out/signals" $signal; done
            echo up > /out/up
            while :; do sleep 0.05; done
            """;

    /** Writes /out/up, then notes each USR1 and USR2 in /out/signals. */
    private static final String TRAPS_USR1_AND_USR2 = """
            trap 'echo got USR1 >> /out/signals' USR1
            trap 'echo got USR2 >> /out/signals' USR2
            echo up > /out/up
            while :; do sleep 0.05; done
            """;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "JINIT, exit 0, 0", "JINIT, exit 3, 3", "JINIT, kill -KILL $$, 137", "JINIT, kill -TERM $$, 143",
        "TINI, exit 0, 0", "TINI, exit 3, 3", "TINI, kill -KILL $$, 137", "TINI, kill -TERM $$, 143",
        "RUNTIME_INIT, exit 0, 0", "RUNTIME_INIT, exit 3, 3", "RUNTIME_INIT, kill -KILL $$, 137",
        "RUNTIME_INIT, kill -TERM $$, 143"})
    void theRuntimeReportsTheChildsStatus(Init init, String script, int expected) {
        try (Container container = start("status", init, List.of(), shell(script))) {
            int status = container.awaitExit();
            REPORT.add("status reported by `podman inspect` for `" + script + "`", init.title,
                    String.valueOf(status));
            if (init == Init.JINIT) {
                assertThat(status).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Init.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void readOnlyNonrootWithMemoryAndPidsLimits(Init init) throws IOException {
        List<String> limits = List.of("--read-only", "--user", "65532:65532", "--memory", "48m", "--pids-limit", "64");
        try (Container container = start("limits", init, limits, shell(TRAPS_USR1_AND_USR2))) {
            awaitFile("up");
            container.kill("USR1");
            Polling.awaitTrue("USR1 to reach the child", () -> lines("signals").contains("got USR1"), TIMEOUT, POLL_INTERVAL);
            long pid1 = container.pid();
            long residentKib = ProcessState.residentKib(pid1);
            assertThat(Podman.cgroupLimit(pid1, "memory")).isEqualTo(48L * 1024 * 1024);
            assertThat(Podman.cgroupLimit(pid1, "pids")).isEqualTo(64);
            Duration stopping = container.stop(10);
            int status = container.awaitExit();
            REPORT.add("`--read-only --user 65532:65532 --memory 48m --pids-limit 64`: USR1 forwarded; "
                    + "init's resident memory; `podman stop`: time, status", init.title,
                    String.format(Locale.ROOT, "%s; %.1f MiB; %.2f s, %d", String.join(", ", lines("signals")),
                            residentKib / 1024.0, stopping.toMillis() / 1000.0, status));
            assertThat(lines("signals")).containsExactly("got USR1");
            if (init == Init.JINIT) {
                assertThat(status).isEqualTo(143);
                assertThat(stopping).isLessThan(Duration.ofSeconds(5));
                assertThat(residentKib).isLessThan(48 * 1024);
            }
        }
    }

    /**
     * A command that needs 40 MB for a moment in a 48 MB container without swap: beside tini it
     * fits, beside jinit's own 12-17 MB of private memory it cannot, and the OOM killer must take
     * the command, not PID 1. With a restart policy, jinit starts it again.
     */
    @ParameterizedTest(name = "{0}, restarts: {1}")
    @CsvSource({"JINIT, 0", "JINIT, 2", "TINI, 0", "RUNTIME_INIT, 0"})
    void theOomKillerTakesTheCommandNotPid1(Init init, int restarts) {
        String script = "echo up > /out/up; while [ ! -e /out/go ]; do sleep 0.05; done; "
                + "exec dd if=/dev/zero of=/dev/null bs=40M count=1";
        List<String> command = new ArrayList<>();
        if (init == Init.JINIT) {
            command.addAll(List.of("--name", "dd"));
            if (restarts > 0) {
                command.addAll(List.of("--restart", "on-failure", "--restart-delay", "0.1s", "--restart-limit",
                        String.valueOf(restarts)));
            }
        }
        command.addAll(shell(script));
        try (Container container = start("oom-" + restarts, init, List.of("--memory", "48m", "--memory-swap", "48m"),
                command)) {
            awaitFile("up");
            long pid1 = container.pid();
            String memory = String.format(Locale.ROOT, "%.1f / %.1f MiB", ProcessState.residentKib(pid1) / 1024.0,
                    ProcessState.privateKib(pid1) / 1024.0);
            touch("go");
            int status = container.awaitExit();
            List<String> errors = container.logs().stderrLines();
            long oomKills = errors.stream().filter(line -> line.endsWith("was killed by the OOM killer")).count();
            REPORT.add("`--memory 48m --memory-swap 48m`, the command needs 40 MB" + (restarts > 0 ? ", restarted "
                    + restarts + " times" : "") + ": init's resident / private memory; status; OOM kills reported",
                    init.title, memory + "; " + status + "; " + oomKills);
            if (init == Init.JINIT) {
                assertThat(status).isEqualTo(137);
                assertThat(oomKills).as("stderr: %s", errors).isEqualTo(restarts + 1);
                assertThat(errors).allMatch(line -> line.startsWith("[jinit] "));
            }
        }
    }

    /**
     * A fork bomb keeps the pid table at {@code --pids-limit}: a restarting helper cannot always
     * be started, yet jinit keeps trying, keeps its output relayed, and stops quickly and gracefully.
     */
    @Test
    void aForkBombAtThePidsLimitStopsNeitherRestartsNorAGracefulStop() throws IOException {
        List<String> command = List.of("--name", "main", "--watch", "/tools/sh", "-c",
                "trap 'echo graceful > /out/main; exit 0' TERM; echo up > /out/up; while :; do sleep 0.1; done",
                "---", "--name", "helper", "--restart", "always", "--restart-delay", "0.2s", "--restart-max-delay", "0.5s",
                "--restart-limit", "1000", "/tools/sh", "-c", "echo started; sleep 0.3; exit 1",
                "---", "--name", "bomb", "/tools/sh", "-c", "while :; do sleep 1000 & done");
        List<String> limits = List.of("--pids-limit", "128", "--env", "JINIT_PREFIX_OUTPUT=1");
        try (Container container = start("forkbomb", Init.JINIT, limits, command)) {
            awaitFile("up");
            long pid1 = container.pid();
            Polling.awaitTrue("the pid table to fill up", () -> Podman.cgroupCurrent(pid1, "pids") >= 120, TIMEOUT,
                    POLL_INTERVAL);
            long before = helperStarts(container);
            Polling.awaitTrue("the helper to be started again with the table full",
                    () -> helperStarts(container) > before, TIMEOUT, POLL_INTERVAL);
            Duration stopping = container.stop(10);
            int status = container.awaitExit();
            REPORT.add("`--pids-limit 128`, a fork bomb beside a restarting helper: helper starts; `podman stop`: "
                    + "time, status, graceful", Init.JINIT.title, String.format(Locale.ROOT, "%d; %.2f s, %d, %s",
                            helperStarts(container), stopping.toMillis() / 1000.0, status, lines("main")));
            assertThat(status).isZero();
            assertThat(lines("main")).containsExactly("graceful");
            assertThat(stopping).isLessThan(Duration.ofSeconds(5));
        }
    }

    private static long helperStarts(Container container) {
        return container.logs().stdoutLines().stream().filter("[helper] started"::equals).count();
    }

    private void touch(String file) {
        try {
            Files.writeString(out.resolve(file), "");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Init.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aMissingCommandGives127AndOneLine(Init init) {
        try (Container container = start("missing", init, List.of(), List.of("/no/such/command"))) {
            int status = container.awaitExit();
            List<String> errors = container.logs().stderrLines();
            REPORT.add("the command does not exist: status; what the init wrote", init.title,
                    status + "; " + (errors.isEmpty() ? "nothing" : "`" + String.join(" / ", errors) + "`"));
            if (init == Init.JINIT) {
                assertThat(status).isEqualTo(127);
                assertThat(errors).singleElement().asString().startsWith("[jinit]").contains("/no/such/command");
            }
        }
    }

    private Container start(String scenario, Init init, List<String> limits, List<String> command) {
        try {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<String> options = new ArrayList<>(List.of("--volume", tools + ":/tools:ro", "--volume", out + ":/out",
                "--env", "PATH=/tools"));
        options.addAll(limits);
        options.addAll(init.options(command));
        return Podman.start("jinit-it-" + scenario + "-" + init.name().toLowerCase(Locale.ROOT), options, IMAGE,
                init.arguments(command));
    }

    private static List<String> shell(String script) {
        return List.of("/tools/sh", "-c", script);
    }

    /** Whether the container's PID 1 (with no init) or one of its descendants is sleep. */
    private static boolean runsSleep(long pid1) {
        return pid1 != 0 && ProcessHandle.of(pid1).stream().flatMap(init -> Stream.concat(Stream.of(init), init.descendants()))
                .anyMatch(process -> "sleep".equals(JinitProcess.commandName(process.pid())));
    }

    private List<String> lines(String file) {
        try {
            return Files.exists(out.resolve(file)) ? Files.readAllLines(out.resolve(file)) : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void awaitFile(String file) {
        Polling.awaitTrue("/out/" + file, () -> Files.exists(out.resolve(file)), TIMEOUT, POLL_INTERVAL);
    }

    private static String json(List<String> strings) {
        StringBuilder json = new StringBuilder("[");
        for (String string : strings) {
            json.append(json.length() > 1 ? "," : "").append('"')
                    .append(string.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return json.append(']').toString();
    }
}
