package dev.jinit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A configuration file ({@code --config}) read as the command line it stands for, in YAML 1.2:
 * jinit's options by their long names, and {@code commands}, a list of commands, each with its
 * command options and its {@code program}. A key {@code NAME} becomes {@code --NAME=VALUE}; a
 * value {@code true} becomes {@code --NAME} alone and {@code false} nothing; a list repeats the
 * option. Which options there are and what their values mean is left to the command line's own
 * parsers, so that an option is the same wherever it is given; this class checks only the shape.
 * Every word remembers its line, for the parsers' errors to name it.
 */
final class ConfigFile {
    static final String COMMANDS = "commands";
    static final String PROGRAM = "program";
    /** Options about how jinit reads its configuration, not part of it. */
    private static final Set<String> COMMAND_LINE_ONLY = Set.of("config", "check", "help", "version", "license");
    /** Larger than any configuration a person writes; bounds what a wrong path (a device, a log) costs. */
    private static final int MAX_BYTES = 1 << 20;

    /** One key of the file as the command line's words ({@code --grace=10s}); {@code line} counts from 1. */
    record Option(String name, List<String> arguments, int line) {}

    /** One command: its options, and its program with the program's arguments. */
    record Command(List<Option> options, List<String> program) {}

    /** What the file holds: jinit's options, then the commands in order. */
    record Contents(Path file, List<Option> options, List<Command> commands) {}

    private final Path file;

    private ConfigFile(Path file) {
        this.file = file;
    }

    /** Reads {@code file}; a file that cannot be read or does not have the shape above is a usage error naming its line. */
    static Contents read(Path file) throws UsageException {
        return new ConfigFile(file).contents(text(file));
    }

    private static String text(Path file) throws UsageException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new UsageException(file + ": no such file");
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read it: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new UsageException(file + ": larger than " + MAX_BYTES / 1024 + " KiB, not a configuration file");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
        if (result.isError()) {
            long line = 1 + IntStream.range(0, in.position()).filter(i -> bytes[i] == '\n').count();
            throw new UsageException(file + ":" + line + ": not UTF-8 text");
        }
        return out.flip().toString();
    }

    private Contents contents(String text) throws UsageException {
        Optional<Node> document;
        try {
            // YAML's core schema: true and false are booleans, yes and no are words.
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setSchema(new CoreSchema()).build();
            document = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text))).getSingleNode();
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String context = e.getContext() == null ? "" : e.getContext() + ", ";
            throw new UsageException(where(mark) + "not YAML: " + context + e.getProblem());
        } catch (YamlEngineException e) {
            throw new UsageException(file + ": not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<Option> options = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        if (document.isEmpty()) {
            return new Contents(file, options, commands);
        }
        for (Map.Entry<String, NodeTuple> entry : mapping(document.get(), "the file").entrySet()) {
            if (entry.getKey().equals(COMMANDS)) {
                commands = commands(entry.getValue().getValueNode());
            } else {
                if (COMMAND_LINE_ONLY.contains(entry.getKey())) {
                    throw new UsageException(where(entry.getValue().getKeyNode()) + "'" + entry.getKey()
                            + "' is for the command line only");
                }
                options.add(option(entry.getKey(), entry.getValue()));
            }
        }
        return new Contents(file, options, commands);
    }

    private List<Command> commands(Node node) throws UsageException {
        if (!(node instanceof SequenceNode sequence)) {
            throw new UsageException(where(node) + COMMANDS + " must be a list of commands");
        }
        List<Command> commands = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            String what = "command " + (commands.size() + 1);
            List<Option> options = new ArrayList<>();
            List<String> program = null;
            for (Map.Entry<String, NodeTuple> entry : mapping(item, what).entrySet()) {
                if (entry.getKey().equals(PROGRAM)) {
                    program = program(entry.getValue().getValueNode());
                } else {
                    options.add(option(entry.getKey(), entry.getValue()));
                }
            }
            if (program == null) {
                throw new UsageException(where(item) + what + " has no " + PROGRAM);
            }
            commands.add(new Command(options, program));
        }
        return commands;
    }

    /** The program and its arguments: one word, or a list of words (no shell splits them). */
    private List<String> program(Node node) throws UsageException {
        List<Node> words = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
        List<String> program = new ArrayList<>();
        for (Node word : words) {
            String text = scalar(word, PROGRAM);
            if (text.equals(ProgramSpecs.SEPARATOR)) {
                throw new UsageException(where(word) + "'" + ProgramSpecs.SEPARATOR
                        + "' separates commands on the command line: it cannot be an argument");
            }
            program.add(text);
        }
        if (program.isEmpty() || program.getFirst().isEmpty()) {
            throw new UsageException(where(node) + PROGRAM + " names no program");
        }
        if (program.getFirst().startsWith("--")) {
            throw new UsageException(where(node) + PROGRAM + " '" + program.getFirst() + "' would be read as an option");
        }
        return program;
    }

    /** {@code --NAME=VALUE}, {@code --NAME} for true, nothing for false; once for each item of a list. */
    private Option option(String name, NodeTuple entry) throws UsageException {
        if (name.startsWith("-")) {
            throw new UsageException(where(entry.getKeyNode()) + "'" + name + "': write an option's long name without dashes");
        }
        Node value = entry.getValueNode();
        List<Node> items = value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value);
        List<String> arguments = new ArrayList<>();
        for (Node item : items) {
            String text = scalar(item, name);
            if (item.getTag().equals(Tag.BOOL)) {
                if (Boolean.parseBoolean(text)) {
                    arguments.add("--" + name);
                }
            } else {
                arguments.add("--" + name + "=" + text);
            }
        }
        return new Option("--" + name, arguments, line(entry.getKeyNode()));
    }

    /** A mapping's entries by their keys, which must be words, each once. */
    private Map<String, NodeTuple> mapping(Node node, String what) throws UsageException {
        if (!(node instanceof MappingNode mapping)) {
            throw new UsageException(where(node) + what + " must be a mapping of names to values");
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = key(tuple.getKeyNode());
            Integer first = lines.putIfAbsent(key, line(tuple.getKeyNode()));
            if (first != null) {
                throw new UsageException(where(tuple.getKeyNode()) + "'" + key + "' again (first on line " + first + ")");
            }
            entries.put(key, tuple);
        }
        return entries;
    }

    private String key(Node node) throws UsageException {
        if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL) || scalar.getValue().isBlank()) {
            throw new UsageException(where(node) + "a key must be a name");
        }
        return scalar.getValue();
    }

    private String scalar(Node node, String what) throws UsageException {
        if (!(node instanceof ScalarNode scalar)) {
            throw new UsageException(where(node) + what + ": a single value or a list of them, not a "
                    + (node instanceof MappingNode ? "mapping" : "list in a list"));
        }
        if (scalar.getTag().equals(Tag.NULL)) {
            throw new UsageException(where(node) + what + " has no value");
        }
        return scalar.getValue();
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    private String where(Node node) {
        return where(node.getStartMark().orElse(null));
    }

    /** {@code FILE:LINE: }, as compilers name a place in a file. */
    private String where(Mark mark) {
        return mark == null ? file + ": " : file + ":" + (mark.getLine() + 1) + ": ";
    }
}
