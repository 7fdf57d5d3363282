package dev.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParsedArgumentsTest {
    @Test
    void shortOptionsClusterAndTakeAttachedOrNextValues() throws UsageException {
        ParsedArguments parsed = ParsedArguments.parse(new String[] {"-vvw", "-e143", "-e", "130", "-r", "TERM:INT", "cmd", "-v"});
        assertThat(parsed.count(Flag.VERBOSE)).isEqualTo(2);
        assertThat(parsed.bool(Flag.WARN_ON_REAP)).isTrue();
        assertThat(parsed.values(Flag.EXPECT_EXIT)).containsExactly("143", "130");
        assertThat(parsed.values(Flag.REWRITE)).containsExactly("TERM:INT");
        assertThat(parsed.commandStart()).as("the first word that is no option starts the command").isEqualTo(6);
        assertThat(parsed.bool(Flag.SINGLE_CHILD)).isNull();
    }

    @Test
    void longOptionsTakeEqualsOrNextValuesAndDoubleDashEndsOptions() throws UsageException {
        ParsedArguments parsed = ParsedArguments.parse(new String[] {"--grace=2s", "--parent-death-signal", "KILL",
            "--single-child", "--", "--help"});
        assertThat(parsed.value(Flag.GRACE)).isEqualTo("2s");
        assertThat(parsed.value(Flag.PARENT_DEATH_SIGNAL)).isEqualTo("KILL");
        assertThat(parsed.bool(Flag.SINGLE_CHILD)).isTrue();
        assertThat(parsed.count(Flag.HELP)).as("after --, it is the command's").isZero();
        assertThat(parsed.commandStart()).isEqualTo(5);
        assertThat(ParsedArguments.parse(new String[] {"-", "x"}).commandStart()).as("a lone - is a word").isZero();
    }

    @Test
    void badOptionsAreNamed() {
        List.of(
                List.of("--nope"), List.of("-q"), List.of("-vq"), List.of("--grace"), List.of("-e"),
                List.of("--warn-on-reap=1"), List.of("--grace", "1s", "--grace", "2s"), List.of("-p", "1", "-p2"))
                .forEach(args -> assertThatThrownBy(() -> ParsedArguments.parse(args.toArray(String[]::new)))
                        .as(args.toString()).isInstanceOf(UsageException.class));
        assertThatThrownBy(() -> ParsedArguments.parse(new String[] {"-vq"})).hasMessage("Unknown option: '-q'");
        assertThatThrownBy(() -> ParsedArguments.parse(new String[] {"-e"}))
                .hasMessage("Missing required parameter for option '--expect-exit' (CODE)");
    }
}
