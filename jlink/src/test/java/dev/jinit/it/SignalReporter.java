package dev.jinit.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * jinit's command for signal tests: traps the signals it is given, writes {@code got N} for each
 * one it gets, and keeps running. It writes {@code ready} once its traps are set. Run by dash:
 * bash handles some signals itself from its start (see SignalForwardingTest).
 *
 * <p>An instance keeps the whole stdout expected so far, so a report may be expected more than
 * once and anything extra shows.
 */
final class SignalReporter {
    static final String READY = "ready";
    private static final String SCRIPT = """
            for signal in "$@"; do trap "echo got $signal" "$signal"; done
            echo ready
            while :; do sleep 0.1 & wait $!; done
            """;

    private final JinitProcess jinit;
    private final List<String> expected = new ArrayList<>(List.of(READY));

    private SignalReporter(JinitProcess jinit) {
        this.jinit = jinit;
    }

    /** The command line of a reporter trapping {@code trapped}. */
    static List<String> command(int... trapped) {
        List<String> command = new ArrayList<>(List.of("dash", "-c", SCRIPT, "reporter"));
        Arrays.stream(trapped).forEach(signal -> command.add(String.valueOf(signal)));
        return command;
    }

    /** {@code jinitOptions} followed by a reporter trapping {@code trapped}: jinit's arguments. */
    static List<String> jinitArguments(List<String> jinitOptions, int... trapped) {
        List<String> arguments = new ArrayList<>(jinitOptions);
        arguments.addAll(command(trapped));
        return arguments;
    }

    /** Waits until the reporter that jinit runs has set its traps. */
    static SignalReporter awaitReady(JinitProcess jinit) {
        jinit.awaitLine(READY);
        return new SignalReporter(jinit);
    }

    /** What the reporter writes when it gets {@code signal}. */
    static String report(int signal) {
        return "got " + signal;
    }

    /**
     * Sends {@code signal} to jinit, then waits until the reporter's stdout is what was expected
     * before plus one report for each of {@code expectedReports} (none: the signal is not to
     * arrive, and only a later send can show that it did not).
     */
    void send(int signal, int... expectedReports) {
        jinit.signal(signal);
        Arrays.stream(expectedReports).forEach(reported -> expected.add(report(reported)));
        jinit.awaitTrue("stdout " + expected, () -> jinit.stdout().equals(expected));
    }
}
