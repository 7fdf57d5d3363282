package dev.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.core.ControlRequest;
import dev.jinit.core.ExitCodes;
import dev.jinit.core.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Runs jinit's command line in-process, its output captured: nothing is started. */
abstract class ParsingTest {
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private PrintStream originalOut;

    @BeforeEach
    void captureOutput() {
        originalErr = System.err;
        originalOut = System.out;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutputAndVerbosity() {
        System.setErr(originalErr);
        System.setOut(originalOut);
        // Parsing sets the log's verbosity for the whole JVM: the next test starts from the default.
        Log.setVerbosity(Log.WARN);
    }

    /** The request a --control command line would send. */
    final AtomicReference<ControlRequest> requested = new AtomicReference<>();

    /** Runs the parser; the plan it would launch, if any, lands in {@code launched}, a request in {@link #requested}. */
    int execute(Map<String, String> environment, AtomicReference<Plan> launched, String... args) {
        stderr.reset();
        return JinitCommand.execute(args, environment, plan -> {
            launched.set(plan);
            return 0;
        }, request -> {
            requested.set(request);
            return 0;
        });
    }

    void assertBadUsage(Map<String, String> environment, List<String> args) {
        AtomicReference<Plan> launched = new AtomicReference<>();
        int status = execute(environment, launched, args.toArray(String[]::new));
        String description = environment + " " + args.stream().map(a -> a.length() > 40 ? a.substring(0, 40) + "..." : a).toList();
        assertThat(status).as(description).isEqualTo(ExitCodes.USAGE);
        assertThat(launched.get()).as(description).isNull();
        assertThat(stderr.toString(StandardCharsets.UTF_8).lines().toList()).as(description)
                .singleElement().asString().startsWith("[jinit] ERROR ").endsWith("(see 'jinit --help')");
    }
}
