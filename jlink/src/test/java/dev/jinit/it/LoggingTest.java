package dev.jinit.it;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.it.JinitProcess.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * jinit's log: quiet by default, on stderr only, one line per message prefixed {@code [jinit]}
 * and the level; its verbosity from -v, JINIT_VERBOSITY, TINI_VERBOSITY or DUMB_INIT_DEBUG; and
 * tini's -w, a warning for every orphan reaped.
 */
class LoggingTest {
    private static final Pattern LOG_LINE = Pattern.compile("\\[jinit] (ERROR|WARN|INFO|DEBUG|TRACE) \\S.*");
    private static final String REAPED_WARNING = "[jinit] WARN reaped zombie pid ";

    /** INFO: the command starts and ends; DEBUG: jinit reaps the orphan. */
    @ParameterizedTest(name = "{0} jinit {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                 | ''  | ''",
        "''                                 | -v  | INFO",
        "''                                 | -vv | INFO DEBUG",
        "JINIT_VERBOSITY=2                  | ''  | INFO DEBUG",
        "TINI_VERBOSITY=3                   | ''  | INFO DEBUG",
        "TINI_VERBOSITY=2                   | ''  | INFO",
        "DUMB_INIT_DEBUG=1                  | ''  | INFO DEBUG",
        "JINIT_VERBOSITY=0 TINI_VERBOSITY=3 | ''  | ''",
        "JINIT_VERBOSITY=2                  | -v  | INFO",
    })
    void verbosityFollowsFlagThenJinitThenTiniOrDumbInitVariables(String environment, String flags, String levels) {
        try (JinitProcess jinit = Launchers.startAsPid1(environment, flags, Orphans.REAPED_WHILE_THE_COMMAND_RUNS)) {
            assertThat(jinit.awaitExit()).as("exit status, stderr %s", jinit.stderr()).isZero();
            assertThat(jinit.stdout()).singleElement().asString().startsWith("orphan ");
            assertEveryLineIsALogLine(jinit.stderr());
            Set<String> logged = jinit.stderr().stream().map(line -> line.split(" ")[1]).collect(toSet());
            Set<String> expected = levels.isBlank() ? Set.of() : Set.of(levels.split(" "));
            assertThat(logged).as("levels in %s", jinit.stderr()).isEqualTo(expected);
        }
    }

    /** jinit logs the command it starts at INFO; a shell script is often written on several lines. */
    @Test
    void commandWrittenOnSeveralLinesIsLoggedOnOne() {
        try (JinitProcess jinit = JinitProcess.asSubreaper("-v", "sh", "-c", "echo first\necho second")) {
            assertThat(jinit.awaitExit()).as("exit status, stderr %s", jinit.stderr()).isZero();
            assertThat(jinit.stdout()).containsExactly("first", "second");
            assertEveryLineIsALogLine(jinit.stderr());
        }
    }

    /** -s is tini's too: accepted, and as a subreaper jinit is the one that adopts the orphan. */
    @ParameterizedTest
    @EnumSource(Placement.class)
    void warnOnReapNamesTheOrphanReaped(Placement placement) {
        List<String> arguments = new ArrayList<>(List.of("-s", "-w"));
        arguments.addAll(Orphans.REAPED_WHILE_THE_COMMAND_RUNS);
        try (JinitProcess jinit = JinitProcess.start(List.of(), placement, arguments)) {
            assertThat(jinit.awaitExit()).as("exit status, stderr %s", jinit.stderr()).isZero();
            assertThat(jinit.stdout()).hasSize(1);
            assertThat(jinit.stderr()).containsExactly(REAPED_WARNING + Orphans.pidIn(jinit.stdout().getFirst()));
        }
    }

    /**
     * Orphans still running when the command ends get SIGTERM and are reaped before jinit exits;
     * run directly, jinit would otherwise hand their zombies to its own parent. They end one by
     * one, so some end while jinit looks for what is left: it must wait until all are reaped, not
     * until none is running.
     */
    @Test
    void everyOrphanStoppedAtShutdownIsReapedBeforeJinitExits() {
        int orphans = 5;
        List<String> arguments = new ArrayList<>(List.of("-w"));
        arguments.addAll(Orphans.leftForShutdown(orphans));
        try (JinitProcess jinit = JinitProcess.asSubreaper(arguments.toArray(String[]::new))) {
            assertThat(jinit.awaitExit()).as("exit status, stderr %s", jinit.stderr()).isZero();
            assertThat(jinit.stdout()).hasSize(orphans);
            List<String> warnings = jinit.stdout().stream().map(line -> REAPED_WARNING + Orphans.pidIn(line)).toList();
            assertThat(jinit.stderr()).containsExactlyInAnyOrderElementsOf(warnings);
        }
    }

    private static void assertEveryLineIsALogLine(List<String> stderr) {
        assertThat(stderr).as("stderr").allMatch(line -> LOG_LINE.matcher(line).matches());
    }
}
