/** jinit's command line: parses flags into the core's options and owns {@code main}. */
module dev.jinit.cli {
    requires dev.jinit.core;
    requires info.picocli;

    // picocli reads the annotated options reflectively.
    opens dev.jinit.cli to info.picocli;
}
