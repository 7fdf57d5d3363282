package dev.jinit.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What each init did in each container case, as a Markdown table: one row a case, one column an
 * init, in the order they were first seen. Tests may run in parallel, so every call is synchronized.
 */
final class ContainerReport {
    private final Map<String, Map<String, String>> cells = new LinkedHashMap<>();
    private final Set<String> columns = new LinkedHashSet<>();

    synchronized void add(String row, String column, String value) {
        columns.add(column);
        cells.computeIfAbsent(row, unused -> new LinkedHashMap<>()).merge(column, value, (old, added) -> old + "; " + added);
    }

    synchronized void write(Path file) throws IOException {
        StringBuilder table = new StringBuilder("| case |");
        columns.forEach(column -> table.append(' ').append(column).append(" |"));
        table.append("\n|---|").append("---|".repeat(columns.size())).append('\n');
        cells.forEach((row, byColumn) -> {
            table.append("| ").append(row).append(" |");
            columns.forEach(column -> table.append(' ').append(byColumn.getOrDefault(column, "")).append(" |"));
            table.append('\n');
        });
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, table);
        System.out.print(table);
    }
}
