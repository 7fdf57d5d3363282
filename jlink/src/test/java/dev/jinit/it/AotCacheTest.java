package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Start-up: picocli's classes come from the image's AOT cache, and only the first JVM runs picocli. */
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

    /** The re-executed JVM takes the plan the first one read: its start runs no picocli code. */
    @Test
    void onlyTheFirstJvmParsesTheCommandLine() {
        assertThat(lines("Initializing 'picocli/CommandLine$Model$CommandSpec'")).hasSize(1);
        assertThat(lines("Initializing 'dev/jinit/cli/Handover'")).hasSize(2);
    }
}
