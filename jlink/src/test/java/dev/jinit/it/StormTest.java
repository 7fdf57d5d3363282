package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Storms of signals and of short-lived orphans, bounded for the test suite. The soak run scales
 * them up: {@code ./build.sh -pl jlink -am verify -Dtest='StormTest' -Djinit.soak=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class StormTest {
    private static final boolean SOAK = Boolean.getBoolean("jinit.soak");
    private static final int REALTIME_SIGNALS = SOAK ? 100_000 : 10_000;
    private static final int STANDARD_SIGNALS = SOAK ? 200_000 : 20_000;
    private static final int ORPHANS = SOAK ? 100_000 : 10_000;
    private static final long MEMORY_GROWTH_LIMIT_KB = 12 * 1024;
    private static final Duration STORM_TIMEOUT = Duration.ofMinutes(SOAK ? 30 : 3);
    /** The data signal and the end-of-storm marker: a higher number, so the kernel hands it out after the data. */
    private static final int DATA = Signals.SIGRTMIN + 6;
    private static final int END = Signals.SIGRTMAX - 1;
    /**
     * Blocks the signals named in its arguments, takes them with sigwaitinfo and counts them by
     * number; at END it prints the counts and exits 0.
     */
    private static final String COUNTER = """
            import signal, sys
            watched = {int(s) for s in sys.argv[1:]}
            signal.pthread_sigmask(signal.SIG_BLOCK, watched)
            print("ready", flush=True)
            counts = {}
            while True:
                number = signal.sigwaitinfo(watched).si_signo
                if number == %d:
                    break
                counts[number] = counts.get(number, 0) + 1
            print(" ".join(f"{n}={c}" for n, c in sorted(counts.items())), flush=True)
            """.formatted(END);
    /** Standard signals that neither stop, continue nor end anything: safe to send by the thousand. */
    private static final List<Integer> HARMLESS = List.of(Signals.SIGHUP, Signals.SIGUSR1, Signals.SIGUSR2, 13, 14,
            23, 28, 29, 30);

    private static JinitProcess startCounter(String mode, List<Integer> signals) {
        List<String> arguments = new ArrayList<>(List.of(mode, "python3", "-c", COUNTER));
        signals.forEach(signal -> arguments.add(String.valueOf(signal)));
        arguments.add(String.valueOf(END));
        JinitProcess jinit = JinitProcess.asPid1(arguments.toArray(String[]::new));
        jinit.awaitLine("ready");
        return jinit;
    }

    @ParameterizedTest(name = "jinit {0}")
    @ValueSource(strings = {"-g", "-c"})
    void everyRealtimeSignalOfAStormReachesTheChild(String mode) {
        try (JinitProcess jinit = startCounter(mode, List.of(DATA))) {
            for (int i = 0; i < REALTIME_SIGNALS; i++) {
                jinit.signal(DATA);
            }
            jinit.signal(END);
            // Realtime signals queue: none may be lost on the way through jinit.
            jinit.awaitLine(DATA + "=" + REALTIME_SIGNALS);
            assertThat(jinit.awaitExit(STORM_TIMEOUT)).isZero();
        }
    }

    @ParameterizedTest(name = "jinit {0}")
    @ValueSource(strings = {"-g", "-c"})
    void aStormOfStandardSignalsNeverStallsJinit(String mode) {
        Random random = new Random(9);
        try (JinitProcess jinit = startCounter(mode, HARMLESS)) {
            for (int i = 0; i < STANDARD_SIGNALS; i++) {
                jinit.signal(HARMLESS.get(random.nextInt(HARMLESS.size())));
            }
            // Standard signals pending twice merge into one, in jinit as in any process: only the END must arrive.
            jinit.signal(END);
            assertThat(jinit.awaitExit(STORM_TIMEOUT)).isZero();
            assertThat(jinit.stdout()).hasSize(2);
        }
    }

    /**
     * Orphans made as fast as a shell can, while jinit's signal forwarding is checked and its
     * memory watched; the main command exits with 42 in the middle of the storm. Single-child
     * mode, so that the USR1 reaches the trapping shell only, not its short-lived sleeps.
     */
    @Test
    void forkStormLeavesNoZombieKeepsForwardingAndKeepsTheExactStatus(@TempDir Path directory)
            throws IOException {
        Path progress = directory.resolve("progress");
        String stormMaker = """
                i=0
                while [ "$i" -lt "$1" ]; do
                  for j in 1 2 3 4 5 6 7 8 9 10; do (true &); done
                  i=$((i + 10))
                  [ $((i % 500)) -eq 0 ] && echo "$i" > "$2"
                done
                echo done > "$2"
                sleep 1000
                """;
        String main = """
                trap 'echo got USR1' USR1
                setsid sh -c '%s' storm "$1" "$2" &
                echo ready
                while [ "$(cat "$2" 2>/dev/null)" != done ]; do sleep 0.05 & wait $!; done
                sleep 0.5
                zombies=0
                for stat in /proc/[0-9]*/stat; do
                  read -r line < "$stat" 2>/dev/null || continue
                  set -- ${line##*) }
                  [ "$1" = Z ] && zombies=$((zombies + 1))
                done
                echo "zombies=$zombies"
                exit 42
                """.formatted(stormMaker.replace("'", "'\\''"));
        try (JinitProcess jinit = JinitProcess.asPid1("--single-child", "--grace", "2s", "--", "dash", "-c", main, "main",
                String.valueOf(ORPHANS), progress.toString())) {
            jinit.awaitLine("ready");
            awaitProgress(jinit, progress, ORPHANS / 4);
            long residentAtQuarter = residentKilobytes(jinit.jinitPid());
            jinit.signal(Signals.SIGUSR1);
            jinit.awaitLine("got USR1");
            awaitProgress(jinit, progress, ORPHANS * 9 / 10);
            long residentNearTheEnd = residentKilobytes(jinit.jinitPid());
            jinit.awaitLine("zombies=0");
            assertThat(jinit.awaitExit(STORM_TIMEOUT)).as("the main command's status, after the storm").isEqualTo(42);
            assertThat(jinit.stderr()).isEmpty();
            // Flat: what reaping thousands of orphans costs must not pile up (a leak of 1 KB each shows in the soak).
            assertThat(residentNearTheEnd - residentAtQuarter).as("growth of jinit's resident memory, in KB")
                    .isLessThan(MEMORY_GROWTH_LIMIT_KB);
        }
    }

    private static void awaitProgress(JinitProcess jinit, Path progress, int orphans) {
        long deadline = System.nanoTime() + STORM_TIMEOUT.toNanos();
        while (progressOf(progress) < orphans) {
            if (System.nanoTime() > deadline || !jinit.isRunning()) {
                throw jinit.failure("made fewer than " + orphans + " orphans in " + STORM_TIMEOUT);
            }
            Polling.sleep(Duration.ofMillis(20));
        }
    }

    private static int progressOf(Path progress) {
        try {
            String text = Files.readString(progress).strip();
            return text.equals("done") ? Integer.MAX_VALUE : Integer.parseInt(text);
        } catch (IOException | NumberFormatException notYet) {
            return 0;
        }
    }

    private static long residentKilobytes(int pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException ended) {
            return -1;
        }
        return -1;
    }
}
