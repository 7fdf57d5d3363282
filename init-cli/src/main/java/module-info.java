/** jinit's command line: parses flags, environment variables and a configuration file into the core's options and owns {@code main}. */
module dev.jinit.cli {
    requires dev.jinit.core;
    requires info.picocli;
    requires org.snakeyaml.engine;
}
