package dev.jinit.cli;

import dev.jinit.core.Command;
import dev.jinit.core.InitOptions;
import dev.jinit.core.Log;
import dev.jinit.core.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the command line asks for: the flags as given, the settings they resolve to, and the
 * commands as ranges of {@code main}'s arguments from {@code firstCommandArgument} on.
 */
record Plan(Settings.Flags flags, InitOptions options, int verbosity, List<ProgramSpecs.Spec> specs,
        int firstCommandArgument) {
    /**
     * Resolves {@code flags} against {@code environment} and reads the commands in {@code arguments}
     * from {@code firstCommandArgument} on; sets the log's verbosity, which from then on follows the plan.
     */
    static Plan resolve(Settings.Flags flags, Map<String, String> environment, List<String> arguments,
            int firstCommandArgument) throws UsageException {
        Settings settings = new Settings(environment);
        int verbosity = settings.verbosity(flags);
        Log.setVerbosity(verbosity);
        return new Plan(flags, settings.options(flags), verbosity,
                ProgramSpecs.parse(arguments.subList(firstCommandArgument, arguments.size())), firstCommandArgument);
    }

    /** The programs, their arguments taken byte for byte from {@code main}'s arguments as jinit received them. */
    List<Program> programs(List<byte[]> arguments) {
        List<Program> programs = new ArrayList<>();
        for (ProgramSpecs.Spec spec : specs) {
            Command command = new Command(
                    arguments.subList(firstCommandArgument + spec.from(), firstCommandArgument + spec.to()));
            programs.add(new Program(spec.name() != null ? spec.name() : command.baseName(), command,
                    spec.restart(), spec.watched(), spec.before(), spec.grace() != null ? spec.grace() : options.grace(),
                    spec.environment(), spec.runAs(), spec.workingDirectory()));
        }
        return programs;
    }
}
