package dev.jinit.cli;

import dev.jinit.core.ControlRequest;
import dev.jinit.core.ExitCodes;
import dev.jinit.core.Log;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * jinit's command line: {@code jinit [OPTIONS] [--] COMMAND [ARGS...]}, parsed by picocli. The
 * options are declared through picocli's programmatic {@link CommandSpec} API: no annotations to
 * read and no fields to set by reflection at start-up, which a JVM that starts twice would pay for.
 */
final class JinitCommand {
    static final String CONFIG_VARIABLE = "JINIT_CONFIG";

    /** Carries out a plan; returns the exit status. */
    @FunctionalInterface
    interface Launcher {
        int launch(Plan plan);
    }

    /** Sends a request to the running jinit; returns the exit status. */
    @FunctionalInterface
    interface Controller {
        int control(ControlRequest request);
    }

    private JinitCommand() {}

    /**
     * Parses {@code args} and {@code environment} and hands the plan to {@code launcher}, or a
     * {@code --control} request to {@code controller}; returns the exit status.
     */
    static int execute(String[] args, Map<String, String> environment, Launcher launcher, Controller controller) {
        CommandLine commandLine = commandLine();
        try {
            ParseResult parsed = commandLine.parseArgs(args);
            if (parsed.hasMatchedOption("--help")) {
                commandLine.usage(System.out);
                return 0;
            }
            if (parsed.hasMatchedOption("--version")) {
                commandLine.printVersionHelp(System.out);
                return 0;
            }
            if (parsed.hasMatchedOption("--license")) {
                return printLicense();
            }
            List<String> command = parsed.matchedPositionalValue(0, List.of());
            if (parsed.hasMatchedOption("--control")) {
                return controller.control(controlRequest(parsed.matchedOptionValue("--control", List.of()), command));
            }
            String config = parsed.matchedOptionValue("--config", environment.get(CONFIG_VARIABLE));
            Plan plan;
            if (config != null) {
                plan = new Configured(commandLine, parsed, args, environment, contents(config, parsed)).plan();
            } else if (command.isEmpty()) {
                throw new UsageException("Missing required parameter: 'COMMAND'");
            } else {
                // main's arguments from here on are the commands.
                plan = Plan.resolve(flags(parsed), environment, List.of(args), args.length - command.size(), null);
            }
            if (parsed.hasMatchedOption("--check")) {
                plan.describe(List.of(args)).forEach(System.out::println);
                return 0;
            }
            return launcher.launch(plan);
        } catch (ParameterException | UsageException e) {
            return UsageException.report(e.getMessage());
        }
    }

    private static ConfigFile.Contents contents(String config, ParseResult parsed) throws UsageException {
        if (config.isBlank()) {
            throw new UsageException((parsed.hasMatchedOption("--config") ? "--config" : CONFIG_VARIABLE) + ": no file named");
        }
        return ConfigFile.read(Path.of(config));
    }

    static Settings.Flags flags(ParseResult parsed) {
        return new Settings.Flags(given(parsed, "--process-group"), given(parsed, "--single-child"),
                parsed.matchedOptionValue("--grace", null), parsed.matchedOptionValue("--rewrite", null),
                parsed.matchedOptionValue("--expect-exit", null), parsed.matchedOptionValue("--parent-death-signal", null),
                given(parsed, "--warn-on-reap"), given(parsed, "--hold-on-failure"), given(parsed, "--prefix-output"),
                parsed.matchedOptionValue("--stop-delay", null), parsed.matchedOptionValue("--termination-log", null),
                timesGiven(parsed, "--verbose"));
    }

    private static ControlRequest controlRequest(List<String> words, List<String> command) throws UsageException {
        if (!command.isEmpty()) {
            throw new UsageException("--control takes at most three words (signal NAME SIGNAL) and no COMMAND: '"
                    + command.getFirst() + "'");
        }
        try {
            return ControlRequest.parse(words);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** True when the flag was given; null when not: its variable or default applies. */
    private static Boolean given(ParseResult parsed, String option) {
        return parsed.matchedOptionValue(option, null);
    }

    private static int timesGiven(ParseResult parsed, String option) {
        return parsed.matchedOptionValue(option, new boolean[0]).length;
    }

    /** jinit's command line as picocli sees it; the build also writes the man page and completion script from it. */
    static CommandLine commandLine() {
        // Only asked for by --version: Runtime.version() parses a version string, which no start needs.
        CommandSpec spec = CommandSpec.create().name("jinit")
                .versionProvider(() -> new String[] {"jinit " + version(), "Runtime: Java " + Runtime.version()});
        // As getopt: everything from COMMAND on belongs to COMMAND, options included; an option's value is the next
        // word, whatever it looks like; an @word is a word, not a file to read.
        spec.parser().stopAtPositional(true).allowOptionsAsOptionParameters(true).expandAtFiles(false);
        // No ${...} variables in jinit's texts: looking for them in every name and text cost 0.5 ms a JVM.
        spec.interpolateVariables(false);
        spec.usageMessage()
                .headerHeading("")
                .header("A container init: runs COMMAND, forwards signals to it, reaps zombies, stops what is left"
                        + " when COMMAND ends, and exits with COMMAND's status.")
                .synopsisHeading("%nUsage: ")
                .descriptionHeading("%n")
                .description("COMMAND is looked up in PATH. From COMMAND on, every argument is COMMAND's, options included.")
                .parameterListHeading("%n")
                .optionListHeading("%nOptions (a flag wins over its variable; JINIT_* wins over TINI_* and DUMB_INIT_*):%n")
                .sortOptions(false)
                .exitCodeListHeading("%nExit status:%n")
                .exitCodeList(exitCodes())
                .footerHeading("%nSeveral commands:%n")
                // No " -- " in the texts: the man page's AsciiDoc would make it a dash.
                .footer("A lone --- separates commands. Each may start with command options (the first command after"
                        + " jinit's '--'): --name NAME, --restart no|on-failure|always, --restart-delay D (1s),"
                        + " --restart-max-delay D (30s), --restart-limit N (5) within --restart-window D (60s), --watch,"
                        + " --before, --grace D (its share of an ordered stop), --env NAME=VALUE and --env-file FILE"
                        + " (its own environment entries, repeatable), --user USER[:GROUP], --workdir DIR; --ready CHECK"
                        + " (the commands after it start once CHECK passes) with --ready-timeout D (60s), --health CHECK"
                        + " (once ready; failing --health-retries N (3) times in a row, every --health-interval D (10s),"
                        + " each within --health-timeout D (5s), it is stopped and its restart policy applies). CHECK:"
                        + " tcp:[HOST:]PORT, http://HOST:PORT/PATH, file:PATH, exec:PROGRAM [ARGS], and for --ready"
                        + " notify (sd_notify READY=1) or fd:N (a newline on descriptor N).",
                        "%nSignals:",
                        "Every signal but KILL, STOP, CHLD, the synchronous ILL, BUS, FPE and SEGV, glibc's 32 and 33,"
                        + " and RTMAX (64, taken by the JVM for its suspend/resume signal) is forwarded. In process-group"
                        + " mode TSTP, TTIN and TTOU are forwarded as STOP unless rewritten (as dumb-init does).");
        spec.addOption(flag("Forward signals to COMMAND's whole process group; COMMAND leads a group of its own"
                + " (default). Env: JINIT_PROCESS_GROUP=1, TINI_KILL_PROCESS_GROUP.", "-g", "--process-group"));
        spec.addOption(flag("Forward signals to COMMAND's pid only. Env: JINIT_SINGLE_CHILD=1, DUMB_INIT_SETSID=0.",
                "-c", "--single-child"));
        spec.addOption(valued(String.class, "DURATION", "When COMMAND has ended, every process left gets SIGTERM, then"
                + " SIGKILL after this long (5s, 500ms, 1.5s, 2m; 0 sends SIGKILL at once). Default: 5s. Env: JINIT_GRACE.",
                "--grace"));
        spec.addOption(valued(List.class, "FROM:TO", "Forward signal FROM as TO; TO=0 drops it (repeatable; names or"
                + " numbers: TERM:INT, 15:0). Env: JINIT_REWRITE=\"TERM:INT,HUP:0\".", "-r", "--rewrite"));
        spec.addOption(valued(List.class, "CODE", "Exit with 0 when COMMAND's status is CODE, 128+N included (repeatable;"
                + " -e 143: SIGTERM is success). Env: JINIT_EXPECT_EXIT=\"143,130\".", "-e", "--expect-exit"));
        spec.addOption(valued(String.class, "SIGNAL", "The signal jinit gets when its parent dies (then forwarded as any"
                + " other). Env: JINIT_PARENT_DEATH_SIGNAL.", "-p", "--parent-death-signal"));
        spec.addOption(flag("Warn for every zombie reaped that is not COMMAND. Env: JINIT_WARN_ON_REAP=1.",
                "-w", "--warn-on-reap"));
        spec.addOption(flag("Accepted for tini: when not PID 1, jinit always registers as a child subreaper."
                + " Env: TINI_SUBREAPER.", "-s", "--subreaper"));
        spec.addOption(flag("When a watched command fails, keep the container up (reaping, forwarding) until SIGTERM,"
                + " for inspection. Env: JINIT_HOLD_ON_FAILURE=1.", "--hold-on-failure"));
        spec.addOption(flag("Copy each command's output line by line with [NAME] in front, on the same stream."
                + " Env: JINIT_PREFIX_OUTPUT=1.", "--prefix-output"));
        spec.addOption(valued(String.class, "DURATION", "On the first stop request (TERM, INT, QUIT), keep everything"
                + " running this long, then stop as usual, so that load balancers stop sending work first; a second"
                + " request, or the watched commands ending, cuts it short. Default: 0. Env: JINIT_STOP_DELAY.",
                "--stop-delay"));
        spec.addOption(valued(String.class, "FILE", "When the container ends, write here which command ended it and"
                + " how, with its last lines under --prefix-output (at most 4096 bytes). Default:"
                + " /dev/termination-log when it can be written (Kubernetes). Env: JINIT_TERMINATION_LOG.",
                "--termination-log"));
        spec.addOption(valued(String.class, "FILE", "Read jinit's options and the commands from this YAML file (keys are the"
                + " options' long names; see the reference). Options on the command line win over the file's; commands"
                + " on the command line replace the file's. Env: " + CONFIG_VARIABLE + ".", "--config"));
        spec.addOption(flag("Read the command line and any --config file, print the plan (jinit's settings, then one"
                + " line per command: name, options, program) and exit; start nothing.", "--check"));
        spec.addOption(OptionSpec.builder("--control").type(List.class).auxiliaryTypes(String.class).arity("1..3")
                .paramLabel("REQUEST")
                .description("Instead of running a command, ask the jinit running in this container: status (one line"
                        + " per command; exit 0 when every watched command runs, else 1), start NAME, stop NAME,"
                        + " restart NAME, or signal NAME SIGNAL. Only as jinit's user or root.")
                .build());
        spec.addOption(OptionSpec.builder("-v", "--verbose").type(boolean[].class).arity("0")
                .description("Log more on stderr; repeat for more: -v what starts and ends, -vv every signal and reaped pid."
                        + " Env: JINIT_VERBOSITY=N, TINI_VERBOSITY=N+1, DUMB_INIT_DEBUG=1.")
                .build());
        spec.addOption(flag("Show the license and exit.", "-l", "--license"));
        // Plain flags, not picocli's help options: those would let unknown options pass unreported.
        spec.addOption(flag("Show this help and exit.", "-h", "--help"));
        spec.addOption(flag("Show the version and exit.", "-V", "--version"));
        spec.addPositional(PositionalParamSpec.builder().paramLabel("COMMAND").arity("0..*").type(List.class)
                .auxiliaryTypes(String.class)
                .description("The command to run and its arguments, options included.")
                .build());
        return new CommandLine(spec);
    }

    /** An option without a value (a Boolean, so that the completion script knows it takes none). */
    private static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).type(Boolean.class).arity("0").description(description).build();
    }

    /** An option with a value: a list when it is repeatable, else given at most once. */
    private static OptionSpec valued(Class<?> type, String label, String description, String... names) {
        return OptionSpec.builder(names).type(type).auxiliaryTypes(String.class).arity("1").paramLabel(label)
                .description(description).build();
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("N", "COMMAND's exit status; 128+N when signal N killed it");
        codes.put("1", "jinit itself failed (it could not start, or no resources to start COMMAND)");
        codes.put("2", "bad command line, environment variable or configuration file");
        codes.put("126", "COMMAND could not be executed");
        codes.put("127", "COMMAND was not found");
        return codes;
    }

    private static String version() {
        var descriptor = JinitCommand.class.getModule().getDescriptor();
        return descriptor == null ? "unknown" : descriptor.rawVersion().orElse("unknown");
    }

    private static int printLicense() {
        try (InputStream text = JinitCommand.class.getResourceAsStream("LICENSE")) {
            if (text == null) {
                Log.error("LICENSE is missing from this build");
                return ExitCodes.FAILURE;
            }
            System.out.print(new String(text.readAllBytes(), StandardCharsets.UTF_8));
            return 0;
        } catch (IOException e) {
            Log.error("cannot read LICENSE: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
