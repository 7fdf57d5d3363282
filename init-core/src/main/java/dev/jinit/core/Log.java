package dev.jinit.core;

import java.io.PrintStream;

/**
 * jinit's own messages: on stderr only, never mixed into the child's stdout, one line each,
 * prefixed {@code [jinit]} and the level. Quiet by default: errors and warnings only.
 */
public final class Log {
    public static final int WARN = 0;
    public static final int INFO = 1;
    public static final int DEBUG = 2;
    public static final int TRACE = 3;
    private static final String[] LEVEL_NAMES = {"WARN", "INFO", "DEBUG", "TRACE"};
    private static volatile int verbosity = WARN;

    private Log() {}

    /** 0: warnings and errors; 1 (-v): what jinit starts and ends; 2 (-vv): every signal; 3: more. */
    public static void setVerbosity(int level) {
        verbosity = Math.clamp(level, WARN, TRACE);
    }

    public static boolean enabled(int level) {
        return level <= verbosity;
    }

    public static void error(String message) {
        print("ERROR", message);
    }

    public static void warn(String message) {
        print(LEVEL_NAMES[WARN], message);
    }

    public static void at(int level, String message) {
        if (enabled(level)) {
            print(LEVEL_NAMES[level], message);
        }
    }

    private static void print(String level, String message) {
        PrintStream err = System.err;
        err.println("[jinit] " + level + " " + message);
    }
}
