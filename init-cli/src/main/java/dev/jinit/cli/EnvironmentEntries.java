package dev.jinit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command's own environment entries: {@code --env NAME=VALUE}, and {@code --env-file FILE} with
 * one {@code NAME=VALUE} a line, as {@code docker run --env-file} reads it: blank lines and lines
 * starting with {@code #} are skipped, the value is taken as written (no quotes, no expansion).
 */
final class EnvironmentEntries {
    /** The most an env file may hold: far beyond any environment, which Linux caps at a few MB in all. */
    private static final int MAX_FILE_BYTES = 1024 * 1024;
    private EnvironmentEntries() {}

    /** {@code entry} if it is {@code NAME=VALUE} with a name, else a usage error saying {@code where}. */
    static String entry(String where, String entry) throws UsageException {
        int equals = entry.indexOf('=');
        if (equals <= 0 || entry.indexOf('\0') >= 0) {
            throw new UsageException(where + ": '" + entry + "' is not NAME=VALUE");
        }
        return entry;
    }

    /** The entries of {@code file}, in order; a usage error naming the file, and the line, when it cannot be read or a line is wrong. */
    static List<String> ofFile(String where, String file) throws UsageException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            // Bounded: /dev/zero or a runaway file must not take jinit's memory.
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException | RuntimeException e) {
            throw new UsageException(where + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new UsageException(where + ": " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            entries.add(entry(where + ": " + file + ":" + (i + 1), line));
        }
        return entries;
    }
}
