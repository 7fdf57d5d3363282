package dev.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.ControlRequest;
import dev.jinit.core.ExitCodes;
import dev.jinit.core.Forwarding;
import dev.jinit.core.InitOptions;
import dev.jinit.core.Log;
import dev.jinit.core.Signals;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line and environment, parsed in-process: nothing is started. */
class JinitCommandTest extends ParsingTest {
    @Test
    void controlTakesARequestAndNoCommand() {
        AtomicReference<Plan> launched = new AtomicReference<>();
        assertThat(execute(Map.of(), launched, "--control", "status")).isZero();
        assertThat(requested.get()).isEqualTo(new ControlRequest(ControlRequest.Verb.STATUS, null, 0));
        assertThat(execute(Map.of(), launched, "--control", "signal", "web server", "hup")).isZero();
        assertThat(requested.get()).isEqualTo(new ControlRequest(ControlRequest.Verb.SIGNAL, "web server", Signals.SIGHUP));
        assertThat(execute(Map.of(), launched, "--control", "restart", "--name")).as("a name that looks like an option").isZero();
        assertThat(requested.get().name()).isEqualTo("--name");
        assertThat(launched.get()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--control", "--control status web", "--control stop", "--control stop a b",
        "--control signal web", "--control signal web NOSUCH", "--control kill web", "--control stop web sh -c true",
        "--control stop "})
    void aBadControlRequestIsAUsageError(String commandLine) {
        AtomicReference<Plan> launched = new AtomicReference<>();
        String[] args = commandLine.endsWith(" ") ? new String[] {"--control", "stop", ""} : commandLine.split(" ");
        assertThat(execute(Map.of(), launched, args)).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).startsWith("[jinit] ERROR ").endsWith("(see 'jinit --help')\n")
                .hasLineCount(1);
        assertThat(requested.get()).isNull();
    }

    @Test
    void validCommandLineBecomesAPlanWithTheCommandsPosition() {
        AtomicReference<Plan> launched = new AtomicReference<>();
        assertThat(execute(Map.of(), launched, "-c", "--grace", "2s", "--", "sh", "-c", "exit 3")).isZero();
        assertThat(launched.get().firstCommandArgument()).isEqualTo(4);
        assertThat(launched.get().specs()).singleElement().satisfies(spec -> {
            assertThat(spec.from()).isZero();
            assertThat(spec.to()).isEqualTo(3);
        });
        assertThat(stderr.toString()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "--version", "-V", "-l", "--license"})
    void helpVersionAndLicenseExitZero(String flag) {
        AtomicReference<Plan> launched = new AtomicReference<>();
        assertThat(execute(Map.of(), launched, flag)).isZero();
        assertThat(launched.get()).isNull();
        assertThat(stdout.toString()).isNotEmpty();
    }

    /** Each piece is wrong on its own; they are mixed into otherwise valid command lines. */
    private static final List<List<String>> BAD_PIECES = List.of(
            List.of("--bogus"), List.of("-x"), List.of("-Z"), List.of("--grace"), List.of("--grace", "soon"),
            List.of("--grace", "-1s"), List.of("--grace", "99999h"), List.of("-r", "TERM"), List.of("-r", "TERM:"),
            List.of("-r", "NOPE:INT"), List.of("-r", "15:65"), List.of("-r", "0:15"), List.of("-r", "RTMIN+31:1"),
            List.of("-e", "256"), List.of("-e", "-1"), List.of("-e", "x"), List.of("-e", "1000000000000"),
            List.of("-p", "SIGNOPE"), List.of("-p", "0"), List.of("-p", "65"), List.of("-p", ""),
            List.of("-g", "-c"), List.of("--process-group", "--single-child"), List.of("-e"), List.of("-r"),
            List.of("-p"), List.of("--rewrite=TERM"), List.of("--grace=\u0000"), List.of("-e", "\uD800"),
            List.of("-r", "\uFFFD:TERM"), List.of("--no-such-option=1"));
    private static final List<List<String>> GOOD_PIECES = List.of(
            List.of("-v"), List.of("-vv"), List.of("-w"), List.of("-s"), List.of("-g"), List.of("--grace", "1s"),
            List.of("-r", "TERM:INT"), List.of("-e", "143"), List.of("-p", "KILL"), List.of("--prefix-output"),
            List.of("--hold-on-failure"));
    private static final List<String> BAD_COMMANDS = List.of("--- true", "--restart sometimes true",
            "true ---", "--name", "--watch=1 true", "--before --restart always true", "--restart-limit -1 true",
            "true --- --bogus false", "--grace forever true");

    @Test
    void thousandsOfBadCommandLinesEachExitTwoWithOneLineNamingTheProblem() {
        Random random = new Random(20261125);
        int cases = 0;
        for (int i = 0; i < 3000; i++) {
            List<String> args = new ArrayList<>();
            int goodCount = random.nextInt(3);
            for (int g = 0; g < goodCount; g++) {
                args.addAll(GOOD_PIECES.get(random.nextInt(GOOD_PIECES.size())));
            }
            boolean badCommand = random.nextInt(4) == 0;
            if (!badCommand) {
                args.addAll(random.nextInt(args.size() + 1), BAD_PIECES.get(random.nextInt(BAD_PIECES.size())));
                // Missing values take the next word; keep the command away from the flags.
                if (random.nextBoolean()) {
                    args.add("--");
                    args.add(random.nextBoolean() ? "true" : "x".repeat(random.nextInt(100_000)));
                }
            } else {
                if (args.contains("-g") && args.contains("-c")) {
                    continue;
                }
                args.add("--");
                args.addAll(List.of(BAD_COMMANDS.get(random.nextInt(BAD_COMMANDS.size())).split(" ")));
            }
            assertBadUsage(Map.of(), args);
            cases++;
        }
        assertThat(cases).isGreaterThan(2500);
    }

    @Test
    void badEnvironmentVariablesEachExitTwoWithOneLineNamingTheVariable() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("JINIT_GRACE", "later"), Map.entry("JINIT_REWRITE", "TERM"), Map.entry("JINIT_EXPECT_EXIT", "300"),
                Map.entry("JINIT_PARENT_DEATH_SIGNAL", "NOPE"), Map.entry("JINIT_WARN_ON_REAP", "perhaps"),
                Map.entry("JINIT_HOLD_ON_FAILURE", "2"), Map.entry("JINIT_PREFIX_OUTPUT", "y e s"),
                Map.entry("JINIT_SINGLE_CHILD", "sure"), Map.entry("JINIT_PROCESS_GROUP", "-1"),
                Map.entry("JINIT_VERBOSITY", "loud"), Map.entry("TINI_VERBOSITY", "-3"));
        bad.forEach((variable, value) -> {
            assertBadUsage(Map.of(variable, value), List.of("true"));
            assertThat(stderr.toString()).contains(variable);
        });
        assertBadUsage(Map.of("JINIT_SINGLE_CHILD", "1", "JINIT_PROCESS_GROUP", "1"), List.of("true"));
    }

    @Test
    void shortOptionsClusterAndTakeAttachedOrNextValues() {
        AtomicReference<Plan> launched = new AtomicReference<>();
        assertThat(execute(Map.of(), launched, "-vvw", "-e143", "-e", "130", "-r", "TERM:INT", "cmd", "-v")).isZero();
        InitOptions options = launched.get().options();
        assertThat(Log.enabled(Log.DEBUG)).isTrue();
        assertThat(options.warnOnReap()).isTrue();
        assertThat(options.expectedExitCodes()).containsExactlyInAnyOrder(143, 130);
        assertThat(options.rewrites().apply(15)).isEqualTo(2);
        assertThat(launched.get().firstCommandArgument()).as("the first word that is no option starts the command").isEqualTo(6);
        assertThat(options.forwarding()).isEqualTo(Forwarding.PROCESS_GROUP);
    }

    @Test
    void longOptionsTakeEqualsOrNextValuesAndDoubleDashEndsOptions() {
        AtomicReference<Plan> launched = new AtomicReference<>();
        assertThat(execute(Map.of(), launched, "--grace=2s", "--parent-death-signal", "KILL", "--single-child", "--", "-h"))
                .isZero();
        assertThat(stdout.toString()).as("after --, it is the command's").isEmpty();
        assertThat(launched.get().options().grace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(launched.get().options().parentDeathSignal()).isEqualTo(9);
        assertThat(launched.get().options().forwarding()).isEqualTo(Forwarding.SINGLE_CHILD);
        assertThat(launched.get().firstCommandArgument()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "@arguments-file", "-1"})
    void wordsThatAreNoOptionStartTheCommand(String word) {
        AtomicReference<Plan> launched = new AtomicReference<>();
        assertThat(execute(Map.of(), launched, "-w", "--", word, "x")).isZero();
        assertThat(launched.get().firstCommandArgument()).isEqualTo(2);
        assertThat(execute(Map.of(), launched, "-w", word, "x")).isZero();
        assertThat(launched.get().firstCommandArgument()).as("neither an option nor a file to read").isEqualTo(1);
    }

    @Test
    void aFlagWinsOverItsVariable() {
        AtomicReference<Plan> launched = new AtomicReference<>();
        assertThat(execute(Map.of("JINIT_WARN_ON_REAP", "0", "JINIT_VERBOSITY", "0"), launched, "-vw", "-v", "true")).isZero();
        assertThat(launched.get().options().warnOnReap()).isTrue();
        assertThat(Log.enabled(Log.DEBUG)).isTrue();
    }

    @Test
    void badOptionsAreNamed() {
        for (List<String> args : List.of(List.of("--nope", "true"), List.of("--help", "--nope"),
                List.of("--grace", "1s", "--grace", "2s", "true"), List.of("-p", "1", "-p2", "true"),
                List.of("--process-group=1", "true"), List.of("--warn-on-reap=false", "true"))) {
            assertBadUsage(Map.of(), args);
        }
        assertBadUsage(Map.of(), List.of("-vq", "true"));
        assertThat(stderr.toString()).contains("'-q'");
        assertBadUsage(Map.of(), List.of("-e"));
        assertThat(stderr.toString()).contains("Missing required parameter for option '--expect-exit' (CODE)");
    }

    @Test
    void helpListsEveryOptionWithItsVariablesAndTheExitStatuses() {
        assertThat(execute(Map.of(), new AtomicReference<>(), "--help")).isZero();
        assertThat(stdout.toString()).contains("Usage: jinit [", "--process-group",
                "--single-child", "--grace=DURATION", "--rewrite=FROM:TO", "--expect-exit=CODE",
                "--parent-death-signal=SIGNAL", "--warn-on-reap", "--subreaper", "--hold-on-failure", "--prefix-output",
                "--verbose", "--license", "--version", "JINIT_GRACE", "TINI_KILL_PROCESS_GROUP", "DUMB_INIT_SETSID=0",
                "--restart-window", "Exit status:", "127", "Signals:");
    }
}
