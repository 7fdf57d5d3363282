package dev.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jinit.core.Forwarding;
import dev.jinit.core.InitOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static final Settings.Flags NO_FLAGS = new Settings.Flags(null, null, null, null, null, null, null, null, null, null, null, 0);

    private static InitOptions options(Map<String, String> environment, Settings.Flags flags) throws UsageException {
        return new Settings(environment).options(flags);
    }

    private static Settings.Flags withMode(Boolean group, Boolean single) {
        return new Settings.Flags(group, single, null, null, null, null, null, null, null, null, null, 0);
    }

    @Test
    void defaultsToProcessGroupAndFiveSecondsGrace() throws UsageException {
        InitOptions options = options(Map.of(), NO_FLAGS);
        assertThat(options.forwarding()).isEqualTo(Forwarding.PROCESS_GROUP);
        assertThat(options.grace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.rewrites().apply(15)).isEqualTo(15);
        assertThat(options.expectedExitCodes()).isEmpty();
        assertThat(options.parentDeathSignal()).isZero();
        assertThat(options.warnOnReap()).isFalse();
    }

    @Test
    void flagWinsOverJinitVariableWhichWinsOverPeersVariables() throws UsageException {
        Map<String, String> singleEverywhere = Map.of("JINIT_SINGLE_CHILD", "1", "DUMB_INIT_SETSID", "0");
        assertThat(options(singleEverywhere, withMode(true, null)).forwarding()).isEqualTo(Forwarding.PROCESS_GROUP);
        assertThat(options(singleEverywhere, NO_FLAGS).forwarding()).isEqualTo(Forwarding.SINGLE_CHILD);
        assertThat(options(Map.of("JINIT_PROCESS_GROUP", "1", "DUMB_INIT_SETSID", "0"), NO_FLAGS).forwarding())
                .isEqualTo(Forwarding.PROCESS_GROUP);
        assertThat(options(Map.of("DUMB_INIT_SETSID", "0"), NO_FLAGS).forwarding()).isEqualTo(Forwarding.SINGLE_CHILD);
        assertThat(options(Map.of("DUMB_INIT_SETSID", "1"), NO_FLAGS).forwarding()).isEqualTo(Forwarding.PROCESS_GROUP);
        assertThat(options(Map.of("TINI_KILL_PROCESS_GROUP", ""), NO_FLAGS).forwarding())
                .isEqualTo(Forwarding.PROCESS_GROUP);

        Settings.Flags graceFlag = new Settings.Flags(null, null, "1s", null, null, null, null, null, null, null, null, 0);
        assertThat(options(Map.of("JINIT_GRACE", "9s"), graceFlag).grace()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options(Map.of("JINIT_GRACE", "9s"), NO_FLAGS).grace()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void verbosityFromFlagsOrAnyToolsVariable() throws UsageException {
        assertThat(new Settings(Map.of("JINIT_VERBOSITY", "3")).verbosity(
                new Settings.Flags(null, null, null, null, null, null, null, null, null, null, null, 1))).isEqualTo(1);
        assertThat(new Settings(Map.of("JINIT_VERBOSITY", "3", "TINI_VERBOSITY", "1")).verbosity(NO_FLAGS)).isEqualTo(3);
        assertThat(new Settings(Map.of("TINI_VERBOSITY", "3")).verbosity(NO_FLAGS)).isEqualTo(2);
        assertThat(new Settings(Map.of("DUMB_INIT_DEBUG", "1")).verbosity(NO_FLAGS)).isEqualTo(2);
        assertThat(new Settings(Map.of()).verbosity(NO_FLAGS)).isZero();
    }

    @Test
    void rewritesByNameOrNumberAndDrops() throws UsageException {
        Settings.Flags flags = new Settings.Flags(null, null, null, List.of("TERM:INT", "1:0", "SIGRTMIN+1:usr1"),
                null, null, null, null, null, null, null, 0);
        InitOptions options = options(Map.of("JINIT_REWRITE", "2:3"), flags);
        assertThat(options.rewrites().apply(15)).isEqualTo(2);
        assertThat(options.rewrites().apply(1)).isZero();
        assertThat(options.rewrites().apply(35)).isEqualTo(10);
        assertThat(options.rewrites().apply(2)).as("flags replace the variable's list").isEqualTo(2);
        assertThat(options(Map.of("JINIT_REWRITE", "TERM:INT, 15:2 HUP:0"), NO_FLAGS).rewrites().apply(1)).isZero();
    }

    /** dumb-init: TSTP, TTIN and TTOU become STOP in its setsid mode only, and -r wins. */
    @Test
    void terminalStopsBecomeStopInProcessGroupModeUnlessRewritten() throws UsageException {
        assertThat(options(Map.of(), NO_FLAGS).rewrites().apply(20)).isEqualTo(19);
        assertThat(options(Map.of("DUMB_INIT_SETSID", "0"), NO_FLAGS).rewrites().apply(20)).isEqualTo(20);
        assertThat(options(Map.of(), withMode(null, true)).rewrites().apply(21)).isEqualTo(21);
        assertThat(options(Map.of("JINIT_REWRITE", "TSTP:TSTP"), NO_FLAGS).rewrites().apply(20)).isEqualTo(20);
        assertThat(options(Map.of("JINIT_REWRITE", "TSTP:TSTP"), NO_FLAGS).rewrites().apply(22)).isEqualTo(19);
    }

    @Test
    void expectedExitCodesAndParentDeathSignal() throws UsageException {
        InitOptions options = options(Map.of("JINIT_EXPECT_EXIT", "143,130", "JINIT_PARENT_DEATH_SIGNAL", "SIGKILL",
                "JINIT_WARN_ON_REAP", "yes"), NO_FLAGS);
        assertThat(options.expectedExitCodes()).containsExactlyInAnyOrder(143, 130);
        assertThat(options.parentDeathSignal()).isEqualTo(9);
        assertThat(options.warnOnReap()).isTrue();
    }

    @Test
    void stopDelayAndTerminationLogFromFlagOrVariable() throws UsageException {
        InitOptions fromVariables = options(Map.of("JINIT_STOP_DELAY", "5s", "JINIT_TERMINATION_LOG", "/tmp/why"), NO_FLAGS);
        assertThat(fromVariables.stopDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fromVariables.terminationLog()).isEqualTo(Path.of("/tmp/why"));
        InitOptions fromFlags = options(Map.of("JINIT_STOP_DELAY", "5s"),
                new Settings.Flags(null, null, null, null, null, null, null, null, null, "250ms", "/tmp/flag", 0));
        assertThat(fromFlags.stopDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(fromFlags.terminationLog()).isEqualTo(Path.of("/tmp/flag"));
        assertThat(options(Map.of(), NO_FLAGS).stopDelay()).isZero();
    }

    @Test
    void badValuesNameTheirSource() {
        assertThatThrownBy(() -> options(Map.of(), withMode(true, true))).isInstanceOf(UsageException.class)
                .hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> options(Map.of("JINIT_SINGLE_CHILD", "maybe"), NO_FLAGS))
                .hasMessage("JINIT_SINGLE_CHILD='maybe' is not a boolean (use 1 or 0)");
        assertThatThrownBy(() -> options(Map.of("JINIT_REWRITE", "TERM"), NO_FLAGS))
                .hasMessageStartingWith("JINIT_REWRITE: 'TERM' is not FROM:TO");
        assertThatThrownBy(() -> options(Map.of(), new Settings.Flags(null, null, null, List.of("TERM:NOPE"), null, null,
                null, null, null, null, null, 0))).hasMessageStartingWith("--rewrite (-r): unknown signal 'NOPE'");
        assertThatThrownBy(() -> options(Map.of("JINIT_REWRITE", "HUP:33"), NO_FLAGS))
                .hasMessage("JINIT_REWRITE: 'HUP:33': jinit does not send signal 33, glibc's own");
        assertThatThrownBy(() -> options(Map.of(), new Settings.Flags(null, null, null, List.of("TERM:INT", "32:1"), null,
                null, null, null, null, null, null, 0))).hasMessage("--rewrite (-r): '32:1': jinit does not forward SIG32, so it cannot"
                + " rewrite it (it forwards every signal but ILL, BUS, FPE, KILL, SEGV, CHLD, STOP, 32, 33, RTMAX)");
        assertThatThrownBy(() -> options(Map.of("JINIT_EXPECT_EXIT", "256"), NO_FLAGS))
                .hasMessage("JINIT_EXPECT_EXIT: '256' is not an exit code from 0 to 255");
        assertThatThrownBy(() -> options(Map.of("JINIT_PARENT_DEATH_SIGNAL", "0"), NO_FLAGS))
                .hasMessageStartingWith("JINIT_PARENT_DEATH_SIGNAL: unknown signal '0'");
        assertThatThrownBy(() -> options(Map.of("JINIT_GRACE", "-1"), NO_FLAGS))
                .hasMessageStartingWith("JINIT_GRACE: '-1' is not a duration");
        assertThatThrownBy(() -> options(Map.of("JINIT_STOP_DELAY", "soon"), NO_FLAGS))
                .hasMessageStartingWith("JINIT_STOP_DELAY: 'soon' is not a duration");
        assertThatThrownBy(() -> options(Map.of("JINIT_TERMINATION_LOG", " "), NO_FLAGS))
                .hasMessage("JINIT_TERMINATION_LOG: no file named");
        assertThatThrownBy(() -> new Settings(Map.of("TINI_VERBOSITY", "lots")).verbosity(NO_FLAGS))
                .hasMessageStartingWith("TINI_VERBOSITY='lots'");
    }
}
