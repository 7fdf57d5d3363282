package dev.jinit.cli;

import dev.jinit.core.Command;
import dev.jinit.core.ExitCodes;
import dev.jinit.core.InitOptions;
import dev.jinit.core.Log;
import dev.jinit.core.Program;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * jinit's command line: {@code jinit [OPTIONS] [--] COMMAND [ARGS...]}, options as the usage text
 * ({@code usage.txt}) lists them. Parsed by hand, for start-up time: a JVM that starts twice has
 * none to spare for an annotation-driven parser.
 */
final class JinitCommand {
    /** What the command line asks for: the settings, and the commands as ranges of {@code main}'s arguments. */
    record Plan(InitOptions options, List<ProgramSpecs.Spec> specs, int firstCommandArgument) {
        /** The programs, their arguments taken byte for byte from {@code main}'s arguments as jinit received them. */
        List<Program> programs(List<byte[]> arguments) {
            List<Program> programs = new ArrayList<>();
            for (ProgramSpecs.Spec spec : specs) {
                Command command = new Command(
                        arguments.subList(firstCommandArgument + spec.from(), firstCommandArgument + spec.to()));
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

    private JinitCommand() {}

    /** Parses {@code args} and {@code environment} and hands the plan to {@code launcher}; returns the exit status. */
    static int execute(String[] args, Map<String, String> environment, Launcher launcher) {
        try {
            ParsedArguments parsed = ParsedArguments.parse(args);
            if (parsed.count(Flag.HELP) > 0) {
                return printResource("usage.txt");
            }
            if (parsed.count(Flag.VERSION) > 0) {
                System.out.println("jinit " + version() + "\nRuntime: Java " + Runtime.version());
                return 0;
            }
            if (parsed.count(Flag.LICENSE) > 0) {
                return printResource("LICENSE");
            }
            if (parsed.commandStart() == args.length) {
                throw new UsageException("Missing required parameter: 'COMMAND'");
            }
            Settings settings = new Settings(environment);
            Settings.Flags flags = new Settings.Flags(parsed.bool(Flag.PROCESS_GROUP), parsed.bool(Flag.SINGLE_CHILD),
                    parsed.value(Flag.GRACE), parsed.values(Flag.REWRITE), parsed.values(Flag.EXPECT_EXIT),
                    parsed.value(Flag.PARENT_DEATH_SIGNAL), parsed.bool(Flag.WARN_ON_REAP),
                    parsed.bool(Flag.HOLD_ON_FAILURE), parsed.bool(Flag.PREFIX_OUTPUT), parsed.count(Flag.VERBOSE));
            Log.setVerbosity(settings.verbosity(flags));
            List<String> command = Arrays.asList(args).subList(parsed.commandStart(), args.length);
            Plan plan = new Plan(settings.options(flags), ProgramSpecs.parse(command), parsed.commandStart());
            return launcher.launch(plan);
        } catch (UsageException e) {
            Log.error(e.getMessage() + " (see 'jinit --help')");
            return ExitCodes.USAGE;
        }
    }

    private static String version() {
        var descriptor = JinitCommand.class.getModule().getDescriptor();
        return descriptor == null ? "unknown" : descriptor.rawVersion().orElse("unknown");
    }

    private static int printResource(String name) {
        try (InputStream text = JinitCommand.class.getResourceAsStream(name)) {
            if (text == null) {
                Log.error(name + " is missing from this build");
                return ExitCodes.FAILURE;
            }
            System.out.print(new String(text.readAllBytes(), StandardCharsets.UTF_8));
            return 0;
        } catch (IOException e) {
            Log.error("cannot read " + name + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
