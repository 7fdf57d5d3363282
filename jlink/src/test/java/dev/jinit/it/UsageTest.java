package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** jinit's own statuses and messages: one stderr line for each error, nothing on stdout. Run directly (no PID 1 needed). */
class UsageTest {
    @ParameterizedTest(name = "jinit {0}")
    @CsvSource(delimiter = '|', value = {
        "--bogus true | --bogus",
        "-x           | -x",
        "''           | COMMAND",
        "--           | COMMAND",
        "-v           | COMMAND",
        "-g -c true   | --single-child",
    })
    void badCommandLineExits2WithOneLine(String arguments, String named) {
        assertFailsWithOneLine(2, arguments.isEmpty() ? List.of() : List.of(arguments.split(" ")), named);
    }

    @Test
    void commandNotFoundExits127() {
        assertFailsWithOneLine(127, List.of("nonexistent-cmd"), "nonexistent-cmd");
    }

    @Test
    void commandNotExecutableExits126(@TempDir Path directory) throws IOException {
        Path script = Files.writeString(directory.resolve("not-executable"), "#!/bin/sh\necho ran\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        assertFailsWithOneLine(126, List.of(script.toString()), script.toString());
    }

    @ParameterizedTest(name = "jinit {0}")
    @ValueSource(strings = {"--help", "--version"})
    void helpAndVersionExit0OnStdout(String option) {
        try (JinitProcess jinit = JinitProcess.asSubreaper(option)) {
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).anyMatch(line -> line.contains("jinit"));
            assertThat(jinit.stderr()).isEmpty();
        }
    }

    @Test
    void shellLauncherExecsSoJinitKeepsItsPid() {
        Path launcher = Path.of(System.getProperty("jinit.image", "target/jinit"), "bin", "jinit");
        try (JinitProcess jinit = JinitProcess.withoutJinit(List.of(),
                List.of(launcher.toString(), "--", "sh", "-c", "echo $PPID; cat /proc/$PPID/comm"))) {
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).containsExactly(String.valueOf(jinit.jinitPid()), "jinit");
        }
    }

    /** The image's first JVM does not compile; the re-executed one gets C1 back on its command line. */
    @Test
    void reExecutedJvmGetsTheImagesStage1OptionsAheadOfTheModule() {
        try (JinitProcess jinit = JinitProcess.asSubreaper("--", "sh", "-c", "tr '\\0' ' ' < /proc/$PPID/cmdline")) {
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).singleElement().asString()
                    .matches("\\S+/bin/java -XX:TieredStopAtLevel=1 -m dev\\.jinit\\.cli -- sh -c .*");
        }
    }

    /**
     * Started with its signals blocked and the suspend/resume signal moved, the first JVM is ready:
     * it reads the command line itself and runs the command without the exec (no stage 1 options).
     */
    @Test
    void aJvmStartedReadyReadsTheCommandLineAndRunsWithoutTheExec() {
        List<String> readyLauncher = List.of("env", "--block-signal", "_JAVA_SR_SIGNUM=64");
        try (JinitProcess jinit = JinitProcess.start(readyLauncher, JinitProcess.Placement.SUBREAPER,
                List.of("-e", "7", "--", "sh", "-c", "tr '\\0' ' ' < /proc/$PPID/cmdline; exit 7"))) {
            assertThat(jinit.awaitExit()).as("7 is expected: 0, stderr %s", jinit.stderr()).isZero();
            assertThat(jinit.stdout()).singleElement().asString()
                    .matches("\\S+/bin/java -m dev\\.jinit\\.cli -e 7 -- sh -c .*");
        }
    }

    private static void assertFailsWithOneLine(int status, List<String> arguments, String named) {
        try (JinitProcess jinit = JinitProcess.asSubreaper(arguments.toArray(String[]::new))) {
            assertThat(jinit.awaitExit()).as("exit status, stderr %s", jinit.stderr()).isEqualTo(status);
            assertThat(jinit.stderr()).singleElement().asString().contains(named);
            assertThat(jinit.stdout()).isEmpty();
        }
    }
}
