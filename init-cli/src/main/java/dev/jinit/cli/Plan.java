package dev.jinit.cli;

import dev.jinit.core.Command;
import dev.jinit.core.Forwarding;
import dev.jinit.core.InitOptions;
import dev.jinit.core.Log;
import dev.jinit.core.Program;
import dev.jinit.core.SignalRewrites;
import dev.jinit.core.Signals;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the command line asks for: the flags as given, the settings they resolve to, and the
 * commands: ranges of {@code main}'s arguments from {@code firstCommandArgument} on, or of
 * {@code configuredCommands}, the commands of a configuration file as command-line words (null
 * when the commands are {@code main}'s).
 */
record Plan(Settings.Flags flags, InitOptions options, int verbosity, List<ProgramSpecs.Spec> specs,
        int firstCommandArgument, List<String> configuredCommands) {
    /** Words a shell takes as they are; others are quoted in {@link #describe}. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=,+@%^-]+");

    /**
     * Resolves {@code flags} against {@code environment} and reads the commands, {@code configuredCommands}
     * or else {@code arguments} from {@code firstCommandArgument} on; sets the log's verbosity, which from
     * then on follows the plan.
     */
    static Plan resolve(Settings.Flags flags, Map<String, String> environment, List<String> arguments,
            int firstCommandArgument, List<String> configuredCommands) throws UsageException {
        Settings settings = new Settings(environment);
        int verbosity = settings.verbosity(flags);
        Log.setVerbosity(verbosity);
        List<String> commands = configuredCommands != null ? configuredCommands
                : arguments.subList(firstCommandArgument, arguments.size());
        return new Plan(flags, settings.options(flags), verbosity, ProgramSpecs.parse(commands), firstCommandArgument,
                configuredCommands);
    }

    /**
     * The programs, their arguments taken byte for byte from {@code main}'s arguments as jinit received
     * them, or from the configuration file.
     */
    List<Program> programs(List<byte[]> arguments) {
        List<byte[]> commands = configuredCommands != null
                ? configuredCommands.stream().map(word -> word.getBytes(StandardCharsets.UTF_8)).toList()
                : arguments.subList(firstCommandArgument, arguments.size());
        List<Program> programs = new ArrayList<>();
        for (ProgramSpecs.Spec spec : specs) {
            Command command = new Command(commands.subList(spec.from(), spec.to()));
            programs.add(new Program(spec.name() != null ? spec.name() : command.baseName(), command,
                    spec.restart(), spec.watched(), spec.before(), spec.grace() != null ? spec.grace() : options.grace(),
                    spec.environment(), spec.runAs(), spec.workingDirectory(), spec.readiness(), spec.health()));
        }
        return programs;
    }

    /**
     * The plan as {@code --check} prints it, in the command line's words: jinit's settings, then one
     * line per command, {@code NAME: OPTIONS -- PROGRAM ARGS}, every setting resolved (defaults,
     * variables, the file).
     *
     * @param arguments {@code main}'s arguments
     */
    List<String> describe(List<String> arguments) {
        List<String> lines = new ArrayList<>();
        lines.add("jinit: " + quoted(settings()));
        List<String> commands = configuredCommands != null ? configuredCommands
                : arguments.subList(firstCommandArgument, arguments.size());
        for (ProgramSpecs.Spec spec : specs) {
            List<String> words = new ArrayList<>();
            Program.Restart restart = spec.restart();
            if (spec.before()) {
                words.add("--before");
            }
            if (spec.watched()) {
                words.add("--watch");
            }
            words.addAll(List.of("--restart", restart.policy().name().toLowerCase(Locale.ROOT).replace('_', '-')));
            if (restart.policy() != Program.RestartPolicy.NO) {
                words.addAll(List.of("--restart-delay", Durations.format(restart.firstDelay()), "--restart-max-delay",
                        Durations.format(restart.maxDelay()), "--restart-limit", Integer.toString(restart.limit()),
                        "--restart-window", Durations.format(restart.window())));
            }
            words.addAll(List.of("--grace", Durations.format(spec.grace() != null ? spec.grace() : options.grace())));
            spec.environment().forEach(entry -> words.addAll(List.of("--env", entry)));
            if (spec.runAs() != null) {
                words.addAll(List.of("--user", spec.runAs().uid() + ":" + spec.runAs().gid()));
            }
            if (spec.workingDirectory() != null) {
                words.addAll(List.of("--workdir", spec.workingDirectory()));
            }
            if (spec.readiness() != null) {
                words.addAll(List.of("--ready", spec.readiness().check().toString(), "--ready-timeout",
                        Durations.format(spec.readiness().timeout())));
            }
            if (spec.health() != null) {
                Program.Health health = spec.health();
                words.addAll(List.of("--health", health.check().toString(), "--health-interval",
                        Durations.format(health.interval()), "--health-timeout", Durations.format(health.timeout()),
                        "--health-retries", Integer.toString(health.retries())));
            }
            words.add("--");
            List<String> program = commands.subList(spec.from(), spec.to());
            words.addAll(program);
            String name = spec.name() != null ? spec.name()
                    : new Command(List.of(program.getFirst().getBytes(StandardCharsets.UTF_8))).baseName();
            lines.add(quoted(name) + ": " + quoted(words));
        }
        return lines;
    }

    private List<String> settings() {
        List<String> words = new ArrayList<>();
        words.add(options.forwarding() == Forwarding.SINGLE_CHILD ? "--single-child" : "--process-group");
        words.addAll(List.of("--grace", Durations.format(options.grace())));
        // Only the rewrites given: the mode's own (terminal stops as STOP with a process group) go without saying.
        SignalRewrites modeDefaults = SignalRewrites.of(Map.of(), options.forwarding());
        for (int signal = 1; signal <= Signals.MAX; signal++) {
            int forwarded = options.rewrites().apply(signal);
            if (forwarded != modeDefaults.apply(signal)) {
                words.addAll(List.of("--rewrite", Signals.name(signal) + ":" + (forwarded == 0 ? "0" : Signals.name(forwarded))));
            }
        }
        options.expectedExitCodes().stream().sorted().forEach(code -> words.addAll(List.of("--expect-exit", code.toString())));
        if (options.parentDeathSignal() != 0) {
            words.addAll(List.of("--parent-death-signal", Signals.name(options.parentDeathSignal())));
        }
        if (options.warnOnReap()) {
            words.add("--warn-on-reap");
        }
        if (options.holdOnFailure()) {
            words.add("--hold-on-failure");
        }
        if (options.prefixOutput()) {
            words.add("--prefix-output");
        }
        if (!options.stopDelay().equals(Duration.ZERO)) {
            words.addAll(List.of("--stop-delay", Durations.format(options.stopDelay())));
        }
        if (options.terminationLog() != null) {
            words.addAll(List.of("--termination-log", options.terminationLog().toString()));
        }
        for (int i = 0; i < verbosity; i++) {
            words.add("--verbose");
        }
        return words;
    }

    private static String quoted(List<String> words) {
        return String.join(" ", words.stream().map(Plan::quoted).toList());
    }

    /** {@code word} as a shell reads it back; a line break is written {@code \\n}, to keep the line. */
    private static String quoted(String word) {
        if (PLAIN_WORD.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''").replace("\n", "\\n").replace("\r", "\\r") + "'";
    }
}
