package dev.jinit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Run by the build (see this module's pom.xml): writes what picocli generates from
 * jinit's command line for the image's {@code share/}: the bash completion script, and the man
 * page's AsciiDoc source, which the build then turns into troff.
 */
public final class Documentation {
    private Documentation() {}

    /** Arguments: the completion script's path, the man page source's path, jinit's version. */
    public static void main(String[] args) throws IOException {
        CommandLine commandLine = JinitCommand.commandLine();
        // Run from the class path, jinit's module (which carries its version) is not there.
        commandLine.getCommandSpec().versionProvider(() -> new String[] {"jinit " + args[2]});
        write(Path.of(args[0]), AutoComplete.bash("jinit", commandLine));
        StringWriter manPageSource = new StringWriter();
        try (PrintWriter writer = new PrintWriter(manPageSource)) {
            ManPageGenerator.writeSingleManPage(writer, commandLine.getCommandSpec());
        }
        write(Path.of(args[1]), manPageSource.toString());
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
