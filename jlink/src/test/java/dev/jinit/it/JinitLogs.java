package dev.jinit.it;

import java.util.List;

/** jinit's own log lines: the stderr lines it prefixes with {@code [jinit]}, apart from what its commands write there. */
final class JinitLogs {
    private static final String PREFIX = "[jinit] ";

    private JinitLogs() {}

    static List<String> of(JinitProcess jinit) {
        return jinit.stderr().stream().filter(line -> line.startsWith(PREFIX)).toList();
    }

    /** Waits for a log line containing {@code fragment}; returns the first such line. */
    static String await(JinitProcess jinit, String fragment) {
        jinit.awaitTrue("log line containing '" + fragment + "'", () -> find(jinit, fragment) != null);
        return find(jinit, fragment);
    }

    /** How many log lines contain {@code fragment}. */
    static long count(JinitProcess jinit, String fragment) {
        return of(jinit).stream().filter(line -> line.contains(fragment)).count();
    }

    private static String find(JinitProcess jinit, String fragment) {
        return of(jinit).stream().filter(line -> line.contains(fragment)).findFirst().orElse(null);
    }
}
