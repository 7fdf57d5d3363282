package dev.jinit.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command lines with several commands: {@code jinit [GLOBAL OPTIONS] -- [OPTIONS] CMD1 ARGS --- [OPTIONS] CMD2 ARGS ...}. */
final class SeveralCommands {
    private SeveralCommands() {}

    /** {@code --name NAME sh -c SCRIPT NAME ARGUMENTS...}: the script sees its name as $0. */
    static List<String> shell(String name, String script, String... arguments) {
        return shell(List.of(), name, script, arguments);
    }

    /** {@code OPTIONS... --name NAME sh -c SCRIPT NAME ARGUMENTS...}: the script sees its name as $0. */
    static List<String> shell(List<String> options, String name, String script, String... arguments) {
        List<String> command = new ArrayList<>(options);
        command.addAll(List.of("--name", name, "sh", "-c", script, name));
        command.addAll(Arrays.asList(arguments));
        return command;
    }

    /** jinit as PID 1 with {@code globalOptions} and {@code commands}, separated by {@code ---}. */
    static JinitProcess asPid1(List<String> globalOptions, List<List<String>> commands) {
        List<String> arguments = new ArrayList<>(globalOptions);
        arguments.add("--");
        for (int i = 0; i < commands.size(); i++) {
            if (i > 0) {
                arguments.add("---");
            }
            arguments.addAll(commands.get(i));
        }
        return JinitProcess.asPid1(arguments.toArray(String[]::new));
    }
}
