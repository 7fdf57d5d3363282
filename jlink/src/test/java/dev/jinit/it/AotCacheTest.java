package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Start-up: the classes jinit's start needs come from the image's AOT cache, not from its modules. */
class AotCacheTest {
    private static final Path IMAGE = Path.of(System.getProperty("jinit.image", "target/jinit"));

    /** picocli's published jar could not be cached (Java 5 classes); the module built from its source can. */
    @Test
    void picocliClassesLoadFromTheAotCacheInBothJvms() throws IOException, InterruptedException {
        Process jinit = new ProcessBuilder(IMAGE.resolve("bin/java").toString(), "-Xlog:class+load=info", "-m",
                "dev.jinit.cli", "--", "true").redirectErrorStream(true).start();
        List<String> picocliClasses = new String(jinit.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("[class,load] picocli.")).toList();
        assertThat(jinit.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(jinit.exitValue()).isZero();
        assertThat(picocliClasses).as("both JVMs parse the command line with picocli")
                .anyMatch(line -> line.contains("picocli.CommandLine$Interpreter "))
                .hasSizeGreaterThan(200)
                .allMatch(line -> line.endsWith("source: shared objects file"));
    }
}
