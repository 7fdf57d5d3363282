package dev.jinit.bench;

import dev.jinit.core.Forwarding;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An init the benchmarks compare, and how it is asked for each forwarding mode (each tool's
 * {@code --help}: tini and catatonit forward to the child alone unless {@code -g}; dumb-init to
 * the child's session unless {@code -c}).
 */
enum Contender {
    JINIT("jinit", List.of("-c"), List.of("-g")),
    TINI("tini", List.of(), List.of("-g")),
    DUMB_INIT("dumb-init", List.of("-c"), List.of()),
    CATATONIT("catatonit", List.of(), List.of("-g")),
    /** The child alone as PID 1: what the hop through an init costs on top. Not an init, so it reaps nothing. */
    NO_INIT("no init", List.of(), List.of());

    /** The runtime image built by the jlink module; set by the POM, and passed on to JMH's forks. */
    static final String IMAGE_PROPERTY = "jinit.bench.image";
    /** The peers: Debian packages, looked up on PATH. */
    static final List<Contender> PEERS = List.of(TINI, DUMB_INIT, CATATONIT);

    private final String label;
    private final List<String> singleChildFlags;
    private final List<String> processGroupFlags;

    Contender(String label, List<String> singleChildFlags, List<String> processGroupFlags) {
        this.label = label;
        this.singleChildFlags = singleChildFlags;
        this.processGroupFlags = processGroupFlags;
    }

    String label() {
        return label;
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

    /** {@code INIT FLAGS -- CHILD...}; the child alone for {@link #NO_INIT}. */
    List<String> commandLine(Forwarding forwarding, List<String> child) {
        if (this == NO_INIT) {
            return List.copyOf(child);
        }
        List<String> command = new ArrayList<>(program());
        command.addAll(forwarding == Forwarding.SINGLE_CHILD ? singleChildFlags : processGroupFlags);
        command.add("--");
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
        return this == JINIT ? List.of(executable.toString(), "-m", "dev.jinit.cli") : List.of(executable.toString());
    }

    private Optional<Path> executable() {
        return switch (this) {
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
