package dev.jinit.cli;

import dev.jinit.core.ControlClient;
import dev.jinit.core.ControlRequest;
import dev.jinit.core.ExitCodes;
import dev.jinit.core.Inheritance;
import dev.jinit.core.Init;
import dev.jinit.core.Log;
import dev.jinit.core.Program;
import dev.jinit.core.RunAs;
import dev.jinit.core.Startup;
import dev.jinit.core.StartupException;
import java.util.List;

/** The entry point, both as {@code bin/jinit} and as {@code bin/java -m dev.jinit.cli}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(RunAs.ENTRY)) {
            // A command's exec step to its user (see RunAs): no init here, it becomes the command.
            System.exit(RunAs.execStep(args));
            return;
        }
        Startup startup;
        String handover;
        try {
            // First, before anything else: it links the native functions on another thread.
            startup = Startup.begin();
            handover = startup.handover();
        } catch (StartupException e) {
            System.exit(failed(e));
            return;
        }
        // The re-executed JVM takes the plan the first one read, and does not run picocli (but in the
        // build's training run, whose second JVM alone writes the AOT cache, for the first).
        System.exit(handover == null || Boolean.getBoolean(Startup.TRAINING_PROPERTY)
                ? JinitCommand.execute(args, System.getenv(), plan -> launch(startup, args, plan, Handover.of(plan)),
                        request -> control(startup, request))
                : resume(startup, args, handover));
    }

    private static int resume(Startup startup, String[] args, String handover) {
        Plan plan;
        try {
            plan = Handover.plan(handover, System.getenv(), List.of(args));
        } catch (StartupException e) {
            return failed(e);
        } catch (UsageException e) {
            return UsageException.report(e.getMessage());
        }
        return launch(startup, args, plan, handover);
    }

    /** @param handover what the re-executed JVM gets of {@code plan} */
    private static int launch(Startup startup, String[] args, Plan plan, String handover) {
        Inheritance inheritance;
        List<Program> programs;
        try {
            // Re-executes the JVM once (see Startup); after the command line is read, so that a
            // usage error is reported at once, and while the native functions are being linked.
            inheritance = startup.enter(handover, args);
            programs = plan.programs(startup.arguments(args));
        } catch (StartupException e) {
            return failed(e);
        }
        int status = new Init(inheritance, plan.options()).run(programs);
        Startup.exit(status);
        return status;
    }

    /** {@code --control}: this JVM is a client of the running jinit, and runs nothing. */
    private static int control(Startup startup, ControlRequest request) {
        try {
            startup.awaitLinking();
        } catch (StartupException e) {
            return failed(e);
        }
        return ControlClient.run(request, System.out, System.err);
    }

    private static int failed(StartupException e) {
        Log.error(e.getMessage());
        return ExitCodes.FAILURE;
    }
}
