package dev.jinit.bench;

import dev.jinit.bench.child.SignalEcho;
import dev.jinit.core.libc.Libc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command lines of the children the benchmarks run, the same under every init: written for
 * the benchmark, in Java (with init-core's bindings) or POSIX sh.
 */
final class ChildPrograms {
    /** The exit status the orphan-burst child ends with; the init must pass it on exactly. */
    static final int ORPHAN_BURSTS_EXIT_STATUS = 73;
    /** The exit status of the start-up probe. */
    static final int STARTUP_PROBE_EXIT_STATUS = 3;

    /**
     * Starts the storm generator in the background, stopped, then becomes the echo child (exec
     * keeps the pid, so the generator is the echo child's child). The generator orphans one
     * process per loop, as fast as it can fork, and ignores SIGUSR1, which the process-group
     * benchmarks send it too; the harness resumes it (SIGCONT) only while it measures that init.
     */
    private static final String ECHO_WITH_STORM =
            "sh -c \"trap '' USR1; kill -STOP \\$\\$; while :; do (: &); done\" </dev/null >/dev/null 2>&1 & exec \"$@\"";

    private ChildPrograms() {}

    /** {@link SignalEcho} in a JVM of its own, started with the JDK that runs the harness. */
    static List<String> signalEcho() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xrs", "--enable-native-access=ALL-UNNAMED",
                // A small, quiet JVM: the benchmark is about the init, not this child.
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xmx32m",
                "-cp", codeSource(SignalEcho.class) + ":" + codeSource(Libc.class),
                SignalEcho.class.getName());
    }

    /** {@link #signalEcho()}, with a stopped fork-storm generator as its child. */
    static List<String> signalEchoWithStorm() {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", ECHO_WITH_STORM, "storm-then-echo"));
        command.addAll(signalEcho());
        return command;
    }

    /** The orphan-burst child ({@code orphan-bursts.sh}); its commands are in the script. */
    static List<String> orphanBursts() {
        return List.of("/bin/sh", "-c", resource("orphan-bursts.sh"), "orphan-bursts",
                String.valueOf(ORPHAN_BURSTS_EXIT_STATUS));
    }

    /** Writes one byte as soon as it runs, then exits with {@link #STARTUP_PROBE_EXIT_STATUS}. */
    static List<String> startupProbe() {
        return List.of("/bin/sh", "-c", "printf x; exit " + STARTUP_PROBE_EXIT_STATUS);
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type, e);
        }
    }

    private static String resource(String name) {
        try (InputStream script = ChildPrograms.class.getResourceAsStream(name)) {
            if (script == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
