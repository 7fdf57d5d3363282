package dev.jinit.cli;

import dev.jinit.core.ExitCodes;
import dev.jinit.core.Inheritance;
import dev.jinit.core.Init;
import dev.jinit.core.Log;
import java.time.Duration;
import java.util.List;
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
        header = "A container init: runs COMMAND, forwards signals to it, reaps zombies, exits with its status.",
        synopsisHeading = "%nUsage: ",
        customSynopsis = "jinit [OPTIONS] [--] COMMAND [ARGS...]",
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "N:COMMAND's exit status; 128+N when signal N killed it",
            "1:jinit itself failed (it could not start, or no resources to start COMMAND)",
            "2:bad command line",
            "126:COMMAND could not be executed",
            "127:COMMAND was not found",
        },
        footerHeading = "%nSignals:%n",
        footer = "Every signal but KILL, STOP, CHLD, the synchronous ILL, BUS, FPE and SEGV, glibc's 32 and 33,"
                + " and RTMAX (64, taken by the JVM for its suspend/resume signal) is forwarded.")
final class JinitCommand implements Callable<Integer> {
    @Option(names = {"-g", "--process-group"},
            description = "Forward signals to COMMAND's whole process group; COMMAND leads a group of its own (default).")
    private boolean processGroup;

    @Option(names = {"-c", "--single-child"},
            description = "Forward signals to COMMAND's pid only.")
    private boolean singleChild;

    @Option(names = "--grace", paramLabel = "DURATION", converter = Durations.class,
            defaultValue = "${env:JINIT_GRACE:-5s}",
            description = "When COMMAND has ended, every process left gets SIGTERM, then SIGKILL after this long"
                    + " (e.g. 5s, 500ms; 0: SIGKILL at once, as tini and dumb-init leave it to the kernel)."
                    + " Env: JINIT_GRACE. Default: 5s.")
    private Duration grace;

    @Option(names = {"-v", "--verbose"},
            description = "Log more on stderr; repeat for more (-vv: every signal and reaped pid).")
    private boolean[] verbose = new boolean[0];

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command to run, and its arguments.")
    private List<String> command;

    private final Inheritance inheritance;
    private final int argumentCount;

    private JinitCommand(Inheritance inheritance, int argumentCount) {
        this.inheritance = inheritance;
        this.argumentCount = argumentCount;
    }

    /** Parses {@code args} and runs jinit; returns the exit status. */
    static int execute(Inheritance inheritance, String[] args) {
        CommandLine commandLine = new CommandLine(new JinitCommand(inheritance, args.length))
                // Everything from COMMAND on belongs to COMMAND, options included.
                .setStopAtPositional(true)
                .setParameterExceptionHandler((e, ignored) -> {
                    Log.error(usageError(e) + " (see 'jinit --help')");
                    return ExitCodes.USAGE;
                })
                .setExecutionExceptionHandler((e, ignored, parseResult) -> {
                    Log.error("internal error: " + e);
                    return ExitCodes.FAILURE;
                });
        commandLine.setUsageHelpLongOptionsMaxWidth(24);
        return commandLine.execute(args);
    }

    /** picocli reports an unknown option before any COMMAND as a missing COMMAND; name the option instead. */
    private static String usageError(CommandLine.ParameterException e) {
        List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
        return e instanceof CommandLine.MissingParameterException && !unmatched.isEmpty()
                ? "Unknown option: '" + unmatched.getFirst() + "'"
                : e.getMessage();
    }

    @Override
    public Integer call() {
        if (processGroup && singleChild) {
            Log.error("--process-group (-g) and --single-child (-c) exclude each other (see 'jinit --help')");
            return ExitCodes.USAGE;
        }
        Log.setVerbosity(verbose.length);
        Init.Forwarding forwarding = singleChild ? Init.Forwarding.SINGLE_CHILD : Init.Forwarding.PROCESS_GROUP;
        return new Init(inheritance, new Init.Options(forwarding, grace)).run(inheritance.command(argumentCount - command.size()));
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
