package dev.jinit.core;

import dev.jinit.core.libc.SignalSet;
import java.util.Locale;

/**
 * Linux signal numbers (x86_64 and aarch64 share them) and their names.
 *
 * <p>Names are written without the {@code SIG} prefix ({@code TERM}, {@code RTMIN+3}); parsing
 * accepts either form, any case, or a number. Realtime signals are named from glibc's
 * {@code SIGRTMIN} (34; glibc keeps 32 and 33 for itself) up to {@code SIGRTMAX} (64).
 */
public final class Signals {
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGILL = 4;
    public static final int SIGBUS = 7;
    public static final int SIGFPE = 8;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGSEGV = 11;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGALRM = 14;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTSTP = 20;
    public static final int SIGTTIN = 21;
    public static final int SIGTTOU = 22;
    public static final int SIGXFSZ = 25;
    public static final int SIGRTMIN = 34;
    public static final int SIGRTMAX = 64;
    /** The highest signal number. */
    public static final int MAX = SignalSet.MAX;

    /**
     * HotSpot's thread suspend/resume signal in jinit's JVM, moved there from SIGUSR2 (through
     * {@code _JAVA_SR_SIGNUM}) so that USR2 can be forwarded. It is the one signal jinit cannot forward.
     */
    public static final int JVM_SUSPEND_RESUME = SIGRTMAX;

    /**
     * Signals jinit forwards: every catchable one except SIGCHLD (which it handles), the
     * synchronous signals HotSpot needs for itself (ILL, BUS, FPE, SEGV), glibc's two internal
     * signals (32, 33) and {@link #JVM_SUSPEND_RESUME}.
     */
    static final SignalSet FORWARDED = SignalSet.range(1, MAX)
            .without(SIGKILL, SIGSTOP, SIGCHLD, SIGILL, SIGBUS, SIGFPE, SIGSEGV, 32, 33, JVM_SUSPEND_RESUME);

    /** Signals that ask jinit to stop: during the shutdown grace period, one of them ends the wait. */
    static final SignalSet STOP_REQUESTS = SignalSet.of(SIGTERM, SIGINT, SIGQUIT);

    /** Job-control stops: forwarded, then jinit stops itself too, as a shell's job would (dumb-init does the same). */
    static final SignalSet TERMINAL_STOPS = SignalSet.of(SIGTSTP, SIGTTIN, SIGTTOU);

    private static final String[] STANDARD_NAMES = {
        null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
        "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
        "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    };
    private static final int RTMIN_NAMES_UP_TO = (SIGRTMIN + SIGRTMAX) / 2;

    private Signals() {}

    /** {@code TERM}, {@code RTMIN+2}, {@code RTMAX-1}; {@code 32} and {@code 33} by number. */
    public static String name(int signal) {
        if (signal >= 1 && signal < STANDARD_NAMES.length) {
            return STANDARD_NAMES[signal];
        }
        if (signal == SIGRTMIN) {
            return "RTMIN";
        }
        if (signal > SIGRTMIN && signal <= RTMIN_NAMES_UP_TO) {
            return "RTMIN+" + (signal - SIGRTMIN);
        }
        if (signal == SIGRTMAX) {
            return "RTMAX";
        }
        if (signal > RTMIN_NAMES_UP_TO && signal < SIGRTMAX) {
            return "RTMAX-" + (SIGRTMAX - signal);
        }
        return Integer.toString(signal);
    }

    /**
     * Parses {@code TERM}, {@code SIGTERM}, {@code sigterm}, {@code 15}, {@code RTMIN+3} or
     * {@code SIGRTMAX-2}.
     *
     * @throws IllegalArgumentException naming the text, when it is no signal from 1 to 64
     */
    public static int parse(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
            return within(text, parseNumber(text, name), 1, MAX);
        }
        for (int signal = 1; signal < STANDARD_NAMES.length; signal++) {
            if (STANDARD_NAMES[signal].equals(name)) {
                return signal;
            }
        }
        // Other names tools use for the same numbers.
        switch (name) {
            case "IOT": return 6;
            case "CLD": return SIGCHLD;
            case "POLL": return 29;
            default: break;
        }
        if (name.startsWith("RTMIN")) {
            return within(text, SIGRTMIN + offset(text, name.substring(5), '+'), SIGRTMIN, SIGRTMAX);
        }
        if (name.startsWith("RTMAX")) {
            return within(text, SIGRTMAX - offset(text, name.substring(5), '-'), SIGRTMIN, SIGRTMAX);
        }
        throw unknown(text);
    }

    private static int offset(String text, String rest, char sign) {
        if (rest.isEmpty()) {
            return 0;
        }
        if (rest.charAt(0) != sign || rest.length() == 1 || !rest.substring(1).chars().allMatch(Character::isDigit)) {
            throw unknown(text);
        }
        return parseNumber(text, rest.substring(1));
    }

    private static int parseNumber(String text, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw unknown(text);
        }
    }

    private static int within(String text, int signal, int lowest, int highest) {
        if (signal < lowest || signal > highest) {
            throw unknown(text);
        }
        return signal;
    }

    private static IllegalArgumentException unknown(String text) {
        return new IllegalArgumentException("unknown signal '" + text + "' (use a name such as TERM or RTMIN+3, or a number from 1 to " + MAX + ")");
    }
}
