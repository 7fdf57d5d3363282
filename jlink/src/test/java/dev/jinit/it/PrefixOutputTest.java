package dev.jinit.it;

import static dev.jinit.it.SeveralCommands.shell;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --prefix-output}: every line comes out whole, as {@code [NAME] line}, on the stream it was written to. */
class PrefixOutputTest {
    private static final int LINES = 2000;
    /**
     * Run as {@code sh -c WRITER NAME DIRECTORY LINES}. Waits until both writers (a and b) are
     * there, busily so that they start within microseconds of each other, then writes LINES
     * numbered lines of about 100 characters as fast as it can, through awk's block buffer (so
     * writes end in the middle of lines), then one line on stderr.
     */
    private static final String WRITER = """
            touch "$1/$0"
            until [ -e "$1/a" ] && [ -e "$1/b" ]; do :; done
            awk -v name="$0" -v lines="$2" 'BEGIN {
              pad = sprintf("%090d", 0)
              for (i = 1; i <= lines; i++) printf "%s %04d %s\\n", name, i, pad
            }'
            echo "$0 on stderr" >&2
            """;
    /** What WRITER writes, prefixed: the name, twice, then the line's number. */
    private static final Pattern WHOLE_PREFIXED_LINE = Pattern.compile("\\[(a|b)] \\1 (\\d{4}) 0{90}");

    @Test
    void concurrentCommandsLinesComeOutWholeInOrderOnTheirOwnStream(@TempDir Path directory) {
        String[] writerArguments = {directory.toString(), String.valueOf(LINES)};
        try (JinitProcess jinit = SeveralCommands.asPid1(List.of("--prefix-output"),
                List.of(shell("a", WRITER, writerArguments), shell("b", WRITER, writerArguments)))) {
            assertThat(jinit.awaitExit()).isZero();
            List<String> stdout = jinit.stdout();
            assertThat(stdout).filteredOn(line -> !WHOLE_PREFIXED_LINE.matcher(line).matches())
                    .as("stdout lines that are not one whole line with its prefix").isEmpty();
            Map<String, List<Integer>> numbersByName = stdout.stream().map(WHOLE_PREFIXED_LINE::matcher)
                    .filter(Matcher::matches)
                    .collect(Collectors.groupingBy(line -> line.group(1),
                            Collectors.mapping(line -> Integer.valueOf(line.group(2)), Collectors.toList())));
            List<Integer> everyLineInOrder = IntStream.rangeClosed(1, LINES).boxed().toList();
            assertThat(numbersByName).containsOnlyKeys("a", "b");
            numbersByName.forEach((name, numbers) ->
                    assertThat(numbers).as("numbers of %s's lines", name).isEqualTo(everyLineInOrder));
            assertThat(jinit.stderr()).containsExactlyInAnyOrder("[a] a on stderr", "[b] b on stderr");
        }
    }
}
