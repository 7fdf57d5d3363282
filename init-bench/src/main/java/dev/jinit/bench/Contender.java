package dev.jinit.bench;

import dev.jinit.core.Forwarding;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An init the benchmarks compare, and how it is asked for each forwarding mode (each tool's
 * {@code --help}: tini and catatonit forward to the child alone unless {@code -g}; dumb-init to
 * the child's session unless {@code -c}).
 *
 * <p>The variants of jinit run the same image with the same flags, their child health-checked
 * every {@link #CHECK_INTERVAL}: a check must never delay forwarding, so they are measured beside
 * jinit without checks. The check is the child's own: a second command would also double the
 * signals to forward.
 */
enum Contender {
    JINIT("jinit", List.of("-c"), List.of("-g")),
    /** Each check a spawn and a reap of jinit's own, beside the child's signals. */
    JINIT_EXEC_CHECKS("jinit, exec checks", JINIT, () -> "exec:/bin/true"),
    /** Each check a connect to the harness's listener (the PID namespace shares the host's network). */
    JINIT_TCP_CHECKS("jinit, tcp checks", JINIT, () -> "tcp:" + CheckListener.port()),
    TINI("tini", List.of(), List.of("-g")),
    DUMB_INIT("dumb-init", List.of("-c"), List.of()),
    CATATONIT("catatonit", List.of(), List.of("-g")),
    /** The child alone as PID 1: what the hop through an init costs on top. Not an init, so it reaps nothing. */
    NO_INIT("no init", List.of(), List.of());

    /** The runtime image built by the jlink module; set by the POM, and passed on to JMH's forks. */
    static final String IMAGE_PROPERTY = "jinit.bench.image";
    /** The peers: Debian packages, looked up on PATH. */
    static final List<Contender> PEERS = List.of(TINI, DUMB_INIT, CATATONIT);
    /** jinit with health checks running. */
    static final List<Contender> JINIT_WITH_CHECKS = List.of(JINIT_EXEC_CHECKS, JINIT_TCP_CHECKS);
    /**
     * Far shorter than a real service's: a round of the fleet takes a fraction of a millisecond, and a
     * check that held up forwarding should touch enough round trips to show at p99.
     */
    static final Duration CHECK_INTERVAL = Duration.ofMillis(20);

    private final String label;
    private final List<String> singleChildFlags;
    private final List<String> processGroupFlags;
    /** The init whose program this one runs: itself, or jinit for its variants. */
    private final Contender init;
    /** The child's health check; null for no check. */
    private final Supplier<String> healthCheck;

    Contender(String label, List<String> singleChildFlags, List<String> processGroupFlags) {
        this.label = label;
        this.singleChildFlags = singleChildFlags;
        this.processGroupFlags = processGroupFlags;
        this.init = null;
        this.healthCheck = null;
    }

    /** {@code init} with its child health-checked by {@code healthCheck}, computed when a command line is. */
    Contender(String label, Contender init, Supplier<String> healthCheck) {
        this.label = label;
        this.singleChildFlags = init.singleChildFlags;
        this.processGroupFlags = init.processGroupFlags;
        this.init = init;
        this.healthCheck = healthCheck;
    }

    String label() {
        return label;
    }

    /** The init whose program this one runs: jinit for jinit's variants. */
    Contender init() {
        return init == null ? this : init;
    }

    /** jinit and every peer found on PATH, in declaration order; never the baseline. */
    static List<Contender> installedInits() {
        List<Contender> inits = new ArrayList<>();
        inits.add(JINIT);
        PEERS.stream().filter(peer -> peer.executable().isPresent()).forEach(inits::add);
        return inits;
    }

    /** The peers not found on PATH: the report names them rather than leaving them out. */
    static List<Contender> missingPeers() {
        return PEERS.stream().filter(peer -> peer.executable().isEmpty()).toList();
    }

    /**
     * {@code INIT FLAGS -- CHILD...}, with jinit's command options before the child for a variant
     * with checks; the child alone for {@link #NO_INIT}.
     */
    List<String> commandLine(Forwarding forwarding, List<String> child) {
        if (this == NO_INIT) {
            return List.copyOf(child);
        }
        List<String> command = new ArrayList<>(program());
        command.addAll(forwarding == Forwarding.SINGLE_CHILD ? singleChildFlags : processGroupFlags);
        command.add("--");
        if (healthCheck != null) {
            command.addAll(List.of("--health", healthCheck.get(),
                    "--health-interval", CHECK_INTERVAL.toMillis() + "ms"));
        }
        command.addAll(child);
        return command;
    }

    /** What {@code --version} prints, on one line; empty for the baseline. */
    String version() {
        if (this == NO_INIT) {
            return "";
        }
        List<String> command = new ArrayList<>(program());
        command.add("--version");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return String.join("; ", output.strip().lines().toList());
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    /**
     * How the init is started. jinit: the image's own {@code java -m dev.jinit.cli}, as a distroless
     * ENTRYPOINT starts it; {@code bin/jinit} would add a shell and two commands to every start.
     */
    private List<String> program() {
        Path executable = executable().orElseThrow(() -> new IllegalStateException(label + " is not installed"));
        return init() == JINIT ? List.of(executable.toString(), "-m", "dev.jinit.cli") : List.of(executable.toString());
    }

    private Optional<Path> executable() {
        return switch (init()) {
            case JINIT -> Optional.of(jinitImage().resolve("bin").resolve("java"));
            case NO_INIT -> Optional.empty();
            default -> onPath(label);
        };
    }

    /** The image must exist: without jinit there is nothing to compare. */
    static Path jinitImage() {
        String image = System.getProperty(IMAGE_PROPERTY);
        if (image == null) {
            throw new IllegalStateException("no jinit image: set -D" + IMAGE_PROPERTY + "=.../jlink/target/jinit");
        }
        Path path = Path.of(image).toAbsolutePath().normalize();
        if (!Files.isExecutable(path.resolve("bin").resolve("java"))) {
            throw new IllegalStateException("no jinit image at " + path + ": build it with ./build.sh -pl jlink -am package");
        }
        return path;
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
