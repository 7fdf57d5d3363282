package dev.jinit.cli;

import dev.jinit.core.ExitCodes;
import dev.jinit.core.Inheritance;
import dev.jinit.core.Init;
import dev.jinit.core.Log;
import dev.jinit.core.Program;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "jinit",
        mixinStandardHelpOptions = true,
        versionProvider = JinitCommand.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        headerHeading = "",
        header = "A container init: runs COMMAND, forwards signals to it, reaps zombies, stops what is left"
                + " when COMMAND ends, and exits with COMMAND's status.",
        synopsisHeading = "%nUsage: ",
        customSynopsis = {"jinit [OPTIONS] [--] COMMAND [ARGS...]",
            "jinit [OPTIONS] -- [COMMAND OPTIONS] COMMAND [ARGS...] --- [COMMAND OPTIONS] COMMAND [ARGS...] ...",
            "Command options: --name NAME, --restart no|on-failure|always, --restart-delay D (1s),",
            "  --restart-max-delay D (30s), --restart-limit N (5) within --restart-window D (60s), --watch, --before,",
            "  --grace D (its share of an ordered stop)"},
        optionListHeading = "%nOptions (a flag wins over its variable; JINIT_* wins over TINI_* and DUMB_INIT_*):%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "N:COMMAND's exit status; 128+N when signal N killed it",
            "1:jinit itself failed (it could not start, or no resources to start COMMAND)",
            "2:bad command line or environment variable",
            "126:COMMAND could not be executed",
            "127:COMMAND was not found",
        },
        footerHeading = "%nSignals:%n",
        footer = "Every signal but KILL, STOP, CHLD, the synchronous ILL, BUS, FPE and SEGV, glibc's 32 and 33,"
                + " and RTMAX (64, taken by the JVM for its suspend/resume signal) is forwarded.")
final class JinitCommand implements Callable<Integer> {
    @Option(names = {"-g", "--process-group"},
            description = "Forward signals to COMMAND's whole process group; COMMAND leads a group of its own (default)."
                    + " Env: JINIT_PROCESS_GROUP=1, TINI_KILL_PROCESS_GROUP.")
    private Boolean processGroup;

    @Option(names = {"-c", "--single-child"},
            description = "Forward signals to COMMAND's pid only. Env: JINIT_SINGLE_CHILD=1, DUMB_INIT_SETSID=0.")
    private Boolean singleChild;

    @Option(names = "--grace", paramLabel = "DURATION",
            description = "When COMMAND has ended, every process left gets SIGTERM, then SIGKILL after this long"
                    + " (5s, 500ms, 1.5s, 2m; 0 sends SIGKILL at once). Env: JINIT_GRACE. Default: 5s.")
    private String grace;

    @Option(names = {"-r", "--rewrite"}, paramLabel = "FROM:TO",
            description = "Forward signal FROM as TO; TO=0 drops it (repeatable; names or numbers: TERM:INT, 15:0)."
                    + " Env: JINIT_REWRITE=\"TERM:INT,HUP:0\".")
    private List<String> rewrites;

    @Option(names = {"-e", "--expect-exit"}, paramLabel = "CODE",
            description = "Exit with 0 when COMMAND's status is CODE, 128+N included (repeatable; -e 143: SIGTERM is"
                    + " success). Env: JINIT_EXPECT_EXIT=\"143,130\".")
    private List<String> expectedExits;

    @Option(names = {"-p", "--parent-death-signal"}, paramLabel = "SIGNAL",
            description = "The signal jinit gets when its parent dies (then forwarded as any other)."
                    + " Env: JINIT_PARENT_DEATH_SIGNAL.")
    private String parentDeathSignal;

    @Option(names = {"-w", "--warn-on-reap"},
            description = "Log a warning for every zombie reaped that is not COMMAND. Env: JINIT_WARN_ON_REAP=1.")
    private Boolean warnOnReap;

    @Option(names = {"-s", "--subreaper"},
            description = "Accepted for tini: when not PID 1, jinit always registers as a child subreaper."
                    + " Env: TINI_SUBREAPER.")
    private boolean subreaper;

    @Option(names = "--hold-on-failure",
            description = "When a watched command fails, keep the container running (reaping, forwarding) until it"
                    + " gets SIGTERM, so it can be inspected. Env: JINIT_HOLD_ON_FAILURE=1.")
    private Boolean holdOnFailure;

    @Option(names = "--prefix-output",
            description = "Copy each command's output line by line with [NAME] in front, on the same stream."
                    + " Env: JINIT_PREFIX_OUTPUT=1.")
    private Boolean prefixOutput;

    @Option(names = {"-v", "--verbose"},
            description = "Log more on stderr; repeat for more: -v what starts and ends, -vv every signal and reaped pid."
                    + " Env: JINIT_VERBOSITY=N, TINI_VERBOSITY=N+1, DUMB_INIT_DEBUG=1.")
    private boolean[] verbose = new boolean[0];

    @Option(names = {"-l", "--license"}, description = "Show the license and exit.")
    private boolean license;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command to run, and its arguments.")
    private List<String> command;

    /** What the command line asks for: the settings, and the commands as ranges of {@code main}'s arguments. */
    record Plan(Init.Options options, List<ProgramSpecs.Spec> specs, int firstCommandArgument) {
        /** The programs, their arguments taken byte for byte from what jinit received. */
        List<Program> programs(Inheritance inheritance) {
            List<Program> programs = new ArrayList<>();
            for (ProgramSpecs.Spec spec : specs) {
                dev.jinit.core.Command command =
                        inheritance.command(firstCommandArgument + spec.from(), firstCommandArgument + spec.to());
                programs.add(new Program(spec.name() != null ? spec.name() : command.baseName(), command,
                        spec.restart(), spec.watched(), spec.before(), spec.grace() != null ? spec.grace() : options.grace()));
            }
            return programs;
        }
    }

    /** Carries out a plan; returns the exit status. */
    @FunctionalInterface
    interface Launcher {
        int launch(Plan plan);
    }

    private final Map<String, String> environment;
    private final Launcher launcher;
    private final int argumentCount;

    private JinitCommand(Map<String, String> environment, Launcher launcher, int argumentCount) {
        this.environment = environment;
        this.launcher = launcher;
        this.argumentCount = argumentCount;
    }

    /** Parses {@code args} and {@code environment} and hands the plan to {@code launcher}; returns the exit status. */
    static int execute(String[] args, Map<String, String> environment, Launcher launcher) {
        CommandLine commandLine = new CommandLine(new JinitCommand(environment, launcher, args.length))
                // Everything from COMMAND on belongs to COMMAND, options included.
                .setStopAtPositional(true)
                .setParameterExceptionHandler((e, ignored) -> {
                    if (e.getCommandLine().getParseResult() != null
                            && e.getCommandLine().getParseResult().hasMatchedOption("--license")) {
                        return printLicense();
                    }
                    return usageError(usageMessage(e));
                })
                .setExecutionExceptionHandler((e, ignored, parseResult) -> {
                    Log.error("internal error: " + e);
                    return ExitCodes.FAILURE;
                });
        commandLine.setUsageHelpLongOptionsMaxWidth(28);
        return commandLine.execute(args);
    }

    /** picocli reports an unknown option before any COMMAND as a missing COMMAND; name the option instead. */
    private static String usageMessage(CommandLine.ParameterException e) {
        List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
        return e instanceof CommandLine.MissingParameterException && !unmatched.isEmpty()
                ? "Unknown option: '" + unmatched.getFirst() + "'"
                : e.getMessage();
    }

    private static int usageError(String message) {
        Log.error(message + " (see 'jinit --help')");
        return ExitCodes.USAGE;
    }

    @Override
    public Integer call() {
        if (license) {
            return printLicense();
        }
        Settings settings = new Settings(environment);
        Settings.Flags flags = new Settings.Flags(processGroup, singleChild, grace, rewrites, expectedExits,
                parentDeathSignal, warnOnReap, holdOnFailure, prefixOutput, verbose.length);
        Plan plan;
        try {
            Log.setVerbosity(settings.verbosity(flags));
            // main's arguments from here on are the commands.
            plan = new Plan(settings.options(flags), ProgramSpecs.parse(command), argumentCount - command.size());
        } catch (UsageException e) {
            return usageError(e.getMessage());
        }
        return launcher.launch(plan);
    }

    private static int printLicense() {
        try (InputStream text = JinitCommand.class.getResourceAsStream("LICENSE")) {
            System.out.print(new String(text.readAllBytes(), StandardCharsets.UTF_8));
            return 0;
        } catch (IOException | NullPointerException e) {
            Log.error("the license text is missing from this build: " + e);
            return ExitCodes.FAILURE;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = JinitCommand.class.getModule().getDescriptor() == null ? "unknown"
                    : JinitCommand.class.getModule().getDescriptor().rawVersion().orElse("unknown");
            return new String[] {"jinit " + version, "Runtime: Java " + Runtime.version()};
        }
    }
}
