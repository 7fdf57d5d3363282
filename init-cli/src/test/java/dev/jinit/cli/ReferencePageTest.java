package dev.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/reference.md cannot fall behind the command line: every option, environment variable,
 * command option and exit status that jinit's command line declares has a row of its own there.
 */
class ReferencePageTest {
    private static final Path REFERENCE = Path.of(System.getProperty("jinit.reference", "../docs/reference.md")).normalize();
    private static final Pattern VARIABLE = Pattern.compile("\\b(?:JINIT|TINI|DUMB_INIT)_[A-Z_]+");
    private static final Pattern LONG_OPTION = Pattern.compile("--[a-z][a-z-]*");
    /** A table cell's separator; {@code \|} is a | inside a cell. */
    private static final Pattern CELL_SEPARATOR = Pattern.compile("(?<!\\\\)\\|");

    private static final CommandSpec SPEC = JinitCommand.commandLine().getCommandSpec();
    /** The first cell of every row of every table of the page. */
    private static List<String> firstCells;

    @BeforeAll
    static void readTables() throws IOException {
        firstCells = Files.readAllLines(REFERENCE).stream()
                .filter(line -> line.startsWith("|") && !line.startsWith("|---"))
                .map(line -> CELL_SEPARATOR.split(line)[1].strip())
                .toList();
        assertThat(firstCells).as("tables in " + REFERENCE).hasSizeGreaterThan(20);
    }

    @Test
    void everyNameOfEveryOptionHasARow() {
        for (OptionSpec option : SPEC.options()) {
            for (String name : option.names()) {
                assertHasRow(name);
            }
        }
    }

    @Test
    void everyEnvironmentVariableTheHelpNamesHasARow() {
        Set<String> variables = new TreeSet<>();
        for (OptionSpec option : SPEC.options()) {
            variables.addAll(matches(VARIABLE, String.join(" ", option.description())));
        }
        assertThat(variables).contains("JINIT_GRACE", "TINI_KILL_PROCESS_GROUP", "DUMB_INIT_SETSID");
        variables.forEach(ReferencePageTest::assertHasRow);
    }

    @Test
    void everyCommandOptionHasARow() {
        // The command options are read by ProgramSpecs, not picocli: those the help's footer names, and
        // those ProgramSpecs lists when it rejects an unknown one.
        Set<String> options = new TreeSet<>(matches(LONG_OPTION, String.join(" ", SPEC.usageMessage().footer())));
        assertThatThrownBy(() -> ProgramSpecs.parse(List.of("--no-such-option", "x")))
                .isInstanceOf(UsageException.class)
                .satisfies(e -> options.addAll(matches(LONG_OPTION, e.getMessage())));
        options.remove("--no-such-option");
        assertThat(options).contains("--name", "--restart-window", "--before");
        options.forEach(ReferencePageTest::assertHasRow);
    }

    @Test
    void everyExitStatusHasARow() {
        assertThat(SPEC.usageMessage().exitCodeList()).isNotEmpty();
        for (String status : SPEC.usageMessage().exitCodeList().keySet()) {
            assertThat(firstCells).as(REFERENCE + " has a row for exit status " + status).contains(status.strip());
        }
    }

    /** A row whose first cell holds {@code name} in backticks, alone or followed by its value (`--grace DURATION`). */
    private static void assertHasRow(String name) {
        Pattern named = Pattern.compile("`" + Pattern.quote(name) + "[` =]");
        assertThat(firstCells).as(REFERENCE + " has a row for " + name)
                .anyMatch(cell -> named.matcher(cell).find());
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
