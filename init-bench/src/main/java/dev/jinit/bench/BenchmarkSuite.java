package dev.jinit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The one command: runs every benchmark through JMH, each in a fork of its own, then writes the
 * report from their raw records.
 *
 * <p>System properties: {@code jinit.bench.image} (the runtime image, required),
 * {@code jinit.bench.report} (where the report goes; {@code init-bench/target/report} by default)
 * and {@code jinit.bench.quick} (true: each benchmark once with tiny parameters, to check that
 * it works; its figures mean nothing).
 */
public final class BenchmarkSuite {
    static final String REPORT_PROPERTY = "jinit.bench.report";
    static final String QUICK_PROPERTY = "jinit.bench.quick";

    /** A benchmark and what it needs to run once, quickly: one measurement iteration of this many invocations, these parameters. */
    private record Plan(Class<?> benchmark, int quickBatchSize, Map<String, String> quickParameters) {}

    // The quick run's sizes: enough to exercise every path, nowhere near enough to mean anything.
    static final int QUICK_ROUND_TRIPS = 20;
    static final int QUICK_STORM_TURNS = 2;
    static final int QUICK_ORPHANS_PER_BURST = 50;

    private static final List<Plan> PLANS = List.of(
            new Plan(ForwardLatencyBenchmark.class, QUICK_ROUND_TRIPS, Map.of()),
            new Plan(ReapBenchmark.class, 1, Map.of("orphansPerBurst", String.valueOf(QUICK_ORPHANS_PER_BURST))),
            new Plan(StormLatencyBenchmark.class, QUICK_STORM_TURNS, Map.of()),
            new Plan(StartupBenchmark.class, 1, Map.of()));

    /**
     * @param reportDirectory emptied, then filled with the report, its charts and the raw data
     * @param quick each benchmark once with tiny parameters
     */
    record Settings(Path reportDirectory, boolean quick) {}

    private BenchmarkSuite() {}

    public static void main(String[] args) throws RunnerException {
        Path report = run(new Settings(Path.of(System.getProperty(REPORT_PROPERTY, "init-bench/target/report")),
                Boolean.getBoolean(QUICK_PROPERTY)));
        System.out.println("Report: " + report.toAbsolutePath());
    }

    /** Runs every benchmark and writes the report; returns its Markdown file. */
    static Path run(Settings settings) throws RunnerException {
        Path directory = settings.reportDirectory().toAbsolutePath();
        Path raw = directory.resolve("raw");
        Path jmh = directory.resolve("jmh");
        recreate(directory);
        createDirectories(raw);
        createDirectories(jmh);
        // Taken first: the load average before the benchmarks add to it.
        Machine machine = Machine.describe();
        for (Plan plan : PLANS) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include("^" + Pattern.quote(plan.benchmark().getName() + "."))
                    // JMH 1.37 still uses sun.misc.Unsafe, which JDK 25 warns about on every fork.
                    .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                            "-D" + Contender.IMAGE_PROPERTY + "=" + Contender.jinitImage(),
                            "-D" + TrialRecord.DIRECTORY_PROPERTY + "=" + raw)
                    .shouldFailOnError(true)
                    .resultFormat(ResultFormatType.JSON)
                    .result(jmh.resolve(plan.benchmark().getSimpleName() + ".json").toString());
            if (settings.quick()) {
                options.forks(1).warmupIterations(0).measurementIterations(1).measurementBatchSize(plan.quickBatchSize());
                plan.quickParameters().forEach(options::param);
            }
            new Runner(options.build()).run();
        }
        return Report.write(directory, machine, TrialRecord.readAll(raw));
    }

    private static void recreate(Path directory) {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        createDirectories(directory);
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
