package dev.jinit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pins processes to CPUs, with util-linux's {@code taskset} (init-core binds no
 * sched_setaffinity). A latency benchmark runs its whole measured path (harness, init, child) on
 * one CPU: a wakeup across CPUs costs tens of microseconds more on a virtual machine whose idle
 * CPUs halt, and whether one happens depends on where the scheduler happened to put each process,
 * which differs from contender to contender and run to run.
 */
final class CpuAffinity {
    private CpuAffinity() {}

    /** The CPUs this process may run on ({@code Cpus_allowed_list} of {@code /proc/self/status}), in order. */
    static List<Integer> allowedCpus() {
        try {
            String list = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Cpus_allowed_list:"))
                    .map(line -> line.substring("Cpus_allowed_list:".length()).strip())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("/proc/self/status has no Cpus_allowed_list"));
            List<Integer> cpus = new ArrayList<>();
            for (String range : list.split(",")) {
                String[] bounds = range.split("-");
                int first = Integer.parseInt(bounds[0]);
                int last = Integer.parseInt(bounds[bounds.length - 1]);
                for (int cpu = first; cpu <= last; cpu++) {
                    cpus.add(cpu);
                }
            }
            return cpus;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pins every thread of {@code pid} to {@code cpu}; threads and processes it starts later inherit it. */
    static void pin(long pid, int cpu) {
        List<String> command = List.of("taskset", "--all-tasks", "--cpu-list", "--pid", String.valueOf(cpu), String.valueOf(pid));
        try {
            Process taskset = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
