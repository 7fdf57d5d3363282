/** jinit's command line: parses flags and environment variables into the core's options and owns {@code main}. */
module dev.jinit.cli {
    requires dev.jinit.core;
    requires info.picocli;
}
