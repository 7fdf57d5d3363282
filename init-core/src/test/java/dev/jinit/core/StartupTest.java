package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartupTest {
    /** Stage 1's options go where they override stage 0's: after the image's own (the program) or after jinit's argument file. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "java -m dev.jinit.cli -- sleep 1 | 3 | java -XX:TieredStopAtLevel=1 -Xss1m -m dev.jinit.cli -- sleep 1",
        "java @lib/jinit.args -m dev.jinit.cli -- sleep 1 | 3 | java @lib/jinit.args -XX:TieredStopAtLevel=1 -Xss1m -m dev.jinit.cli -- sleep 1",
        "java @/opt/app/lib/jinit.args -Xmx8m --module=dev.jinit.cli -- @x | 2 | java @/opt/app/lib/jinit.args -XX:TieredStopAtLevel=1 -Xss1m -Xmx8m --module=dev.jinit.cli -- @x",
        "java @a @b -m dev.jinit.cli -v -- true | 3 | java @a @b -XX:TieredStopAtLevel=1 -Xss1m -m dev.jinit.cli -v -- true",
        "java @launch-jinit.args -- true | 2 | java -XX:TieredStopAtLevel=1 -Xss1m @launch-jinit.args -- true",
    })
    void stage1OptionsFollowTheProgramOrTheLastArgumentFile(String commandLine, int mainArguments, String expected) {
        assertThat(words(Startup.withStage1Options(bytes(commandLine), mainArguments, " -XX:TieredStopAtLevel=1  -Xss1m")))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"java @lib/jinit.args -m dev.jinit.cli -- true | ''", "java -m dev.jinit.cli -- true | ' '"})
    void noOptionsLeaveTheCommandLineAsItWas(String commandLine, String options) {
        assertThat(words(Startup.withStage1Options(bytes(commandLine), 2, options))).isEqualTo(commandLine);
    }

    private static List<byte[]> bytes(String words) {
        return Arrays.stream(words.split(" ")).map(word -> word.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static String words(List<byte[]> bytes) {
        return String.join(" ", bytes.stream().map(word -> new String(word, StandardCharsets.UTF_8)).toList());
    }
}
