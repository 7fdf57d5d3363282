package dev.jinit.cli;

import dev.jinit.core.Forwarding;
import dev.jinit.core.InitOptions;
import dev.jinit.core.Log;
import dev.jinit.core.SignalRewrites;
import dev.jinit.core.Signals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves each setting from, in order: its flag; its {@code JINIT_*} variable; the variable tini
 * or dumb-init reads for it; the default.
 */
final class Settings {
    private final Map<String, String> environment;

    Settings(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The flags as given on the command line; null (or empty) where absent. */
    record Flags(Boolean processGroup, Boolean singleChild, String grace, List<String> rewrites,
            List<String> expectedExits, String parentDeathSignal, Boolean warnOnReap, Boolean holdOnFailure, Boolean prefixOutput,
            String stopDelay, String terminationLog, int verbose) {}

    /** Where Kubernetes mounts the file whose text {@code kubectl describe pod} shows as the container's termination message. */
    static final Path KUBERNETES_TERMINATION_LOG = Path.of("/dev/termination-log");

    InitOptions options(Flags flags) throws UsageException {
        Forwarding forwarding = forwarding(flags);
        return new InitOptions(forwarding, grace(flags), rewrites(flags, forwarding), expectedExits(flags),
                parentDeathSignal(flags), flag(flags.warnOnReap(), "JINIT_WARN_ON_REAP"),
                flag(flags.holdOnFailure(), "JINIT_HOLD_ON_FAILURE"),
                flag(flags.prefixOutput(), "JINIT_PREFIX_OUTPUT"), stopDelay(flags), terminationLog(flags));
    }

    int verbosity(Flags flags) throws UsageException {
        if (flags.verbose() > 0) {
            return flags.verbose();
        }
        if (environment.containsKey("JINIT_VERBOSITY")) {
            return verbosityNumber("JINIT_VERBOSITY", 0);
        }
        if (environment.containsKey("TINI_VERBOSITY")) {
            // tini counts from 1 (warnings); jinit from 0.
            return verbosityNumber("TINI_VERBOSITY", 1);
        }
        return bool("DUMB_INIT_DEBUG", false) ? Log.DEBUG : Log.WARN;
    }

    private int verbosityNumber(String variable, int quiet) throws UsageException {
        String value = environment.get(variable).strip();
        if (!value.matches("\\d{1,2}")) {
            throw new UsageException(variable + "='" + value + "' is not a verbosity level (a number such as 0, 1 or 2)");
        }
        return Math.max(0, Integer.parseInt(value) - quiet);
    }

    private Forwarding forwarding(Flags flags) throws UsageException {
        boolean group;
        boolean single;
        String source;
        if (flags.processGroup() != null || flags.singleChild() != null) {
            group = Boolean.TRUE.equals(flags.processGroup());
            single = Boolean.TRUE.equals(flags.singleChild());
            source = "--process-group (-g) and --single-child (-c)";
        } else if (environment.containsKey("JINIT_PROCESS_GROUP") || environment.containsKey("JINIT_SINGLE_CHILD")) {
            group = bool("JINIT_PROCESS_GROUP", false);
            single = bool("JINIT_SINGLE_CHILD", false);
            source = "JINIT_PROCESS_GROUP and JINIT_SINGLE_CHILD";
        } else {
            // dumb-init: DUMB_INIT_SETSID=0 signals the child only; tini: TINI_KILL_PROCESS_GROUP, set to anything.
            group = environment.containsKey("TINI_KILL_PROCESS_GROUP");
            single = "0".equals(environment.getOrDefault("DUMB_INIT_SETSID", "").strip());
            source = "TINI_KILL_PROCESS_GROUP and DUMB_INIT_SETSID=0";
        }
        if (group && single) {
            throw new UsageException(source + " exclude each other");
        }
        return single ? Forwarding.SINGLE_CHILD : Forwarding.PROCESS_GROUP;
    }

    private Duration grace(Flags flags) throws UsageException {
        String text = flags.grace() != null ? flags.grace() : environment.get("JINIT_GRACE");
        if (text == null) {
            return InitOptions.defaults().grace();
        }
        return Durations.parse(source(flags.grace(), "--grace", "JINIT_GRACE"), text);
    }

    private Duration stopDelay(Flags flags) throws UsageException {
        String text = flags.stopDelay() != null ? flags.stopDelay() : environment.get("JINIT_STOP_DELAY");
        return text == null ? Duration.ZERO
                : Durations.parse(source(flags.stopDelay(), "--stop-delay", "JINIT_STOP_DELAY"), text);
    }

    /** The file named, else Kubernetes' when it is there to be written, else none. */
    private Path terminationLog(Flags flags) throws UsageException {
        String text = flags.terminationLog() != null ? flags.terminationLog() : environment.get("JINIT_TERMINATION_LOG");
        if (text == null) {
            return Files.isWritable(KUBERNETES_TERMINATION_LOG) ? KUBERNETES_TERMINATION_LOG : null;
        }
        if (text.isBlank()) {
            throw new UsageException(source(flags.terminationLog(), "--termination-log", "JINIT_TERMINATION_LOG")
                    + ": no file named");
        }
        return Path.of(text);
    }

    private SignalRewrites rewrites(Flags flags, Forwarding forwarding) throws UsageException {
        List<String> entries = listOf(flags.rewrites(), "JINIT_REWRITE");
        String source = source(flags.rewrites(), "--rewrite (-r)", "JINIT_REWRITE");
        Map<Integer, Integer> rewrites = new HashMap<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new UsageException(source + ": '" + entry + "' is not FROM:TO (e.g. TERM:INT, or 15:0 to drop)");
            }
            String to = entry.substring(colon + 1);
            int fromSignal = signal(source, entry.substring(0, colon));
            int toSignal = to.strip().equals("0") ? 0 : signal(source, to);
            try {
                SignalRewrites.check(fromSignal, toSignal);
            } catch (IllegalArgumentException e) {
                throw new UsageException(source + ": '" + entry + "': " + e.getMessage());
            }
            rewrites.put(fromSignal, toSignal);
        }
        return SignalRewrites.of(rewrites, forwarding);
    }

    private Set<Integer> expectedExits(Flags flags) throws UsageException {
        String source = source(flags.expectedExits(), "--expect-exit (-e)", "JINIT_EXPECT_EXIT");
        Set<Integer> codes = new HashSet<>();
        for (String entry : listOf(flags.expectedExits(), "JINIT_EXPECT_EXIT")) {
            if (!entry.strip().matches("\\d{1,3}") || Integer.parseInt(entry.strip()) > 255) {
                throw new UsageException(source + ": '" + entry + "' is not an exit code from 0 to 255");
            }
            codes.add(Integer.parseInt(entry.strip()));
        }
        return codes;
    }

    private int parentDeathSignal(Flags flags) throws UsageException {
        String text = flags.parentDeathSignal() != null ? flags.parentDeathSignal()
                : environment.get("JINIT_PARENT_DEATH_SIGNAL");
        return text == null ? 0
                : signal(source(flags.parentDeathSignal(), "--parent-death-signal (-p)", "JINIT_PARENT_DEATH_SIGNAL"), text);
    }

    private boolean flag(Boolean given, String variable) throws UsageException {
        return given != null ? given : bool(variable, false);
    }

    /** The entries given by flags, else those of a comma- or space-separated variable. */
    private List<String> listOf(List<String> given, String variable) {
        if (given != null && !given.isEmpty()) {
            return given;
        }
        List<String> entries = new ArrayList<>();
        for (String entry : environment.getOrDefault(variable, "").split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static String source(Object flagValue, String flag, String variable) {
        return flagValue != null && !(flagValue instanceof List<?> list && list.isEmpty()) ? flag : variable;
    }

    private static int signal(String source, String text) throws UsageException {
        try {
            return Signals.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(source + ": " + e.getMessage());
        }
    }

    private boolean bool(String variable, boolean absent) throws UsageException {
        String value = environment.get(variable);
        if (value == null) {
            return absent;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off", "" -> false;
            default -> throw new UsageException(variable + "='" + value + "' is not a boolean (use 1 or 0)");
        };
    }
}
