package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Start-up: picocli's classes come from the image's AOT cache, and only the first JVM runs picocli. */
class AotCacheTest {
    private static final Path IMAGE = Path.of(System.getProperty("jinit.image", "target/jinit"));

    /** Lines that {@code -Xlog:OPTION} writes for a start of {@code jinit -- true}, in both JVMs (the re-exec keeps the command line). */
    private static List<String> logOfAStart(String option, String containing) {
        return ExternalCommand.run(IMAGE.resolve("bin/java").toString(), "-Xlog:" + option, "-m", "dev.jinit.cli", "--", "true")
                .requireSuccess().stdout().lines().filter(line -> line.contains(containing)).toList();
    }

    /**
     * picocli's published jar could not be cached (Java 5 classes); the module built from its source can. A JVM
     * loads every class of its AOT cache as it starts, so both JVMs load them.
     */
    @Test
    void picocliClassesLoadFromTheAotCacheInBothJvms() {
        assertThat(logOfAStart("class+load=info", "[class,load] picocli."))
                .anyMatch(line -> line.contains("picocli.CommandLine$Interpreter "))
                .hasSizeGreaterThan(200)
                .allMatch(line -> line.endsWith("source: shared objects file"));
    }

    /**
     * The training run covers what each JVM does: a start reads no class from the image's modules (a
     * compressed read costs its inflating too), in the first JVM, whose own record the exec loses, either.
     */
    @Test
    void aStartLoadsNoClassFromTheModules() {
        assertThat(logOfAStart("class+load=info", "[class,load] ")).hasSizeGreaterThan(2000)
                .noneMatch(line -> line.contains("source: jrt:/"));
    }

    /** The re-executed JVM takes the plan the first one read: its start runs no picocli code. */
    @Test
    void onlyTheFirstJvmParsesTheCommandLine() {
        assertThat(logOfAStart("class+init=info", "Initializing 'picocli/CommandLine$Model$CommandSpec'")).hasSize(1);
        assertThat(logOfAStart("class+init=info", "Initializing 'dev/jinit/cli/Handover'")).hasSize(2);
    }
}
