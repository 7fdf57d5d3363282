package dev.jinit.cli;

import dev.jinit.core.ExitCodes;
import dev.jinit.core.Inheritance;
import dev.jinit.core.Init;
import dev.jinit.core.Log;
import dev.jinit.core.Startup;
import dev.jinit.core.StartupException;

/** The entry point, both as {@code bin/jinit} and as {@code bin/java -m dev.jinit.cli}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Inheritance inheritance;
        try {
            // First, before anything else: this re-executes the JVM once (see Startup).
            inheritance = Startup.enter(args);
        } catch (StartupException e) {
            Log.error(e.getMessage());
            System.exit(ExitCodes.FAILURE);
            return;
        }
        System.exit(JinitCommand.execute(args, System.getenv(),
                plan -> new Init(inheritance, plan.options()).run(plan.programs(inheritance))));
    }
}
