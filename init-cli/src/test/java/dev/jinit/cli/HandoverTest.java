package dev.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jinit.core.Log;
import dev.jinit.core.Signals;
import dev.jinit.core.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan the first JVM hands to the second: the second must resolve exactly what the first checked. */
class HandoverTest {
    @AfterEach
    void quiet() {
        Log.setVerbosity(Log.WARN);
    }

    private static Plan parsed(Map<String, String> environment, String... args) {
        AtomicReference<Plan> launched = new AtomicReference<>();
        assertThat(JinitCommand.execute(args, environment, plan -> {
            launched.set(plan);
            return 0;
        }, request -> {
            throw new AssertionError("not a request: " + request);
        })).isZero();
        return launched.get();
    }

    private static Plan handedOver(Plan plan, Map<String, String> environment, String... args) throws Exception {
        String handover = Handover.of(plan);
        assertThat(handover).doesNotContain(";", "\n", "\0").isASCII();
        return Handover.plan(handover, environment, List.of(args));
    }

    @Test
    void theSecondJvmResolvesWhatTheFirstParsed() throws Exception {
        Map<String, String> environment = Map.of("JINIT_GRACE", "3s", "TINI_KILL_PROCESS_GROUP", "");
        String[][] commandLines = {
            {"true"},
            {"-vv", "-c", "--grace=250ms", "-r", "TERM:INT", "--rewrite", "HUP:0", "-e", "143", "-e130", "-p", "RTMIN+3",
                "-w", "--hold-on-failure", "--prefix-output", "--", "sh", "-c", "exit 3"},
            {"-g", "--", "--name", "a b,c;d%e~f ünï", "--restart", "on-failure", "--restart-limit", "3", "x", "---", "--before",
                "--grace", "1s", "y", "--", "z"},
        };
        for (String[] args : commandLines) {
            Plan first = parsed(environment, args);
            Plan second = handedOver(first, environment, args);
            assertThat(second.flags()).isEqualTo(first.flags());
            assertThat(second.specs()).isEqualTo(first.specs());
            assertThat(second.firstCommandArgument()).isEqualTo(first.firstCommandArgument());
            assertThat(second.verbosity()).isEqualTo(first.verbosity());
            assertThat(second.options()).usingRecursiveComparison().ignoringFields("rewrites").isEqualTo(first.options());
            for (int signal = 1; signal <= Signals.MAX; signal++) {
                assertThat(second.options().rewrites().apply(signal)).isEqualTo(first.options().rewrites().apply(signal));
            }
        }
    }

    @Test
    void everyCharacterOfAValueSurvives() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 1; c < 0x250; c++) {
            all.append(c);
        }
        all.append("\uD83D\uDE00");
        String[] args = {"--", "--name", all.toString(), "true"};
        Plan first = parsed(Map.of(), args);
        assertThat(handedOver(first, Map.of(), args).specs().getFirst().name()).isEqualTo(all.toString());
    }

    @Test
    void aConfigurationFilesCommandsAreHandedOverNotReadAgain(@TempDir Path directory) throws Exception {
        Path config = Files.writeString(directory.resolve("jinit.yaml"), """
                grace: 3s
                commands:
                  - {name: "a b,c;d%e~f", restart: always, program: [sh, -c, "exit 3", "ünï ~"]}
                  - {before: true, program: [true]}
                """);
        String[] args = {"-v", "--config", config.toString()};
        Plan first = parsed(Map.of(), args);
        Files.delete(config);
        Plan second = handedOver(first, Map.of(), args);
        assertThat(second.configuredCommands()).isEqualTo(first.configuredCommands()).contains("ünï ~");
        assertThat(second.specs()).isEqualTo(first.specs());
        assertThat(second.flags()).isEqualTo(first.flags());
        assertThat(second.options().grace()).isEqualTo(first.options().grace());
    }

    @Test
    void aMalformedHandoverIsAStartupErrorNamingIt() {
        List<String> malformed = new ArrayList<>(List.of("", "1", "x ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ 0 ~", "9 ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ 0 ~",
                "0 maybe ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ 0 ~", "0 ~ ~ 1%4 ~ ~ ~ ~ ~ ~ ~ ~ 0 ~", "0 ~ ~ %zz ~ ~ ~ ~ ~ ~ ~ ~ 0 ~",
                "0 ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ many ~", "0 ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ 0 a%"));
        for (String handover : malformed) {
            assertThatThrownBy(() -> Handover.plan(handover, Map.of(), List.of("true")))
                    .as(handover).isInstanceOf(StartupException.class).hasMessageContaining("malformed handover");
        }
    }

    @Test
    void aValueTheEnvironmentNoLongerAcceptsIsAUsageError() throws Exception {
        Plan first = parsed(Map.of(), "true");
        assertThatThrownBy(() -> Handover.plan(Handover.of(first), Map.of("JINIT_GRACE", "soon"), List.of("true")))
                .isInstanceOf(UsageException.class).hasMessageContaining("JINIT_GRACE");
    }
}
