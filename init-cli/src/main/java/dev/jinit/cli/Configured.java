package dev.jinit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The plan of a command line with a configuration file. The file's options count as flags given
 * before the command line's, but for those the command line gives itself (a flag wins over the
 * file); its commands are the plan's unless the command line has commands of its own. Everything
 * is then parsed as a command line is, so that an option in the file means what the flag means.
 * A parse error is traced to the file's line by adding the file's options one at a time until the
 * parse fails, which only a bad file pays for.
 */
final class Configured {
    private final CommandLine commandLine;
    private final String[] arguments;
    /** Where the command line's commands start; {@code arguments.length} when it has none. */
    private final int firstCommandArgument;
    private final Map<String, String> environment;
    private final ConfigFile.Contents contents;
    /** The file's options of jinit's own that count: those the command line does not give. */
    private final List<ConfigFile.Option> jinitOptions = new ArrayList<>();
    /** The file's options that count, in the order of the file: jinit's, then each command's if the file's commands run. */
    private final List<ConfigFile.Option> fileOptions = new ArrayList<>();

    /** @param parsed {@code arguments} as {@code commandLine} parsed them */
    Configured(CommandLine commandLine, ParseResult parsed, String[] arguments, Map<String, String> environment,
            ConfigFile.Contents contents) {
        this.commandLine = commandLine;
        this.arguments = arguments;
        this.firstCommandArgument = arguments.length - parsed.matchedPositionalValue(0, List.<String>of()).size();
        this.environment = environment;
        this.contents = contents;
        for (ConfigFile.Option option : contents.options()) {
            if (!parsed.hasMatchedOption(option.name())) {
                jinitOptions.add(option);
            }
        }
        fileOptions.addAll(jinitOptions);
        if (!commandLineHasCommands()) {
            contents.commands().forEach(command -> fileOptions.addAll(command.options()));
        }
    }

    Plan plan() throws UsageException {
        if (!commandLineHasCommands() && contents.commands().isEmpty()) {
            throw new UsageException(contents.file() + ": no " + ConfigFile.COMMANDS + ", and no COMMAND on the command line");
        }
        try {
            return plan(fileOptions.size());
        } catch (UsageException error) {
            throw located(error);
        }
    }

    private boolean commandLineHasCommands() {
        return firstCommandArgument < arguments.length;
    }

    /** The error with the file's line of the option that causes it, if the file's options cause it. */
    private UsageException located(UsageException error) {
        for (int count = 0; count <= fileOptions.size(); count++) {
            try {
                plan(count);
            } catch (UsageException firstError) {
                if (count == 0) {
                    // Not the file's options: the command line's, the environment's, or a combination.
                    return error;
                }
                return new UsageException(contents.file() + ":" + fileOptions.get(count - 1).line() + ": "
                        + firstError.getMessage());
            }
        }
        return error;
    }

    /** The plan with the first {@code count} of the file's options. */
    private Plan plan(int count) throws UsageException {
        List<String> jinitArguments = new ArrayList<>();
        int taken = 0;
        for (ConfigFile.Option option : jinitOptions) {
            if (taken++ < count) {
                jinitArguments.addAll(option.arguments());
            }
        }
        jinitArguments.addAll(List.of(arguments).subList(0, firstCommandArgument));
        Settings.Flags flags;
        try {
            flags = JinitCommand.flags(commandLine.parseArgs(jinitArguments.toArray(String[]::new)));
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        if (commandLineHasCommands()) {
            return Plan.resolve(flags, environment, List.of(arguments), firstCommandArgument, null);
        }
        List<String> commands = new ArrayList<>();
        for (ConfigFile.Command command : contents.commands()) {
            if (!commands.isEmpty()) {
                commands.add(ProgramSpecs.SEPARATOR);
            }
            for (ConfigFile.Option option : command.options()) {
                if (taken++ < count) {
                    commands.addAll(option.arguments());
                }
            }
            commands.addAll(command.program());
        }
        return Plan.resolve(flags, environment, List.of(arguments), arguments.length, commands);
    }
}
