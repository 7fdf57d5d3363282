package dev.jinit.bench;

import static dev.jinit.bench.Contender.CATATONIT;
import static dev.jinit.bench.Contender.DUMB_INIT;
import static dev.jinit.bench.Contender.JINIT;
import static dev.jinit.bench.Contender.NO_INIT;
import static dev.jinit.bench.Contender.TINI;

import dev.jinit.bench.TrialRecord.Kind;
import dev.jinit.bench.TrialRecord.Row;
import dev.jinit.core.Forwarding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the raw trial records into {@code README.md} and its SVG charts: a table per benchmark
 * (medians, tails, and jinit's figure divided by each contender's), the targets jinit is held
 * to and whether it meets them, and where and when it all ran.
 */
final class Report {
    static final String FILE_NAME = "README.md";
    private static final List<Contender> INITS = List.of(JINIT, TINI, DUMB_INIT, CATATONIT);
    private static final List<Contender> INITS_AND_BASELINE = List.of(JINIT, TINI, DUMB_INIT, CATATONIT, NO_INIT);
    private static final List<Contender> FORWARD_LATENCY_LANES = Stream.of(List.of(JINIT), Contender.JINIT_WITH_CHECKS,
            List.of(TINI, DUMB_INIT, CATATONIT, NO_INIT)).flatMap(List::stream).toList();
    private static final List<Forwarding> MODES = List.of(Forwarding.SINGLE_CHILD, Forwarding.PROCESS_GROUP);
    private static final double MICROS_PER_NANO = 1e-3;
    private static final double MILLIS_PER_NANO = 1e-6;
    // The targets of issue #7, as ratios jinit / tini in the same run.
    private static final double LATENCY_P50_TARGET = 1.1;
    private static final double LATENCY_P99_TARGET = 1.5;
    private static final double REAP_THROUGHPUT_TARGET = 1.0;
    // Checks must never delay forwarding: jinit with checks running / jinit without, same fleet. The
    // margins are over what two identical jinit lanes of one fleet differ by: up to 1.02× at p50 and
    // 1.29× at p99 (eight pairs in four runs, 2026-12-07).
    private static final double CHECKS_P50_TARGET = 1.05;
    private static final double CHECKS_P99_TARGET = 1.35;

    private enum Verdict {
        MET("met"), MISSED("**missed**"), NOT_ASSESSED("not assessed");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    private record Target(String goal, String measured, Verdict verdict) {}

    /** The figures of one contender's reap bursts. */
    private record Bursts(long orphans, Percentiles throughput, Percentiles drainMillis, long zombies) {}

    private final Path directory;
    private final Machine machine;
    private final List<Row> rows;
    private final List<Target> targets = new ArrayList<>();

    private Report(Path directory, Machine machine, List<Row> rows) {
        this.directory = directory;
        this.machine = machine;
        this.rows = rows;
    }

    /** Writes the report and its charts into {@code directory}; returns the Markdown file. */
    static Path write(Path directory, Machine machine, List<Row> rows) {
        return new Report(directory, machine, rows).write();
    }

    private Path write() {
        String forward = forwardLatencySection();
        String reap = reapSection();
        String storm = stormLatencySection();
        String startup = startupSection();
        targets.add(exitStatusTarget());
        String markdown = header() + targetsSection() + forward + reap + storm + startup + rawDataSection();
        try {
            return Files.writeString(directory.resolve(FILE_NAME), markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String header() {
        String versions = machine.versions().entrySet().stream()
                .map(entry -> entry.getKey().label() + ": `" + entry.getValue() + "`")
                .collect(Collectors.joining("; "));
        String missing = machine.missingPeers().isEmpty() ? ""
                : "\n- **Not installed** (so not measured): "
                        + machine.missingPeers().stream().map(Contender::label).collect(Collectors.joining(", "));
        return "# jinit against tini, dumb-init and catatonit\n\n"
                + "- Date: " + machine.date() + "\n"
                + "- Machine: " + machine.cpuModel() + ", " + machine.processors() + " CPUs, Linux " + machine.kernel()
                + ", load average at start " + machine.loadAverage() + "\n"
                + "- JDK: harness and children " + machine.harnessJdk() + "; jinit's image " + machine.imageJdk() + "\n"
                + "- Versions: " + versions + missing + "\n\n"
                + "Every contender runs as PID 1 of a fresh PID namespace (`unshare --pid --fork --mount-proc`), with "
                + "the same child programs, all in the same run: each benchmark starts all of them, then they take "
                + "turns, in a new random order each round, so that whatever else loads the machine loads them alike. "
                + "*no init* is the child alone as PID 1: what the namespace costs without any init. Ratios are "
                + "jinit's figure divided by the other's: below 1 jinit is faster (or smaller), except for "
                + "throughput, where above 1 jinit is faster.\n\n";
    }

    private String targetsSection() {
        List<List<String>> body = targets.stream()
                .map(target -> List.of(target.goal(), target.measured(), target.verdict().text))
                .toList();
        List<Target> missed = targets.stream().filter(target -> target.verdict() == Verdict.MISSED).toList();
        String summary = missed.isEmpty()
                ? "jinit meets every target that could be assessed in this run.\n\n"
                : "**jinit misses " + missed.size() + " of " + targets.size() + " targets:** "
                        + missed.stream().map(Target::goal).collect(Collectors.joining("; ")) + ".\n\n";
        return "## Targets\n\n" + MarkdownTable.of(List.of("target", "measured", "verdict"), body) + "\n" + summary;
    }

    private String forwardLatencySection() {
        StringBuilder section = new StringBuilder("## 1. Signal-forward latency\n\n"
                + "The harness sends SIGUSR1 to the init (`kill(2)` through init-core's bindings) and blocks reading "
                + "the child's stdout; the child, a small Java program, takes the signal from a signalfd and writes "
                + "one byte. One round trip per contender per round. The harness, the inits and their children all "
                + "run on one CPU (`taskset`): waking a process on another, idle CPU can cost tens of microseconds "
                + "more (it did on the virtual machines of this project, whose idle CPUs halt), and whether that "
                + "happens depends on where the scheduler put each process, which differs between contenders and "
                + "between runs. *Init CPU* is the time the "
                + "init's threads spent on a CPU over the measured round trips (`/proc/PID/task/*/schedstat`), per "
                + "round trip. Microseconds; lower is better.\n\n");
        Map<Forwarding, Map<Contender, Percentiles>> byMode = new EnumMap<>(Forwarding.class);
        for (Forwarding mode : MODES) {
            String trial = TrialRecord.name(ForwardLatencyBenchmark.NAME, mode);
            Map<Contender, Percentiles> latencies = latencies(trial, FORWARD_LATENCY_LANES);
            section.append(latencyTable(trial, "Forward latency, " + modeLabel(mode), mode, latencies, FORWARD_LATENCY_LANES));
            latencyTargets(mode, latencies);
            byMode.put(mode, latencies);
        }
        return section.append(checksSection(byMode)).toString();
    }

    /** jinit with health checks running against jinit without and tini, from the same fleets. */
    private String checksSection(Map<Forwarding, Map<Contender, Percentiles>> byMode) {
        List<List<String>> body = new ArrayList<>();
        for (Forwarding mode : MODES) {
            Map<Contender, Percentiles> latencies = byMode.get(mode);
            for (Contender checked : Contender.JINIT_WITH_CHECKS) {
                Percentiles latency = latencies.get(checked);
                if (latency == null) {
                    body.add(Stream.concat(Stream.of(name(checked), modeLabel(mode), "no data"), Stream.generate(() -> ""))
                            .limit(9).toList());
                    continue;
                }
                body.add(List.of(name(checked), modeLabel(mode), String.valueOf(latency.count()),
                        BarChart.format(latency.median()), BarChart.format(latency.at(0.99)),
                        ratio(latency, latencies.get(JINIT), Percentiles::median),
                        ratio(latency, latencies.get(JINIT), p -> p.at(0.99)),
                        ratio(latency, latencies.get(TINI), Percentiles::median),
                        ratio(latency, latencies.get(TINI), p -> p.at(0.99))));
            }
            checksTargets(mode, latencies);
        }
        return "### With health checks running\n\n"
                + "The same jinit image with the same flags, its child health-checked every "
                + Contender.CHECK_INTERVAL.toMillis() + " ms (`--health CHECK --health-interval "
                + Contender.CHECK_INTERVAL.toMillis() + "ms`), in the same fleets as the inits above and taking "
                + "turns with them: *exec checks* run `exec:/bin/true` (a process spawned and reaped by jinit for "
                + "each check), *tcp checks* `tcp:PORT`, a connect to a listener of the harness. The check is on the "
                + "child itself, so that the only difference from jinit without checks is the checks: a second "
                + "command would also get every signal. Checks must never delay forwarding: the targets allow "
                + "for what two identical jinit lanes of one fleet differed by in four runs, up to 1.02× at p50 "
                + "and 1.29× at p99. Exit statuses and *init CPU* (which includes the checks' own "
                + "work) are in the tables above.\n\n"
                + MarkdownTable.of(List.of("init", "forwarding", "round trips", "p50 µs", "p99 µs", "÷ jinit, p50",
                        "÷ jinit, p99", "÷ tini, p50", "÷ tini, p99"), body)
                + "\n";
    }

    private String stormLatencySection() {
        StringBuilder section = new StringBuilder("## 3. Forward latency during a fork storm\n\n"
                + "The same round trips, while the init's child runs a generator that orphans processes as fast as "
                + "one shell can fork (`while :; do (: &); done`): the init has to reap all the while. Only the "
                + "measured init's storm runs: it is resumed " + StormLatencyBenchmark.STORM_RAMP_UP.toMillis()
                + " ms before a turn of " + StormLatencyBenchmark.ROUND_TRIPS_PER_TURN + " round trips and paused "
                + "after it. The generator, and so the processes it forks, runs on another CPU than the harness, the "
                + "init and the echo child, so the init reaps where it forwards. *Init CPU* per round trip includes "
                + "the reaping. No baseline: without an init nobody reaps. No target; for comparison.\n\n");
        for (Forwarding mode : MODES) {
            String trial = TrialRecord.name(StormLatencyBenchmark.NAME, mode);
            section.append(latencyTable(trial, "Forward latency during a fork storm, " + modeLabel(mode), mode,
                    latencies(trial, INITS), INITS));
        }
        return section.toString();
    }

    private Map<Contender, Percentiles> latencies(String trial, List<Contender> contenders) {
        Map<Contender, Percentiles> latencies = new EnumMap<>(Contender.class);
        for (Contender contender : contenders) {
            long[] nanos = TrialRecord.values(rows, trial, Kind.LATENCY_NS, contender);
            if (nanos.length > 0) {
                latencies.put(contender, Percentiles.of(nanos, MICROS_PER_NANO));
            }
        }
        return latencies;
    }

    private String latencyTable(String trial, String title, Forwarding mode, Map<Contender, Percentiles> latencies,
            List<Contender> contenders) {
        Percentiles jinit = latencies.get(JINIT);
        List<List<String>> body = new ArrayList<>();
        BarChart chart = new BarChart(title, "microseconds", List.of("p50", "p90", "p99"), BarChart.Scale.LOGARITHMIC);
        for (Contender contender : contenders) {
            Percentiles latency = latencies.get(contender);
            // jinit's variants with checks are compared with jinit below, not jinit with them.
            boolean variant = Contender.JINIT_WITH_CHECKS.contains(contender);
            if (latency == null) {
                body.add(absent(contender, 9));
                chart.add(new BarChart.Group(contender.label(), List.of(), absence(contender), false));
                continue;
            }
            body.add(List.of(name(contender), String.valueOf(latency.count()), BarChart.format(latency.median()),
                    BarChart.format(latency.at(0.9)), BarChart.format(latency.at(0.99)),
                    variant ? "—" : ratio(jinit, latency, Percentiles::median),
                    variant ? "—" : ratio(jinit, latency, p -> p.at(0.99)),
                    initCpuPerRoundTrip(trial, contender), exitStatus(trial, contender)));
            chart.add(new BarChart.Group(contender.label(),
                    List.of(latency.median(), latency.at(0.9), latency.at(0.99)), "", contender == JINIT));
        }
        String chartFile = writeChart(trial, chart);
        return "### " + capitalized(modeLabel(mode)) + "\n\n"
                + MarkdownTable.of(List.of("init", "round trips", "p50 µs", "p90 µs", "p99 µs", "jinit ÷ init, p50",
                        "jinit ÷ init, p99", "init CPU µs per round trip", "exit status"), body)
                + "\n![" + title + "](" + chartFile + ")\n\n";
    }

    /** The init's CPU time over the measured round trips, divided by their number. */
    private String initCpuPerRoundTrip(String trial, Contender contender) {
        List<long[]> uses = TrialRecord.select(rows, trial, Kind.INIT_CPU, contender).map(Row::values).toList();
        long roundTrips = uses.stream().mapToLong(use -> use[2]).sum();
        return roundTrips == 0 ? "—"
                : BarChart.format(uses.stream().mapToLong(use -> use[0]).sum() * MICROS_PER_NANO / roundTrips);
    }

    /** Per percentile, every variant with checks against jinit without: met only if each is within the margin. */
    private void checksTargets(Forwarding mode, Map<Contender, Percentiles> latencies) {
        checksTarget("p50", mode, latencies, Percentiles::median, CHECKS_P50_TARGET);
        checksTarget("p99", mode, latencies, p -> p.at(0.99), CHECKS_P99_TARGET);
    }

    private void checksTarget(String percentile, Forwarding mode, Map<Contender, Percentiles> latencies,
            Function<Percentiles, Double> figure, double limit) {
        String goal = "forward latency " + percentile + " with health checks running ≤ " + limit
                + " × jinit's without, " + modeLabel(mode);
        Percentiles jinit = latencies.get(JINIT);
        if (jinit == null || jinit.isEmpty()) {
            targets.add(new Target(goal, "jinit not measured", Verdict.MISSED));
            return;
        }
        List<String> measured = new ArrayList<>();
        boolean met = true;
        for (Contender checked : Contender.JINIT_WITH_CHECKS) {
            Percentiles latency = latencies.get(checked);
            if (latency == null || latency.isEmpty()) {
                measured.add(checked.label() + " not measured");
                met = false;
                continue;
            }
            double ratio = figure.apply(latency) / figure.apply(jinit);
            met &= ratio <= limit;
            measured.add(checked.label() + " " + ratioText(ratio) + " (" + BarChart.format(figure.apply(latency)) + ")");
        }
        targets.add(new Target(goal, String.join("; ", measured) + " against " + BarChart.format(figure.apply(jinit)),
                met ? Verdict.MET : Verdict.MISSED));
    }

    private void latencyTargets(Forwarding mode, Map<Contender, Percentiles> latencies) {
        String label = modeLabel(mode);
        targets.add(ratioTarget("forward latency p50 ≤ " + LATENCY_P50_TARGET + " × tini's, " + label,
                latencies.get(JINIT), latencies.get(TINI), Percentiles::median, LATENCY_P50_TARGET, true));
        targets.add(ratioTarget("forward latency p99 ≤ " + LATENCY_P99_TARGET + " × tini's, " + label,
                latencies.get(JINIT), latencies.get(TINI), p -> p.at(0.99), LATENCY_P99_TARGET, true));
    }

    private String reapSection() {
        Map<Contender, Bursts> bursts = new EnumMap<>(Contender.class);
        for (Contender contender : INITS) {
            List<long[]> measured = TrialRecord.select(rows, ReapBenchmark.NAME, Kind.BURST, contender)
                    .map(Row::values).toList();
            if (!measured.isEmpty()) {
                bursts.put(contender, new Bursts(
                        measured.stream().mapToLong(burst -> burst[0]).sum(),
                        new Percentiles(measured.stream().mapToDouble(burst -> burst[0] / (burst[1] * 1e-9)).toArray()),
                        new Percentiles(measured.stream().mapToDouble(burst -> burst[1] * MILLIS_PER_NANO).toArray()),
                        measured.stream().mapToLong(burst -> burst[2]).sum()));
            }
        }
        Bursts jinit = bursts.get(JINIT);
        List<List<String>> body = new ArrayList<>();
        BarChart chart = new BarChart("Orphans reaped per second (median burst)", "orphans per second", List.of("median"),
                BarChart.Scale.LINEAR);
        for (Contender contender : INITS) {
            Bursts burst = bursts.get(contender);
            if (burst == null) {
                body.add(absent(contender, 9));
                chart.add(new BarChart.Group(contender.label(), List.of(), absence(contender), false));
                continue;
            }
            body.add(List.of(name(contender), burst.throughput().count() + " × " + burst.orphans() / burst.throughput().count(),
                    BarChart.format(burst.throughput().median()), BarChart.format(burst.throughput().min()),
                    BarChart.format(burst.drainMillis().median()), BarChart.format(burst.drainMillis().max()),
                    String.valueOf(burst.zombies()),
                    jinit == null ? "" : ratioText(jinit.throughput().median() / burst.throughput().median()),
                    exitStatus(ReapBenchmark.NAME, contender)));
            chart.add(new BarChart.Group(contender.label(), List.of(burst.throughput().median()), "", contender == JINIT));
        }
        Bursts tini = bursts.get(TINI);
        targets.add(ratioTarget("reap throughput ≥ tini's (median burst)", jinit == null ? null : jinit.throughput(),
                tini == null ? null : tini.throughput(), Percentiles::median, REAP_THROUGHPUT_TARGET, false));
        targets.add(jinit == null
                ? new Target("no zombie left after any burst", "no data", Verdict.NOT_ASSESSED)
                : new Target("no zombie left after any burst", jinit.zombies() + " zombies left in "
                        + jinit.throughput().count() + " bursts", jinit.zombies() == 0 ? Verdict.MET : Verdict.MISSED));
        return "## 2. Reaping a fork storm\n\n"
                + "The child (a shell script) starts a burst of orphans, each blocked reading one pipe, and, on the "
                + "harness's word, closes the pipe: they all exit at once, and the init must reap them. Timed from "
                + "that word until the last orphan's pid has left `/proc` (the harness looks every "
                + BarChart.format(ReapBenchmark.DRAIN_POLL.toNanos() * MILLIS_PER_NANO) + " ms); then the init's "
                + "children are checked for zombies. Orphans per second: the burst's orphans over that time, which "
                + "includes their own exits. At the end the child exits with " + ChildPrograms.ORPHAN_BURSTS_EXIT_STATUS
                + ", which the init must pass on. Single-child mode, not pinned to a CPU. Throughput: higher is "
                + "better.\n\n"
                + MarkdownTable.of(List.of("init", "bursts × orphans", "orphans/s, median", "orphans/s, slowest burst",
                        "drain ms, median", "drain ms, max", "zombies left", "jinit ÷ init, orphans/s", "exit status"), body)
                + "\n![Reap throughput](" + writeChart(ReapBenchmark.NAME, chart) + ")\n\n";
    }

    private String startupSection() {
        List<List<String>> body = new ArrayList<>();
        BarChart startupChart = new BarChart("Start-up: init started to child running", "milliseconds", List.of("p50", "p90"),
                BarChart.Scale.LOGARITHMIC);
        BarChart memoryChart = new BarChart("Idle memory of the init", "MiB", List.of("resident", "private", "proportional"),
                BarChart.Scale.LOGARITHMIC);
        Percentiles jinitStartup = startup(JINIT);
        List<Percentiles> jinitMemory = IdleMemory.inMib(rows, JINIT);
        for (Contender contender : INITS_AND_BASELINE) {
            Percentiles startup = startup(contender);
            if (startup.isEmpty()) {
                body.add(absent(contender, 11));
                startupChart.add(new BarChart.Group(contender.label(), List.of(), absence(contender), false));
                memoryChart.add(new BarChart.Group(contender.label(), List.of(), absence(contender), false));
                continue;
            }
            List<Percentiles> memory = IdleMemory.inMib(rows, contender);
            List<String> row = new ArrayList<>(List.of(name(contender), String.valueOf(startup.count()),
                    BarChart.format(startup.median()), BarChart.format(startup.at(0.9)),
                    ratio(jinitStartup, startup, Percentiles::median)));
            memory.forEach(figure -> row.add(figure.isEmpty() ? "—" : BarChart.format(figure.median())));
            Stream.of(ProcFs.Memory.RESIDENT, ProcFs.Memory.PRIVATE).forEach(figure -> row.add(memory.get(figure).isEmpty()
                    ? "—" : ratio(jinitMemory.get(figure), memory.get(figure), Percentiles::median)));
            row.add(exitStatus(StartupBenchmark.NAME, contender));
            body.add(row);
            startupChart.add(new BarChart.Group(contender.label(), List.of(startup.median(), startup.at(0.9)), "",
                    contender == JINIT));
            memoryChart.add(memory.getFirst().isEmpty()
                    ? new BarChart.Group(contender.label(), List.of(), "not an init", false)
                    : new BarChart.Group(contender.label(), memory.stream().map(Percentiles::median).toList(), "",
                            contender == JINIT));
        }
        return "## 4. Start-up and idle memory\n\n"
                + "Start-up: from starting `unshare ... INIT -- sh -c 'printf x; exit "
                + ChildPrograms.STARTUP_PROBE_EXIT_STATUS + "'` until the harness reads that byte; the exit status "
                + "is checked too. Memory of each init " + ReapBenchmark.IDLE_BEFORE_MEMORY.toSeconds()
                + " s after it started its child (benchmark 2's shell script, "
                + "waiting for its first burst): resident (VmRSS), private (RssAnon: memory no other process can "
                + "share) and proportional (Pss: private memory plus an equal share of each file page mapped by "
                + "others too; one instance of each init runs, so a second container from the same image would "
                + "lower jinit's). Neither is pinned to a CPU. Lower is better.\n\n"
                + MarkdownTable.of(List.of("init", "starts", "p50 ms", "p90 ms", "jinit ÷ init, p50", "resident MiB", "private MiB",
                        "proportional MiB", "jinit ÷ init, resident", "jinit ÷ init, private", "exit status"), body)
                + "\n![Start-up](" + writeChart(StartupBenchmark.NAME, startupChart) + ")\n"
                + "![Idle memory](" + writeChart("memory", memoryChart) + ")\n\n";
    }

    private Percentiles startup(Contender contender) {
        return Percentiles.of(TrialRecord.values(rows, StartupBenchmark.NAME, Kind.STARTUP_NS, contender), MILLIS_PER_NANO);
    }

    private Target exitStatusTarget() {
        List<long[]> statuses = rows.stream()
                .filter(row -> row.kind() == Kind.EXIT_STATUS && row.contender().equals(JINIT.label()))
                .map(Row::values).toList();
        long wrong = statuses.stream().filter(status -> status[0] != status[1]).count();
        String goal = "exit status exact in every run (all benchmarks)";
        if (statuses.isEmpty()) {
            return new Target(goal, "no data", Verdict.NOT_ASSESSED);
        }
        return new Target(goal, (statuses.size() - wrong) + " of " + statuses.size() + " exact",
                wrong == 0 ? Verdict.MET : Verdict.MISSED);
    }

    private String rawDataSection() {
        return "## Raw data\n\n"
                + "`raw/*.tsv`: every measurement, one a line (`KIND INIT VALUE...`; nanoseconds, KiB), from which "
                + "every figure above is computed. `jmh/*.json`: JMH's own results (the time of one round through "
                + "every contender). Percentiles are nearest-rank: each is a measured sample.\n";
    }

    /** jinit's figure over tini's must stay at or below {@code limit} (or, for throughput, at or above it). */
    private static Target ratioTarget(String goal, Percentiles jinit, Percentiles tini, Function<Percentiles, Double> figure,
            double limit, boolean lowerIsBetter) {
        if (tini == null || tini.isEmpty()) {
            return new Target(goal, "tini not installed or not measured", Verdict.NOT_ASSESSED);
        }
        if (jinit == null || jinit.isEmpty()) {
            return new Target(goal, "jinit not measured", Verdict.MISSED);
        }
        double ratio = figure.apply(jinit) / figure.apply(tini);
        boolean met = lowerIsBetter ? ratio <= limit : ratio >= limit;
        return new Target(goal, ratioText(ratio) + " (" + BarChart.format(figure.apply(jinit)) + " against "
                + BarChart.format(figure.apply(tini)) + ")", met ? Verdict.MET : Verdict.MISSED);
    }

    /** "exact (12 of 12)", or which statuses were wrong. */
    private String exitStatus(String trial, Contender contender) {
        List<long[]> statuses = TrialRecord.select(rows, trial, Kind.EXIT_STATUS, contender).map(Row::values).toList();
        List<String> wrong = statuses.stream().filter(status -> status[0] != status[1])
                .map(status -> status[1] + " for " + status[0]).toList();
        if (statuses.isEmpty()) {
            return "—";
        }
        return wrong.isEmpty() ? "exact (" + statuses.size() + " of " + statuses.size() + ")"
                : "**wrong** in " + wrong.size() + " of " + statuses.size() + ": " + String.join(", ", wrong);
    }

    private String writeChart(String name, BarChart chart) {
        String file = name + ".svg";
        try {
            Files.writeString(directory.resolve(file), chart.toSvg());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String ratio(Percentiles jinit, Percentiles other, Function<Percentiles, Double> figure) {
        if (other == null || other.isEmpty()) {
            return "—";
        }
        return jinit == null || jinit.isEmpty() ? "" : ratioText(figure.apply(jinit) / figure.apply(other));
    }

    private static String ratioText(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private String absence(Contender contender) {
        return machine.missingPeers().contains(contender) ? "not installed" : "no data";
    }

    /** A table row for a contender with no figures: why, then empty cells. */
    private List<String> absent(Contender contender, int columns) {
        return Stream.concat(Stream.of(name(contender), absence(contender)), Stream.generate(() -> ""))
                .limit(columns).toList();
    }

    private static String name(Contender contender) {
        return contender == JINIT ? "**jinit**" : contender == NO_INIT ? "*no init*" : contender.label();
    }

    private static String modeLabel(Forwarding mode) {
        return mode == Forwarding.SINGLE_CHILD ? "single child" : "process group";
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
