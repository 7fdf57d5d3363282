package dev.jinit.cli;

import dev.jinit.core.ExitCodes;
import dev.jinit.core.Inheritance;
import dev.jinit.core.Init;
import dev.jinit.core.Log;
import dev.jinit.core.Program;
import dev.jinit.core.Startup;
import dev.jinit.core.StartupException;
import java.util.List;

/** The entry point, both as {@code bin/jinit} and as {@code bin/java -m dev.jinit.cli}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Startup startup;
        try {
            // First, before anything else: it links the native functions on another thread.
            startup = Startup.begin();
        } catch (StartupException e) {
            System.exit(failed(e));
            return;
        }
        System.exit(JinitCommand.execute(args, System.getenv(), plan -> launch(startup, args, plan)));
    }

    private static int launch(Startup startup, String[] args, JinitCommand.Plan plan) {
        Inheritance inheritance;
        List<Program> programs;
        try {
            // Re-executes the JVM once (see Startup); after the command line is read, so that a
            // usage error is reported at once, and while the native functions are being linked.
            inheritance = startup.enter();
            programs = plan.programs(startup.arguments(args));
        } catch (StartupException e) {
            return failed(e);
        }
        return new Init(inheritance, plan.options()).run(programs);
    }

    private static int failed(StartupException e) {
        Log.error(e.getMessage());
        return ExitCodes.FAILURE;
    }
}
