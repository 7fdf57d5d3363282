package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When jinit's own resources fail it keeps going, or says what failed in one line: never a hang or a stack trace. */
class FaultTest {
    private static final List<String> JINIT = List.of(
            Path.of(System.getProperty("jinit.image", "target/jinit"), "bin", "java").toString(), "-m", "dev.jinit.cli");
    private static final String NONROOT = "65532";

    @Test
    void closedStdoutAndStderrDoNotStopJinit() {
        try (JinitProcess jinit = JinitProcess.start(List.of("sh", "-c", "exec \"$@\" >&- 2>&-", "sh"),
                JinitProcess.Placement.PID_1, List.of("-vv", "--", "sh", "-c", "trap '' USR1; kill -USR1 1; exit 3"))) {
            assertThat(jinit.awaitExit()).isEqualTo(3);
        }
    }

    @Test
    void brokenPipeOnStderrDoesNotStopJinit() throws Exception {
        List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc"));
        command.addAll(JINIT);
        // The shell ignores the USR1s that jinit forwards back to it, whenever they arrive.
        command.addAll(List.of("-vv", "--", "sh", "-c", "trap '' USR1; sleep 0.5; for i in 1 2 3; do kill -USR1 1; done; exit 3"));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // Nobody reads jinit's stderr any more: its log lines meet EPIPE.
        process.getErrorStream().close();
        assertThat(process.waitFor(JinitProcess.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(3);
    }

    @Test
    void tooFewDescriptorsGiveOneLineOrWork() {
        // Below 5 the JVM itself cannot start; from 8 on, jinit has all it needs.
        for (int limit = 5; limit <= 8; limit++) {
            try (JinitProcess jinit = JinitProcess.start(List.of("prlimit", "--nofile=" + limit),
                    JinitProcess.Placement.SUBREAPER, List.of("--", "sh", "-c", "exit 3"))) {
                int status = jinit.awaitExit();
                assertThat(status).as("RLIMIT_NOFILE %d, stderr %s", limit, jinit.stderr()).isIn(1, 3);
                if (status == 1) {
                    assertThat(jinit.stderr()).as("RLIMIT_NOFILE %d", limit).isNotEmpty()
                            .allMatch(line -> line.startsWith("[jinit] ERROR ") && line.contains("Too many open files"));
                }
            }
        }
    }

    /**
     * RLIMIT_NPROC counts threads: as a user with no other process, a limit just above the JVM's
     * own threads leaves none for the command. Some limits stop the JVM itself (its own message),
     * one leaves none for the JDK's cleaner thread (one line from jinit); at least one must reach
     * jinit's spawn and fail there with one line. Never a stack trace.
     */
    @Test
    void spawnFailingForWantOfProcessesGivesOneLineAndStatus1() {
        String spawnFailed = "[jinit] ERROR cannot run 'sh': posix_spawnp: Resource temporarily unavailable (EAGAIN)";
        String noThreadLeft = "[jinit] ERROR cannot start: unable to create native thread: "
                + "possibly out of memory or process/resource limits reached";
        boolean spawnReached = false;
        for (int limit = 9; limit <= 16; limit++) {
            List<String> launcher = List.of("setpriv", "--reuid=" + NONROOT, "--regid=" + NONROOT, "--clear-groups",
                    "prlimit", "--nproc=" + limit);
            try (JinitProcess jinit = JinitProcess.start(launcher, JinitProcess.Placement.SUBREAPER,
                    List.of("--", "sh", "-c", "exit 3"))) {
                int status = jinit.awaitExit();
                assertThat(jinit.stderr()).as("RLIMIT_NPROC %d", limit).noneMatch(line -> line.startsWith("\tat "));
                List<String> jinitLines = jinit.stderr().stream().filter(line -> line.startsWith("[jinit]")).toList();
                if (!jinitLines.isEmpty()) {
                    assertThat(jinitLines).as("RLIMIT_NPROC %d", limit).singleElement().isIn(spawnFailed, noThreadLeft);
                    assertThat(status).isEqualTo(1);
                    spawnReached |= jinitLines.getFirst().equals(spawnFailed);
                }
            }
        }
        assertThat(spawnReached).as("some RLIMIT_NPROC from 9 to 16 made posix_spawnp fail").isTrue();
    }

    /**
     * A fault of jinit's own (a thread of its second JVM reads address 8), which jinit's handling of
     * sent fault signals must not swallow: it ends in HotSpot's crash report on stderr, no hs_err
     * file, rather than in a loop. The report's first lines ('#') still go to stdout: HotSpot 25
     * writes them to descriptor 1 whatever its options.
     */
    @Test
    void aFaultOfJinitsOwnEndsInTheJvmsCrashReport(@TempDir Path directory) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", directory.toString(),
                "unshare", "--pid", "--fork", "--mount-proc", JINIT.getFirst(), "--add-modules", "dev.jinit.cli",
                "--add-exports", "dev.jinit.cli/dev.jinit.cli=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-cp", Path.of(FaultingJinit.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString(),
                FaultingJinit.class.getName(), "--", "sleep", "100"));
        try (JinitProcess jinit = JinitProcess.withoutJinit(List.of(), command)) {
            assertThat(jinit.awaitExit()).isNotZero();
            assertThat(jinit.stderr()).contains("reading address 8", "# A fatal error has been detected by the Java Runtime Environment:")
                    .anyMatch(line -> line.startsWith("#  SIGSEGV (0xb) at pc="))
                    .anyMatch(line -> line.startsWith("---------------  T H R E A D  ---------------"))
                    .anyMatch(line -> line.startsWith("Current thread ") && line.contains("\"faulting\""))
                    .noneMatch(line -> line.contains("sent by kill"));
        }
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).as("files left in jinit's working directory").isEmpty();
        }
    }

    @Test
    void childThatStopsItselfIsContinuedThroughJinit() {
        try (JinitProcess jinit = JinitProcess.asPid1("--", "sh", "-c", "echo stopping; kill -STOP $$; echo resumed; exit 5")) {
            jinit.awaitLine("stopping");
            // Not /proc/PID/task/PID/children: jinit spawns from a thread that is not its main one.
            jinit.awaitTrue("a stopped child", () -> ProcessHandle.of(jinit.jinitPid()).stream()
                    .flatMap(ProcessHandle::children).anyMatch(child -> ProcessState.isStopped(child.pid())));
            jinit.signal(Signals.SIGCONT);
            jinit.awaitLine("resumed");
            assertThat(jinit.awaitExit()).isEqualTo(5);
        }
    }
}
