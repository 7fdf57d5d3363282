package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * jinit as PID 1, idle with one child: the C heap's free memory goes back to the kernel once the
 * start has settled, trimmed by jinit on its own timer rather than by a JVM thread that wakes forever.
 */
class FootprintTest {
    /** HotSpot's {@code -XX:TrimNativeHeapInterval} thread, as /proc shows its name (15 bytes). */
    private static final String JVM_HEAP_TRIMMER = "Native Heap Tri";

    @Test
    void jinitTrimsTheCHeapItselfWithNoTrimmerThread() {
        try (JinitProcess jinit = JinitProcess.asPid1("-vv", "sleep", "60")) {
            jinit.awaitDescendant("sleep");
            String trimmed = JinitLogs.await(jinit, "trimmed the C heap");
            assertThat(trimmed).startsWith("[jinit] DEBUG ");
            // The timer's SIGALRM is jinit's own: not forwarded, the command runs on.
            assertThat(JinitLogs.of(jinit)).noneMatch(line -> line.contains("forwarded SIGALRM"));
            assertThat(ProcessHandle.of(jinit.jinitPid()).stream().flatMap(ProcessHandle::children)
                    .map(child -> JinitProcess.commandName(child.pid()))).as("jinit's children").containsExactly("sleep");
            assertThat(ProcessState.threadNames(jinit.jinitPid())).as("threads of jinit").isNotEmpty()
                    .doesNotContain(JVM_HEAP_TRIMMER);
        }
    }
}
