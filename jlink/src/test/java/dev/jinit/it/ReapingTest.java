package dev.jinit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jinit.it.JinitProcess.Placement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Orphans are re-parented to jinit, as PID 1 or as a child subreaper, and jinit reaps them. */
class ReapingTest {
    private static final int ORPHANS = 100;
    /**
     * Double-forks the orphans, reports how many of them jinit ($PPID) adopted, kills them, and
     * reports how many of jinit's children (this script aside) are left and how many of those are
     * zombies, as soon as none are left or after 10 s. Under a subreaper that never waits it
     * reports {@code left=100 zombies=100}.
     */
    private static final String ORPHAN_MAKER = """
            jinit_children() {
              for stat in /proc/[0-9]*/stat; do
                read -r line 2>/dev/null < "$stat" || continue
                set -- ${line##*) }
                pid=${stat#/proc/}; pid=${pid%/stat}
                [ "$2" = "$PPID" ] && [ "$pid" != "$$" ] && echo "$pid $1"
              done
            }
            count() { [ -z "$1" ] && echo 0 || echo "$1" | wc -l; }
            for i in $(seq "$1"); do (sleep 1000 &); done
            orphans=$(jinit_children)
            echo "adopted=$(count "$orphans")"
            kill $(echo "$orphans" | cut -d' ' -f1)
            for try in $(seq 100); do
              left=$(jinit_children)
              [ -z "$left" ] && break
              sleep 0.1
            done
            echo "left=$(count "$left") zombies=$(count "$(echo "$left" | grep ' Z$')")"
            """;

    @ParameterizedTest
    @EnumSource(Placement.class)
    void orphansAreAdoptedAndReaped(Placement placement) {
        List<String> arguments = List.of("sh", "-c", ORPHAN_MAKER, "orphan-maker", String.valueOf(ORPHANS));
        try (JinitProcess jinit = JinitProcess.start(List.of(), placement, arguments)) {
            // Adopted: without that, nobody reaping them would go unnoticed.
            jinit.awaitLine("adopted=" + ORPHANS);
            jinit.awaitLine("left=0 zombies=0");
            assertThat(jinit.awaitExit()).isZero();
        }
    }
}
