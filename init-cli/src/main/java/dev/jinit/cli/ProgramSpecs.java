package dev.jinit.cli;

import dev.jinit.core.Check;
import dev.jinit.core.Program;
import dev.jinit.core.RunAs;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits the command part of the command line into commands at each lone {@code ---}, and reads
 * the options at the start of each: {@code --name}, {@code --restart}, {@code --watch},
 * {@code --before}, {@code --grace}, the back-off settings, its own process state (environment,
 * user, directory) and its readiness and health checks.
 */
final class ProgramSpecs {
    static final String SEPARATOR = "---";

    /**
     * One command's settings and where its program and arguments are in the list that was split.
     *
     * @param name null for the program's base name
     * @param grace null for the global grace period
     * @param environment {@code NAME=VALUE} entries set for this command only, in order
     * @param runAs null for jinit's own user
     * @param workingDirectory an absolute path; null for the directory jinit was started in
     * @param readiness null for none
     * @param health null for none
     */
    record Spec(String name, Program.Restart restart, boolean watched, boolean before, Duration grace,
            List<String> environment, RunAs runAs, String workingDirectory, Program.Readiness readiness,
            Program.Health health, int from, int to) {}

    /** The defaults of the readiness and health options. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration HEALTH_INTERVAL = Duration.ofSeconds(10);
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);
    static final int HEALTH_RETRIES = 3;

    private ProgramSpecs() {}

    static List<Spec> parse(List<String> arguments) throws UsageException {
        List<Spec> specs = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= arguments.size(); i++) {
            if (i == arguments.size() || arguments.get(i).equals(SEPARATOR)) {
                specs.add(parseOne(arguments, start, i, specs.size() + 1));
                start = i + 1;
            }
        }
        return specs;
    }

    private static Spec parseOne(List<String> arguments, int from, int to, int number) throws UsageException {
        String name = null;
        Program.RestartPolicy policy = Program.RestartPolicy.NO;
        Program.Restart defaults = Program.Restart.NEVER;
        Duration firstDelay = defaults.firstDelay();
        Duration maxDelay = defaults.maxDelay();
        int limit = defaults.limit();
        Duration window = defaults.window();
        boolean watched = false;
        boolean before = false;
        Duration grace = null;
        List<String> environment = new ArrayList<>();
        RunAs runAs = null;
        String workingDirectory = null;
        Check ready = null;
        Duration readyTimeout = null;
        Check health = null;
        Duration healthInterval = null;
        Duration healthTimeout = null;
        Integer healthRetries = null;
        int i = from;
        while (i < to && arguments.get(i).startsWith("--")) {
            String option = arguments.get(i);
            String value = null;
            int equals = option.indexOf('=');
            if (equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            }
            if (option.equals("--watch") || option.equals("--before")) {
                if (value != null) {
                    throw new UsageException("command " + number + ": " + option + " takes no value");
                }
                watched |= option.equals("--watch");
                before |= option.equals("--before");
                i++;
                continue;
            }
            if (value == null) {
                if (i + 1 >= to) {
                    throw new UsageException("command " + number + ": " + option + " needs a value");
                }
                value = arguments.get(++i);
            }
            i++;
            String where = "command " + number + ": " + option;
            switch (option) {
                case "--name" -> name = nonEmpty(where, value);
                case "--restart" -> policy = policy(where, value);
                case "--restart-delay" -> firstDelay = Durations.parse(where, value);
                case "--restart-max-delay" -> maxDelay = Durations.parse(where, value);
                case "--restart-limit" -> limit = count(where, value);
                case "--restart-window" -> window = Durations.parse(where, value);
                case "--grace" -> grace = Durations.parse(where, value);
                case "--env" -> environment.add(EnvironmentEntries.entry(where, value));
                case "--env-file" -> environment.addAll(EnvironmentEntries.ofFile(where, value));
                case "--user" -> runAs = Accounts.ofSystem().resolve(where, value);
                case "--workdir" -> workingDirectory = directory(where, value);
                case "--ready" -> ready = check(where, value);
                case "--ready-timeout" -> readyTimeout = positive(where, value);
                case "--health" -> health = healthCheck(where, value);
                case "--health-interval" -> healthInterval = positive(where, value);
                case "--health-timeout" -> healthTimeout = positive(where, value);
                case "--health-retries" -> healthRetries = retries(where, value);
                default -> throw new UsageException("command " + number + ": unknown command option '" + option
                        + "' (command options: --name, --restart, --restart-delay, --restart-max-delay,"
                        + " --restart-limit, --restart-window, --watch, --before, --grace, --env, --env-file, --user, --workdir,"
                        + " --ready, --ready-timeout, --health, --health-interval, --health-timeout, --health-retries)");
            }
        }
        if (i >= to) {
            throw new UsageException("command " + number + " is missing (nothing but options before '"
                    + SEPARATOR + "' or the end)");
        }
        if (before && policy != Program.RestartPolicy.NO) {
            throw new UsageException("command " + number + ": a --before command runs once; it takes no --restart");
        }
        if (before && (ready != null || health != null)) {
            throw new UsageException("command " + number + ": a --before command runs to its end before the next starts;"
                    + " it takes no --ready or --health");
        }
        if (ready == null && readyTimeout != null) {
            throw new UsageException("command " + number + ": --ready-timeout without --ready");
        }
        if (health == null && (healthInterval != null || healthTimeout != null || healthRetries != null)) {
            throw new UsageException("command " + number + ": --health-interval, --health-timeout and --health-retries"
                    + " need --health");
        }
        Program.Readiness readiness = ready == null ? null
                : new Program.Readiness(ready, readyTimeout != null ? readyTimeout : READY_TIMEOUT);
        Program.Health healthCheck = health == null ? null : new Program.Health(health,
                healthInterval != null ? healthInterval : HEALTH_INTERVAL,
                healthTimeout != null ? healthTimeout : HEALTH_TIMEOUT,
                healthRetries != null ? healthRetries : HEALTH_RETRIES);
        return new Spec(name, new Program.Restart(policy, firstDelay, maxDelay, limit, window), watched, before, grace,
                List.copyOf(environment), runAs, workingDirectory, readiness, healthCheck, i, to);
    }

    private static Check check(String where, String value) throws UsageException {
        try {
            return Check.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(where + ": " + e.getMessage());
        }
    }

    /** A check jinit can make again and again: not one the command tells once. */
    private static Check healthCheck(String where, String value) throws UsageException {
        Check check = check(where, value);
        if (check.toldByCommand()) {
            throw new UsageException(where + ": '" + value + "' is told once by the command, for --ready only;"
                    + " a health check is tcp:, http://, file: or exec:");
        }
        return check;
    }

    private static Duration positive(String where, String value) throws UsageException {
        Duration duration = Durations.parse(where, value);
        if (duration.isZero()) {
            throw new UsageException(where + ": the duration must be more than 0");
        }
        return duration;
    }

    private static int retries(String where, String value) throws UsageException {
        int retries = count(where, value);
        if (retries < 1) {
            throw new UsageException(where + ": at least 1");
        }
        return retries;
    }

    /** {@code value} as an absolute path (from the directory jinit was started in), if it is a directory. */
    private static String directory(String where, String value) throws UsageException {
        Path directory;
        try {
            directory = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageException(where + ": '" + value + "' is not a path");
        }
        if (!Files.isDirectory(directory)) {
            throw new UsageException(where + ": " + value + " is not a directory");
        }
        return directory.toString();
    }

    private static String nonEmpty(String where, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(where + ": the name is empty");
        }
        return value;
    }

    private static Program.RestartPolicy policy(String where, String value) throws UsageException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "no" -> Program.RestartPolicy.NO;
            case "on-failure" -> Program.RestartPolicy.ON_FAILURE;
            case "always" -> Program.RestartPolicy.ALWAYS;
            default -> throw new UsageException(where + ": '" + value + "' is not one of no, on-failure, always");
        };
    }

    private static int count(String where, String value) throws UsageException {
        if (!value.matches("\\d{1,6}")) {
            throw new UsageException(where + ": '" + value + "' is not a count");
        }
        return Integer.parseInt(value);
    }
}
