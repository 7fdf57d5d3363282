package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Forwarding;
import dev.jinit.core.Signals;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each setting comes from its flag, else its {@code JINIT_*} variable, else tini's or dumb-init's
 * variable, else the default; checked by what jinit then does, not by how it parses.
 */
class SettingsPrecedenceTest {
    /**
     * jinit's command, and a grandchild in its process group. On USR1 the command sends USR2 to
     * the grandchild. A USR1 that jinit sent to the whole group reached the grandchild before that
     * (kill(-pgid) signals every member before it returns), and dash runs pending traps lowest
     * number first: once "grandchild got USR2" is written, a missing "grandchild got USR1" stays missing.
     */
    private static final String COMMAND_WITH_GRANDCHILD = """
            trap 'echo command got USR1; kill -USR2 "$grandchild"' USR1
            dash -c 'trap "echo grandchild got USR1" USR1; trap "echo grandchild got USR2" USR2; echo grandchild ready
                while :; do sleep 0.1 & wait $!; done' &
            grandchild=$!
            echo command ready
            while :; do sleep 0.1 & wait $!; done
            """;
    /**
     * Starts a process that reports SIGTERM and keeps running, waits until it has set its trap
     * (it creates the file $1 then) and ends.
     */
    private static final String LEAVES_A_PROCESS_THAT_SURVIVES_TERM = """
            dash -c 'trap "echo leftover got TERM" TERM; touch "$1"; while :; do sleep 0.1 & wait $!; done' leftover "$1" &
            until [ -e "$1" ]; do sleep 0.01; done
            """;

    @ParameterizedTest(name = "{0} jinit {1}")
    @CsvSource(delimiter = '|', value = {
        "JINIT_PROCESS_GROUP=1                          | -c  | SINGLE_CHILD",
        "JINIT_SINGLE_CHILD=1                           | -g  | PROCESS_GROUP",
        "JINIT_SINGLE_CHILD=1 TINI_KILL_PROCESS_GROUP=1 | ''  | SINGLE_CHILD",
        "DUMB_INIT_SETSID=0                             | ''  | SINGLE_CHILD",
        "JINIT_PROCESS_GROUP=1 DUMB_INIT_SETSID=0       | ''  | PROCESS_GROUP",
    })
    void forwardingMode(String environment, String flags, Forwarding expected) {
        List<String> command = List.of("dash", "-c", COMMAND_WITH_GRANDCHILD);
        try (JinitProcess jinit = Launchers.startAsPid1(environment, flags, command)) {
            jinit.awaitLine("command ready");
            jinit.awaitLine("grandchild ready");
            jinit.signal(Signals.SIGUSR1);
            jinit.awaitLine("grandchild got USR2");
            Forwarding observed = jinit.stdout().contains("grandchild got USR1") ? Forwarding.PROCESS_GROUP
                    : Forwarding.SINGLE_CHILD;
            assertThat(observed).as("forwarding seen in %s", jinit.stdout()).isEqualTo(expected);
            assertThat(jinit.stdout()).contains("command got USR1");
        }
    }

    @ParameterizedTest(name = "{0} jinit {1} sh -c ''{2}''")
    @CsvSource(delimiter = '|', value = {
        "JINIT_EXPECT_EXIT=143,130 | ''   | kill -INT $$ | 0",
        "JINIT_EXPECT_EXIT=3       | -e 5 | exit 3       | 3",
    })
    void expectedExitCodes(String environment, String flags, String script, int status) {
        try (JinitProcess jinit = Launchers.startAsPid1(environment, flags, List.of("sh", "-c", script))) {
            assertThat(jinit.awaitExit()).as("exit status, stderr %s", jinit.stderr()).isEqualTo(status);
        }
    }

    /** A flag's list replaces the variable's whole list; 0: not forwarded. */
    @ParameterizedTest(name = "{0} jinit {1}")
    @CsvSource(delimiter = '|', value = {
        "JINIT_REWRITE=USR1:USR2,HUP:0 | ''          | 0 | 12",
        "JINIT_REWRITE=USR1:USR2,HUP:0 | -r USR1:HUP | 1 | 1",
    })
    void rewrites(String environment, String flags, int forwardedForHup, int forwardedForUsr1) {
        List<String> reporter = SignalReporter.command(Signals.SIGHUP, Signals.SIGUSR1, Signals.SIGUSR2);
        try (JinitProcess jinit = Launchers.startAsPid1(environment, flags, reporter)) {
            SignalReporter signals = SignalReporter.awaitReady(jinit);
            // A HUP forwarded is waited for: another HUP while it is pending would merge with it. One not expected
            // would be reported before USR1's: jinit takes the lower number first, and so does the reporter.
            signals.send(Signals.SIGHUP, IntStream.of(forwardedForHup).filter(signal -> signal != 0).toArray());
            signals.send(Signals.SIGUSR1, forwardedForUsr1);
        }
    }

    /** Processes left when the command ends get SIGTERM, and SIGKILL after the grace period; 0: SIGKILL at once. */
    @ParameterizedTest(name = "{0} jinit {1}")
    @CsvSource(delimiter = '|', value = {
        "JINIT_GRACE=0   | ''            | false",
        "JINIT_GRACE=10m | --grace 300ms | true",
    })
    void grace(String environment, String flags, boolean termBeforeKill, @TempDir Path directory) {
        List<String> command = List.of("sh", "-c", LEAVES_A_PROCESS_THAT_SURVIVES_TERM, "leaver",
                directory.resolve("trap-set").toString());
        try (JinitProcess jinit = Launchers.startAsPid1(environment, flags, command)) {
            // Within JinitProcess.TIMEOUT, far less than JINIT_GRACE's 10 minutes.
            assertThat(jinit.awaitExit()).as("exit status, stderr %s", jinit.stderr()).isZero();
            assertThat(jinit.stdout().contains("leftover got TERM")).as("SIGTERM reported in %s", jinit.stdout())
                    .isEqualTo(termBeforeKill);
        }
    }
}
