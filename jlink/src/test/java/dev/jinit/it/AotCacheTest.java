package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Start-up: picocli's classes come from the image's AOT cache, not from its modules. */
class AotCacheTest {
    private static final Path IMAGE = Path.of(System.getProperty("jinit.image", "target/jinit"));

    /** picocli's published jar could not be cached (Java 5 classes); the module built from its source can. */
    @Test
    void picocliClassesLoadFromTheAotCacheInBothJvms() {
        // -Xlog writes to stdout, in both JVMs (the re-exec keeps the command line).
        List<String> picocliClasses = ExternalCommand.run(IMAGE.resolve("bin/java").toString(), "-Xlog:class+load=info",
                        "-m", "dev.jinit.cli", "--", "true").requireSuccess().stdout().lines()
                .filter(line -> line.contains("[class,load] picocli.")).toList();
        assertThat(picocliClasses).as("both JVMs parse the command line with picocli")
                .anyMatch(line -> line.contains("picocli.CommandLine$Interpreter "))
                .hasSizeGreaterThan(200)
                .allMatch(line -> line.endsWith("source: shared objects file"));
    }
}
