package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With a terminal ({@code docker run -it}), in the default process-group mode: the command's group
 * is the terminal's foreground, so what is typed, Ctrl-C and job control reach the command directly;
 * jinit stays in the background and never reads the terminal.
 */
class TerminalTest {
    /**
     * Reports the command's process group, the terminal's foreground group and jinit's ($PPID)
     * group, with shell builtins only: a forked helper would report on itself.
     */
    private static final String REPORT_GROUPS = """
            read -r stat < /proc/self/stat; set -- ${stat##*) }; echo "command pgrp=$3 tpgid=$6"
            read -r stat < /proc/$PPID/stat; set -- ${stat##*) }; echo "jinit pgrp=$3"
            """;
    private static final Pattern COMMAND_GROUPS = Pattern.compile("command pgrp=(\\d+) tpgid=(\\d+)");
    private static final Pattern JINIT_GROUP = Pattern.compile("jinit pgrp=(\\d+)");

    @Test
    void commandHasTheTerminalsForegroundAndJinitStaysInTheBackground() {
        try (TerminalSession terminal = TerminalSession.start("sh", "-c", REPORT_GROUPS)) {
            assertThat(terminal.awaitExit()).as("exit status, terminal %s", terminal.lines()).isZero();
            Matcher command = find(COMMAND_GROUPS, terminal.lines());
            String foreground = command.group(2);
            assertThat(command.group(1)).as("the command's group").isEqualTo(foreground);
            // A background group cannot read the terminal (the kernel would stop it with SIGTTIN).
            assertThat(find(JINIT_GROUP, terminal.lines()).group(1)).as("jinit's group").isNotEqualTo(foreground);
        }
    }

    /** jinit leaves what is typed to the command: every line arrives, in order. */
    @Test
    void typedLinesReachTheCommand() {
        String echoUntilLast = "while read -r line; do echo \"read: $line\"; [ \"$line\" = last ] && exit 0; done; exit 1";
        try (TerminalSession terminal = TerminalSession.start("sh", "-c", echoUntilLast)) {
            terminal.type("first line\nsecond line\nlast\n");
            assertThat(terminal.awaitExit()).as("exit status, terminal %s", terminal.lines()).isZero();
            assertThat(terminal.lines()).containsSubsequence("read: first line", "read: second line", "read: last");
        }
    }

    @Test
    void ctrlCEndsTheCommandWithStatus130() {
        try (TerminalSession terminal = TerminalSession.start("sleep", "100")) {
            terminal.awaitDescendant("sleep");
            terminal.type(TerminalSession.CTRL_C);
            assertThat(terminal.awaitExit()).isEqualTo(128 + Signals.SIGINT);
        }
    }

    /** An interactive bash that is not in the foreground stops itself (SIGTTIN) until it is; it would never end. */
    @Test
    void interactiveBashGetsJobControl() {
        String jobs = "echo \"options $-\"; sleep 100 & jobs; kill %1; wait; echo done";
        try (TerminalSession terminal = TerminalSession.start("bash", "--norc", "-ic", jobs)) {
            assertThat(terminal.awaitExit()).as("exit status, terminal %s", terminal.lines()).isZero();
            assertThat(terminal.lines())
                    .noneMatch(line -> line.contains("no job control"))
                    .anyMatch(line -> line.matches("options \\S*m\\S*"))
                    .anyMatch(line -> line.matches("\\[1]\\+ +Running +sleep 100 &"))
                    .contains("done");
        }
    }

    private static Matcher find(Pattern pattern, List<String> lines) {
        return lines.stream().map(pattern::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no line matching " + pattern + " in " + lines));
    }
}
