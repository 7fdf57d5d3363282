package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's own process state: {@code --user} (through jinit's exec step) and {@code --workdir},
 * as PID 1 of a namespace.
 */
class CommandStateTest {
    /** The command's ids as the kernel shows them: real, effective, saved and file system, then the groups. */
    private static final String IDS = "grep -E '^(Uid|Gid|Groups):' /proc/self/status | tr -s '\\t ' ' '";

    @Test
    void aCommandRunsAsTheNumbersGivenWithNoOtherGroups() {
        try (JinitProcess jinit = JinitProcess.asPid1("--", "--user", "65532:65532", "sh", "-c", IDS)) {
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).containsExactly("Uid: 65532 65532 65532 65532", "Gid: 65532 65532 65532 65532",
                    "Groups: 65532 ");
        }
    }

    @Test
    void theExecStepLeavesTheCommandNoneOfItsJvmsFiles() {
        // The descriptors of the command with --user and without: the same, none of them the image's (lib/modules).
        String descriptors = "for fd in /proc/$$/fd/*; do readlink $fd; done; true";
        try (JinitProcess as = JinitProcess.asPid1("--", "--user", "65532", "sh", "-c", descriptors);
                JinitProcess plain = JinitProcess.asPid1("--", "sh", "-c", descriptors)) {
            assertThat(as.awaitExit()).isZero();
            assertThat(plain.awaitExit()).isZero();
            assertThat(as.stdout()).noneMatch(target -> target.contains("/lib/modules")).hasSameSizeAs(plain.stdout());
        }
    }

    @Test
    void aNameComesFromTheImagesAccountsAndEachCommandHasItsOwn() {
        // Debian's /etc/passwd: nobody is 65534, in group nogroup (65534).
        try (JinitProcess jinit = JinitProcess.asPid1("--prefix-output", "--", "--name", "nobody", "--user", "nobody",
                "sh", "-c", IDS, "---", "--name", "root", "sh", "-c", IDS)) {
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).containsSubsequence("[nobody] Uid: 65534 65534 65534 65534",
                    "[nobody] Gid: 65534 65534 65534 65534", "[nobody] Groups: 65534 ")
                    .containsSubsequence("[root] Uid: 0 0 0 0", "[root] Gid: 0 0 0 0", "[root] Groups: ");
        }
    }

    @Test
    void theCommandKeepsItsPidSignalsEnvironmentAndJvmVariables() {
        try (JinitProcess jinit = JinitProcess.asPid1("--",
                "--user", "65532", "--env", "MODE=x", "--env", "JAVA_TOOL_OPTIONS=-Dfor.the.command=1", "sh", "-c",
                "trap 'echo got TERM; exit 0' TERM; echo \"$MODE $JAVA_TOOL_OPTIONS\"; while :; do sleep 0.05; done")) {
            jinit.awaitLine("x -Dfor.the.command=1");
            jinit.signal(Signals.SIGTERM);
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).containsExactly("x -Dfor.the.command=1", "got TERM");
            assertThat(jinit.stderr()).as("the exec step's JVM read no option of the command's")
                    .noneMatch(line -> line.contains("Picked up"));
        }
    }

    @Test
    void eachCommandStartsInItsWorkingDirectoryAsItsUser(@TempDir Path directory) {
        try (JinitProcess jinit = JinitProcess.asPid1("--prefix-output", "--",
                "--name", "own", "--workdir", directory.toString(), "--user", "65532", "sh", "-c", "pwd; id -u",
                "---", "--name", "default", "sh", "-c", "pwd; id -u")) {
            assertThat(jinit.awaitExit()).isZero();
            assertThat(jinit.stdout()).containsSubsequence("[own] " + directory, "[own] 65532")
                    .containsSubsequence("[default] " + Path.of("").toAbsolutePath(), "[default] 0");
        }
    }

    @Test
    void anUnknownUserIsAUsageErrorBeforeAnythingStarts() {
        try (JinitProcess jinit = JinitProcess.asPid1("--", "--user", "no-such-user", "sh", "-c", "echo started")) {
            assertThat(jinit.awaitExit()).isEqualTo(2);
            assertThat(jinit.stdout()).isEmpty();
            assertThat(jinit.stderr()).singleElement().asString()
                    .startsWith("[jinit] ERROR command 1: --user: unknown user 'no-such-user'");
        }
    }

    @Test
    void aJinitWithoutThePrivilegeSaysSoBeforeAnythingStarts() {
        List<String> launcher = List.of("unshare", "--pid", "--fork", "--mount-proc",
                "setpriv", "--reuid=65532", "--regid=65532", "--clear-groups");
        try (JinitProcess jinit = JinitProcess.start(launcher, JinitProcess.Placement.SUBREAPER,
                List.of("--", "--user", "0", "sh", "-c", "echo started"))) {
            assertThat(jinit.awaitExit()).isEqualTo(1);
            assertThat(jinit.stdout()).isEmpty();
            assertThat(jinit.stderr()).singleElement().asString().startsWith("[jinit] ERROR sh is to run as 0:0:0, but jinit runs as 65532:65532");
        }
    }

    @Test
    void aMissingProgramGives127AsWithoutUser() {
        // As execvp(3): a directory of PATH that the user may not search would make it 126.
        try (JinitProcess jinit = JinitProcess.start(List.of("env", "PATH=/usr/bin:/bin"), JinitProcess.Placement.PID_1,
                List.of("--", "--user", "65532", "no-such-program"))) {
            assertThat(jinit.awaitExit()).isEqualTo(127);
            assertThat(jinit.stderr()).singleElement().asString().contains("no-such-program");
        }
    }
}
