package dev.jinit.bench;

import java.util.List;

/** A Markdown table, as the report writes them. */
final class MarkdownTable {
    private MarkdownTable() {}

    static String of(List<String> header, List<List<String>> body) {
        StringBuilder table = new StringBuilder();
        table.append("| ").append(String.join(" | ", header)).append(" |\n");
        table.append("|").append("---|".repeat(header.size())).append("\n");
        for (List<String> row : body) {
            table.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return table.toString();
    }
}
