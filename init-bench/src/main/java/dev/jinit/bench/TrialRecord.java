package dev.jinit.bench;

import dev.jinit.core.Forwarding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The raw measurements of one benchmark trial (a benchmark with one set of parameters; its JMH
 * forks add to the same file), one row a line in {@code RAW/TRIAL.tsv}:
 * {@code KIND CONTENDER VALUE...}. The report is computed from these files alone, so a reader can
 * recompute any figure.
 */
final class TrialRecord {
    /** Where the trials write; set by {@link BenchmarkSuite} for JMH's forks. */
    static final String DIRECTORY_PROPERTY = "jinit.bench.raw";

    enum Kind {
        /** One signal round trip harness, init, child, harness: nanoseconds. */
        LATENCY_NS,
        /** Memory of the idle init, KiB: resident, private (anonymous), proportional (see ProcFs.Memory). */
        MEMORY_KIB,
        /** The init's CPU use over the measured round trips: nanoseconds on a CPU, times scheduled in, round trips. */
        INIT_CPU,
        /** Exit status expected, then exit status seen. */
        EXIT_STATUS,
        /** One burst: orphans released, nanoseconds until the last was reaped, zombies left after it. */
        BURST,
        /** One start: nanoseconds from starting the init to the child's first byte. */
        STARTUP_NS
    }

    record Row(String trial, Kind kind, String contender, long[] values) {
        long value() {
            return values[0];
        }
    }

    private final String trial;
    private final List<String> lines = new ArrayList<>();

    TrialRecord(String trial) {
        this.trial = trial;
    }

    void add(Kind kind, Contender contender, long... values) {
        lines.add(kind + "\t" + contender.label() + "\t"
                + Arrays.stream(values).mapToObj(String::valueOf).collect(Collectors.joining("\t")));
    }

    /** Writes the rows to the trial's file, after those of earlier forks. */
    void write() {
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory == null) {
            throw new IllegalStateException("set -D" + DIRECTORY_PROPERTY + "=DIR: where the raw measurements go");
        }
        try {
            Path file = Files.createDirectories(Path.of(directory)).resolve(trial + ".tsv");
            Files.write(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row of every trial file in {@code directory}. */
    static List<Row> readAll(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Row> rows = new ArrayList<>();
            for (Path file : files.filter(path -> path.toString().endsWith(".tsv")).sorted().toList()) {
                String trial = file.getFileName().toString().replaceFirst("\\.tsv$", "");
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.split("\t");
                    long[] values = Arrays.stream(fields, 2, fields.length).mapToLong(Long::parseLong).toArray();
                    rows.add(new Row(trial, Kind.valueOf(fields[0]), fields[1], values));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first values of the rows of one trial, kind and contender, in the order they were taken. */
    static long[] values(List<Row> rows, String trial, Kind kind, Contender contender) {
        return select(rows, trial, kind, contender).mapToLong(Row::value).toArray();
    }

    static Stream<Row> select(List<Row> rows, String trial, Kind kind, Contender contender) {
        return rows.stream().filter(row -> row.trial().equals(trial) && row.kind() == kind
                && row.contender().equals(contender.label()));
    }

    /** {@code BENCHMARK-single-child} or {@code BENCHMARK-process-group}. */
    static String name(String benchmark, Forwarding forwarding) {
        return benchmark + "-" + forwarding.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
