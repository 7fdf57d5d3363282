package dev.jinit.cli;

import dev.jinit.core.StartupException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plan as the text the first JVM hands to the second ({@link dev.jinit.core.Startup#handover}):
 * where the commands start (or a configuration file's commands), and the flags as picocli read them. The second JVM resolves the flags
 * against the same environment again: it never loads picocli nor reads a configuration file, and
 * what it runs is what the first JVM checked.
 *
 * <p>Fields are separated by spaces, a list's items by commas, and null is {@code ~}; every value is
 * percent-encoded beyond letters, digits and {@code .:_+-}, so that no separator (nor the record's
 * {@code ;}) appears in one.
 */
final class Handover {
    private static final String NULL = "~";
    private static final int FIELDS = 14;

    private Handover() {}

    static String of(Plan plan) {
        Settings.Flags flags = plan.flags();
        return String.join(" ", Integer.toString(plan.firstCommandArgument()), value(flags.processGroup()),
                value(flags.singleChild()), value(flags.grace()), list(flags.rewrites()), list(flags.expectedExits()),
                value(flags.parentDeathSignal()), value(flags.warnOnReap()), value(flags.holdOnFailure()),
                value(flags.prefixOutput()), value(flags.stopDelay()), value(flags.terminationLog()),
                Integer.toString(flags.verbose()), list(plan.configuredCommands()));
    }

    /** The plan that {@link #of} made {@code handover} from, resolved again against {@code environment}. */
    static Plan plan(String handover, Map<String, String> environment, List<String> arguments)
            throws StartupException, UsageException {
        String[] fields = handover.split(" ", -1);
        Settings.Flags flags;
        int firstCommandArgument;
        List<String> configuredCommands;
        try {
            if (fields.length != FIELDS) {
                throw new IllegalArgumentException(fields.length + " fields");
            }
            firstCommandArgument = Integer.parseInt(fields[0]);
            flags = new Settings.Flags(bool(fields[1]), bool(fields[2]), text(fields[3]), texts(fields[4]),
                    texts(fields[5]), text(fields[6]), bool(fields[7]), bool(fields[8]), bool(fields[9]), text(fields[10]),
                    text(fields[11]), Integer.parseInt(fields[12]));
            configuredCommands = texts(fields[13]);
            if (firstCommandArgument < 0 || firstCommandArgument > arguments.size()) {
                throw new IllegalArgumentException("the commands start at " + firstCommandArgument);
            }
        } catch (IllegalArgumentException e) {
            throw new StartupException("malformed handover from the first JVM (" + e.getMessage() + "): " + handover);
        }
        return Plan.resolve(flags, environment, arguments, firstCommandArgument, configuredCommands);
    }

    private static String value(Object value) {
        return value == null ? NULL : escape(value.toString());
    }

    private static String list(List<String> values) {
        if (values == null) {
            return NULL;
        }
        List<String> escaped = new ArrayList<>(values.size());
        for (String value : values) {
            escaped.add(escape(value));
        }
        return String.join(",", escaped);
    }

    private static Boolean bool(String field) {
        return switch (field) {
            case NULL -> null;
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("'" + field + "' is no flag");
        };
    }

    private static String text(String field) {
        return field.equals(NULL) ? null : unescape(field);
    }

    private static List<String> texts(String field) {
        if (field.equals(NULL)) {
            return null;
        }
        List<String> values = new ArrayList<>();
        if (!field.isEmpty()) {
            for (String item : field.split(",", -1)) {
                values.add(unescape(item));
            }
        }
        return values;
    }

    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || ".:_+-".indexOf(b) >= 0) {
                escaped.append((char) b);
            } else {
                escaped.append('%').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        return escaped.toString();
    }

    private static String unescape(String field) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            int high = i + 2 < field.length() ? Character.digit(field.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(field.charAt(i + 2), 16) : -1;
            if (low < 0) {
                throw new IllegalArgumentException("'" + field + "' has a bad escape");
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
