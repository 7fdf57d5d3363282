package dev.jinit.it;

import java.util.List;

/**
 * Commands for jinit that leave orphans for it to reap. An orphan must outlive its parent shell:
 * dash reaps its own children on SIGCHLD, so one that ended first would never reach jinit.
 */
final class Orphans {
    /**
     * Starts an orphan (the background job of a shell that exits at once), kills it, waits until
     * it is gone (its zombie stays until its new parent, jinit, reaps it on SIGCHLD) and writes
     * {@code orphan PID}. One line: jinit logs the command at INFO.
     */
    static final List<String> REAPED_WHILE_THE_COMMAND_RUNS = List.of("sh", "-c",
            "orphan=$(sh -c 'sleep 1000 >/dev/null & echo $!'); kill \"$orphan\";"
                    + " while kill -0 \"$orphan\" 2>/dev/null; do sleep 0.01; done; echo \"orphan $orphan\"");

    private Orphans() {}

    /**
     * Starts {@code count} orphans and exits, leaving them to jinit's shutdown. Each takes up to
     * 3 ms to end after SIGTERM (its trap waits for its current sleep), so they end one by one
     * while jinit is waiting for them.
     */
    static List<String> leftForShutdown(int count) {
        return List.of("sh", "-c", "for i in $(seq " + count + "); do"
                + " dash -c 'trap exit TERM; while :; do sleep 0.003; done' & echo \"orphan $!\"; done");
    }

    /** The pid an orphan maker wrote in {@code line}. */
    static String pidIn(String line) {
        if (!line.startsWith("orphan ")) {
            throw new AssertionError("not an orphan's pid: " + line);
        }
        return line.substring("orphan ".length());
    }
}
