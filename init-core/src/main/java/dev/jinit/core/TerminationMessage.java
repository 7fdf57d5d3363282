package dev.jinit.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Why the container ended, in a few lines, for Kubernetes' {@code terminationMessagePath}
 * ({@code /dev/termination-log}), which {@code kubectl describe pod} shows: the command that ended
 * it and how, and, when jinit relays the commands' output, that command's last lines. Kubernetes
 * keeps 4096 bytes of it.
 */
final class TerminationMessage {
    /** What Kubernetes keeps of the file. */
    static final int MAX_BYTES = 4096;

    private TerminationMessage() {}

    /**
     * How one command ended.
     *
     * @param name the command's name
     * @param how {@code exited with status 3}, {@code ended with status 137 (SIGKILL, the OOM killer)}, ...
     */
    record End(String name, String how) {
        /**
         * How a command that ran ended, from its exit status as jinit reports it: above 128 it
         * was killed by a signal or exited with the status a shell gives for one, which look the same.
         */
        static End of(String name, int exitCode, boolean oomKilled) {
            if (exitCode <= ExitCodes.SIGNALED_BASE) {
                return new End(name, "exited with status " + exitCode);
            }
            return new End(name, "ended with status " + exitCode + " (SIG" + Signals.name(exitCode - ExitCodes.SIGNALED_BASE)
                    + (oomKilled ? ", the OOM killer)" : ")"));
        }
    }

    /**
     * The message.
     *
     * @param stopRequest the stop request that ended the container (0 if none)
     * @param end the first watched command that failed, or null when none did
     * @param exitCode the container's exit status
     * @param lastLines that command's last lines of output, oldest first (empty without {@code --prefix-output})
     */
    static String text(int stopRequest, End end, int exitCode, List<String> lastLines) {
        StringBuilder text = new StringBuilder();
        if (stopRequest != 0) {
            text.append("jinit was asked to stop (SIG").append(Signals.name(stopRequest)).append(")\n");
        }
        if (end != null) {
            text.append(end.name()).append(' ').append(end.how()).append('\n');
        } else if (stopRequest == 0) {
            text.append("every watched command ended with status 0\n");
        }
        text.append("exit status ").append(exitCode).append('\n');
        if (end != null && !lastLines.isEmpty()) {
            StringBuilder tail = new StringBuilder();
            // The newest lines matter most: keep as many as fit, from the end.
            String heading = "last lines of " + end.name() + ":\n";
            int room = MAX_BYTES - bytes(text) - bytes(heading);
            for (int i = lastLines.size() - 1; i >= 0; i--) {
                String line = lastLines.get(i) + "\n";
                if (bytes(tail) + bytes(line) > room) {
                    break;
                }
                tail.insert(0, line);
            }
            if (!tail.isEmpty()) {
                text.append(heading).append(tail);
            }
        }
        return truncate(text.toString());
    }

    /**
     * Writes {@code text} to {@code file}; best effort, since the container ends either way. Only a
     * regular file (or none yet): opening a FIFO nobody reads, or a device, could block jinit's exit forever.
     */
    static void write(Path file, String text) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            Log.at(Log.INFO, "not writing the termination message to " + file + ": not a regular file");
            return;
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            Log.at(Log.INFO, "cannot write the termination message to " + file + ": " + Log.describe(e));
        }
    }

    private static int bytes(CharSequence text) {
        return text.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** At most {@link #MAX_BYTES} bytes of UTF-8, cut before a character, never inside one. */
    private static String truncate(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_BYTES) {
            return text;
        }
        int end = MAX_BYTES;
        while ((utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8);
    }
}
