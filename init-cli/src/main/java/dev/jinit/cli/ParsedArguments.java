package dev.jinit.cli;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * jinit's command line split into its own options and the command part, as getopt would: short
 * options cluster ({@code -vv}, {@code -e143}), long ones take {@code --grace 5s} or
 * {@code --grace=5s}, and the first argument that is not an option (or what follows {@code --})
 * starts the command, options included.
 */
final class ParsedArguments {
    private final Map<Flag, List<String>> given = new EnumMap<>(Flag.class);
    private final int commandStart;

    private ParsedArguments(String[] args) throws UsageException {
        int i = 0;
        while (i < args.length) {
            String argument = args[i];
            if (argument.equals("--")) {
                i++;
                break;
            }
            if (argument.startsWith("--")) {
                i = parseLong(args, i);
            } else if (argument.startsWith("-") && argument.length() > 1) {
                i = parseShort(args, i);
            } else {
                break;
            }
        }
        commandStart = i;
    }

    static ParsedArguments parse(String[] args) throws UsageException {
        return new ParsedArguments(args);
    }

    private int parseLong(String[] args, int index) throws UsageException {
        String argument = args[index];
        int equals = argument.indexOf('=');
        String name = equals < 0 ? argument : argument.substring(0, equals);
        Flag flag = Flag.byLongName(name);
        if (flag == null) {
            throw new UsageException("Unknown option: '" + argument + "'");
        }
        if (!flag.takesValue()) {
            if (equals >= 0) {
                throw new UsageException("Option '" + name + "' takes no value");
            }
            add(flag, "");
            return index + 1;
        }
        if (equals >= 0) {
            add(flag, argument.substring(equals + 1));
            return index + 1;
        }
        return addValueAt(args, index + 1, flag);
    }

    private int parseShort(String[] args, int index) throws UsageException {
        String argument = args[index];
        for (int j = 1; j < argument.length(); j++) {
            Flag flag = Flag.byShortName(argument.charAt(j));
            if (flag == null) {
                throw new UsageException("Unknown option: '" + (j == 1 ? argument : "-" + argument.charAt(j)) + "'");
            }
            if (flag.takesValue()) {
                if (j + 1 < argument.length()) {
                    add(flag, argument.substring(j + 1));
                    return index + 1;
                }
                return addValueAt(args, index + 1, flag);
            }
            add(flag, "");
        }
        return index + 1;
    }

    private int addValueAt(String[] args, int index, Flag flag) throws UsageException {
        if (index >= args.length) {
            throw new UsageException("Missing required parameter for option '" + flag.longName() + "' ("
                    + flag.valueName() + ")");
        }
        add(flag, args[index]);
        return index + 1;
    }

    private void add(Flag flag, String value) throws UsageException {
        List<String> values = given.computeIfAbsent(flag, ignored -> new ArrayList<>());
        if (flag.takesValue() && !flag.repeatable() && !values.isEmpty()) {
            throw new UsageException("Option '" + flag.longName() + "' is given twice ('" + values.getFirst() + "', '"
                    + value + "')");
        }
        values.add(value);
    }

    /** How often a flag was given. */
    int count(Flag flag) {
        return given.getOrDefault(flag, List.of()).size();
    }

    /** Null when the flag was not given: its variable or default applies. */
    Boolean bool(Flag flag) {
        return count(flag) > 0 ? Boolean.TRUE : null;
    }

    /** The last value given, or null. */
    String value(Flag flag) {
        List<String> values = given.get(flag);
        return values == null ? null : values.getLast();
    }

    /** Every value given, in order; null when none. */
    List<String> values(Flag flag) {
        return given.get(flag);
    }

    /** Where the command part starts in the arguments; their length when there is none. */
    int commandStart() {
        return commandStart;
    }
}
