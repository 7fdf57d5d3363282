package dev.jinit.core;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A program and its arguments, kept as the bytes jinit received. */
public final class Command {
    private final List<byte[]> argv;

    /** @param argv the program, then its arguments, each as the bytes to pass on */
    public Command(List<byte[]> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.argv = List.copyOf(argv);
    }

    List<byte[]> argv() {
        return argv;
    }

    /** The program as given, for messages. */
    public String program() {
        return new String(argv.getFirst(), StandardCharsets.UTF_8);
    }

    /** The program's file name without its directory: the default name of a supervised command. */
    public String baseName() {
        String program = program();
        return program.substring(program.lastIndexOf('/') + 1);
    }

    /** The command line on one line, for logs: line breaks in an argument are written as {@code \\n}. */
    @Override
    public String toString() {
        return String.join(" ", argv.stream().map(arg -> new String(arg, StandardCharsets.UTF_8)).toList())
                .replace("\n", "\\n").replace("\r", "\\r");
    }
}
