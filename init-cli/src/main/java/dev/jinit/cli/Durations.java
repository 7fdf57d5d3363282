package dev.jinit.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them for containers: {@code 5s}, {@code 500ms}, {@code 1.5s}, {@code 2m}, {@code 10} (seconds). */
final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)(ms|s|m|h)?");
    private static final Duration MAX = Duration.ofDays(1);

    static Duration parse(String text) {
        Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (write it as 5s, 500ms, 1.5s, 2m or 10)");
        }
        BigDecimal amount = new BigDecimal(matcher.group(1));
        BigDecimal millisPerUnit = switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
            case "ms" -> BigDecimal.ONE;
            case "s" -> BigDecimal.valueOf(1_000);
            case "m" -> BigDecimal.valueOf(60_000);
            default -> BigDecimal.valueOf(3_600_000);
        };
        Duration duration = Duration.ofMillis(amount.multiply(millisPerUnit).longValue());
        if (duration.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("'" + text + "' is longer than a day");
        }
        return duration;
    }

    /** {@link #parse}, a bad value reported as a usage error naming {@code where} it came from. */
    static Duration parse(String where, String text) throws UsageException {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(where + ": " + e.getMessage());
        }
    }

    /** {@code duration} as {@link #parse} reads it: {@code 500ms}, {@code 5s}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
    }
}
