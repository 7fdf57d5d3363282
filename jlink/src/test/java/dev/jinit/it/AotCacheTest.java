package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up: picocli's classes come from the image's AOT cache, and only the first JVM runs picocli or reads a configuration file. */
class AotCacheTest {
    private static final Path IMAGE = Path.of(System.getProperty("jinit.image", "target/jinit"));
    /** What {@code -Xlog:class+load,class+init} writes for a start of {@code jinit -- true}, in both JVMs (the re-exec keeps the command line). */
    private static List<String> log;

    @BeforeAll
    static void startOnce() {
        log = ExternalCommand.run(IMAGE.resolve("bin/java").toString(), "-Xlog:class+load=info,class+init=info",
                "-m", "dev.jinit.cli", "--", "true").requireSuccess().stdout().lines().toList();
    }

    private static List<String> lines(String containing) {
        return log.stream().filter(line -> line.contains(containing)).toList();
    }

    /**
     * picocli's published jar could not be cached (Java 5 classes); the module built from its source can. A JVM
     * loads every class of its AOT cache as it starts, so both JVMs load them.
     */
    @Test
    void picocliClassesLoadFromTheAotCacheInBothJvms() {
        assertThat(lines("[class,load] picocli."))
                .hasSizeGreaterThan(200)
                .allMatch(line -> line.endsWith("source: shared objects file"))
                .filteredOn(line -> line.contains("picocli.CommandLine$Interpreter ")).as("one in each JVM").hasSize(2);
    }

    /**
     * The training run covers what each JVM does: a start reads no class from the image's modules (a
     * compressed read costs its inflating too), in the first JVM, whose own record the exec loses, either.
     */
    @Test
    void aStartLoadsNoClassFromTheModules() {
        assertThat(lines("[class,load] ")).hasSizeGreaterThan(2000)
                .noneMatch(line -> line.contains("source: jrt:/"));
    }

    /**
     * The YAML engine stays out of the AOT cache, whose classes every start loads: only a start with a
     * configuration file loads it, and only its first JVM, which hands the file's commands to the second.
     */
    @Test
    void onlyTheFirstJvmOfAStartWithAConfigurationFileLoadsTheYamlEngine(@TempDir Path directory) throws IOException {
        assertThat(lines("[class,load] org.snakeyaml.")).isEmpty();
        Path config = Files.writeString(directory.resolve("jinit.yaml"), "grace: 1s\ncommands: [{program: \"true\"}]\n");
        List<String> withConfig = ExternalCommand.run(IMAGE.resolve("bin/java").toString(), "-Xlog:class+load=info,class+init=info",
                "-m", "dev.jinit.cli", "--config", config.toString()).requireSuccess().stdout().lines().toList();
        assertThat(withConfig).filteredOn(line -> line.contains("[class,load] org.snakeyaml.")).hasSizeGreaterThan(50);
        assertThat(withConfig).filteredOn(line -> line.contains("Initializing 'org/snakeyaml/engine/v2/scanner/ScannerImpl'"))
                .hasSize(1);
    }

    /** The re-executed JVM takes the plan the first one read: its start runs no picocli code. */
    @Test
    void onlyTheFirstJvmParsesTheCommandLine() {
        assertThat(lines("Initializing 'picocli/CommandLine$Model$CommandSpec'")).hasSize(1);
        assertThat(lines("Initializing 'dev/jinit/cli/Handover'")).hasSize(2);
    }
}
