package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import dev.jinit.core.libc.SignalSet;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What jinit's {@code main} does before it starts anything: make sure every JVM thread blocks the
 * signals jinit forwards, so that they wait for the signalfd instead of being handled, dropped or fatal.
 *
 * <p>{@link #begin} comes first and starts linking the system calls on another thread; {@link
 * #enter} comes after the command line is read. The first JVM reads it and hands what it read
 * on to the second ({@link #handover}), which need not read it again.
 *
 * <p>A thread's signal mask is its own, and by the time {@code main} runs the JVM has started
 * a dozen threads. So the first JVM (stage 0) blocks the signals in its main thread and
 * re-executes itself: same PID, same arguments. The new image starts from that thread's mask,
 * and every thread of the second JVM (stage 1) inherits it.
 * Signals that arrive during the exec stay pending. The exec also sets {@code _JAVA_SR_SIGNUM}
 * so that HotSpot takes {@link Signals#JVM_SUSPEND_RESUME} instead of SIGUSR2, preloads the JDK's
 * libjsig.so and reserves descriptors for {@link SentFaults}, and records what jinit inherited
 * (mask, ignored signals, descriptors, environment) for the child to get back.
 */
public final class Startup {
    /**
     * JVM options added for the re-executed JVM only, separated by spaces. The image sets
     * {@code -XX:TieredStopAtLevel=1} there and 0 for the first start, which gains nothing from
     * compiling: it runs for 20 ms, and C1's compilations slowed it by 8-10 ms (measured). An image
     * shared with a service gives both from jinit's argument file ({@code java @lib/jinit.args}).
     */
    static final String STAGE1_OPTIONS_PROPERTY = "jinit.stage1.options";
    /**
     * Set by the build's run that trains the AOT cache, which only stage 1 writes (stage 0's record
     * of what it loaded is lost to the exec): stage 1 also does what only stage 0 does, reading the
     * command line and preparing an exec, so that the cache holds that code for stage 0 too.
     */
    public static final String TRAINING_PROPERTY = "jinit.training";
    /** Blocked in every thread of stage 1 and read from the signalfd. */
    static final SignalSet BLOCKED = Signals.FORWARDED.with(Signals.SIGCHLD);

    private final SignalSet threadMask;
    private final FutureTask<Void> linking;
    /** {@code /proc/self/cmdline}, read once, when first needed; null until then. */
    private List<byte[]> commandLine;

    private Startup(SignalSet threadMask, FutureTask<Void> linking) {
        this.threadMask = threadMask;
        this.linking = linking;
    }

    /**
     * Reads the main thread's signal mask, then starts linking the system calls on another thread:
     * the FFM runtime takes 15-20 ms over its first handle, which then overlaps reading the
     * command line and /proc. Nothing else may touch FFM until {@link #enter} has waited for it:
     * two threads initializing FFM's classes at once can deadlock (JDK-8317514 fixed one such
     * cycle, and cycles remain).
     */
    public static Startup begin() throws StartupException {
        SignalSet threadMask;
        try {
            // Read before the linking thread starts: the JDK's first file read starts its cleaner
            // thread, which jinit cannot do without, and when RLIMIT_NPROC leaves room for one
            // thread more, that must be the cleaner (this thread links instead; see awaitLinking).
            threadMask = ProcSelf.blockedInThisThread();
        } catch (UncheckedIOException e) {
            throw procUnreadable(e);
        } catch (OutOfMemoryError noThreadLeft) {
            throw new StartupException("cannot start: " + noThreadLeft.getMessage());
        }
        FutureTask<Void> linking = new FutureTask<>(Libc::linkSystemCalls, null);
        Thread thread = new Thread(linking, "jinit-link");
        thread.setDaemon(true);
        try {
            thread.start();
        } catch (OutOfMemoryError noThreadLeft) {
            // The main thread links when it needs to.
        }
        return new Startup(threadMask, linking);
    }

    /**
     * In stage 1: the {@code handover} that stage 0 passed to {@link #enter}. Null in the first
     * JVM, which has to read the command line itself.
     */
    public String handover() throws StartupException {
        String record = System.getenv(Inheritance.RECORD_VARIABLE);
        return record == null ? null : Inheritance.handoverOf(record);
    }

    /**
     * In stage 0, re-executes the JVM and does not return; stage 1 gets {@code handover} (text
     * without ';') from {@link #handover}. In stage 1 (or when the JVM was started with the
     * signals already blocked and the suspend/resume signal moved), returns what jinit inherited
     * from its parent.
     *
     * @param args {@code main}'s arguments, which end the command line that stage 0 re-executes
     */
    public Inheritance enter(String handover, String[] args) throws StartupException {
        if (handover.indexOf(';') >= 0) {
            throw new IllegalArgumentException("a handover holds no ';': " + handover);
        }
        try {
            boolean jvmReady = threadMask.containsAll(BLOCKED) && String.valueOf(Signals.JVM_SUSPEND_RESUME)
                    .equals(System.getenv(Inheritance.SUSPEND_RESUME_VARIABLE));
            String record = System.getenv(Inheritance.RECORD_VARIABLE);
            if (!jvmReady && record != null) {
                // Never loop: the re-executed JVM should have started ready.
                throw new StartupException("the re-executed JVM started without its signals blocked (mask "
                        + threadMask.toHex() + ")");
            }
            if (!jvmReady) {
                reexecute(handover, args.length);
            }
            if (record != null && Boolean.getBoolean(TRAINING_PROPERTY)) {
                reexecution(handover, args.length);
            }
            ProcSelf.rename("jinit");
            Inheritance inheritance = record != null ? Inheritance.fromRecord(record) : Inheritance.fromProc();
            // Read while the linking thread still works, for arguments() to hand out later.
            commandLine();
            awaitLinking();
            return inheritance;
        } catch (UncheckedIOException e) {
            throw procUnreadable(e);
        }
    }

    /**
     * {@code main}'s arguments as the bytes jinit received, so that commands get them byte for byte
     * (Java decodes them with the locale's charset, which in a container is often ASCII): the last
     * {@code args.length} entries of the process's command line.
     */
    public List<byte[]> arguments(String[] args) throws StartupException {
        List<byte[]> received;
        try {
            received = commandLine();
        } catch (UncheckedIOException e) {
            throw procUnreadable(e);
        }
        if (received.size() < args.length) {
            return Arrays.stream(args).map(arg -> arg.getBytes(StandardCharsets.UTF_8)).toList();
        }
        return List.copyOf(received.subList(received.size() - args.length, received.size()));
    }

    private List<byte[]> commandLine() {
        if (commandLine == null) {
            commandLine = ProcSelf.commandLine();
        }
        return commandLine;
    }

    private static StartupException procUnreadable(UncheckedIOException e) {
        return new StartupException("cannot read /proc/self, which jinit needs mounted: " + e.getCause().getMessage());
    }

    /**
     * Waits for the linking thread, or links on this thread if none could be started: before any
     * other use of FFM (see {@link #begin}).
     */
    public void awaitLinking() throws StartupException {
        linking.run();
        try {
            linking.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new StartupException("cannot link the system calls: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while starting");
        }
    }

    /**
     * What stage 0 execs: the image's java, its command line with the stage 1 options, the
     * environment with the record, and which descriptors the parent gave jinit.
     */
    private record Reexecution(String executable, List<byte[]> commandLine, List<byte[]> environment,
            Set<Integer> inherited) {}

    /** Prepares the exec without FFM, so that it runs while the system calls are being linked. */
    private Reexecution reexecution(String handover, int mainArguments) {
        List<byte[]> received = ProcSelf.environment();
        List<byte[]> environment = Inheritance.withoutOwnVariables(received);
        Set<Integer> inherited = Inheritance.inheritedDescriptors();
        environment.add(Inheritance.variable(Inheritance.RECORD_VARIABLE,
                Inheritance.recordOfParent(System.getenv(Inheritance.SUSPEND_RESUME_VARIABLE), handover, inherited)));
        environment.add(Inheritance.variable(Inheritance.SUSPEND_RESUME_VARIABLE,
                String.valueOf(Signals.JVM_SUSPEND_RESUME)));
        environment.addAll(Inheritance.preloading(SentFaults.library(), received));
        return new Reexecution(executable(),
                withStage1Options(commandLine(), mainArguments, System.getProperty(STAGE1_OPTIONS_PROPERTY, "")), environment,
                inherited);
    }

    private void reexecute(String handover, int mainArguments) throws StartupException {
        Reexecution reexecution = reexecution(handover, mainArguments);
        String executable = reexecution.executable();
        awaitLinking();
        try {
            Libc.blockSignals(BLOCKED);
        } catch (LibcException e) {
            throw new StartupException("cannot block signals before starting: " + e.getMessage());
        }
        SentFaults.reserveDescriptors(reexecution.inherited());
        try {
            Libc.execve(executable, reexecution.commandLine(), reexecution.environment());
        } catch (LibcException e) {
            throw new StartupException("cannot re-execute " + executable + ": " + e.getMessage());
        }
    }

    /**
     * The command line with {@code options} (separated by spaces) where they override the options
     * stage 0 was started with: after the program, whose image holds its own options, or after the
     * last argument file ({@code @FILE}, which the launcher reads in place) among the launcher's
     * options, before the main module and {@code main}'s arguments. A file that names the main
     * module too is passed over (options after it would be {@code main}'s).
     */
    static List<byte[]> withStage1Options(List<byte[]> commandLine, int mainArguments, String options) {
        if (options.isBlank()) {
            return commandLine;
        }
        int position = 1;
        int mainModuleOrClass = commandLine.size() - mainArguments - 1;
        for (int i = 1; i < mainModuleOrClass; i++) {
            byte[] argument = commandLine.get(i);
            if (argument.length > 0 && argument[0] == '@') {
                position = i + 1;
            }
        }
        List<byte[]> withOptions = new ArrayList<>(commandLine);
        for (String option : options.strip().split("\\s+")) {
            withOptions.add(position++, option.getBytes(StandardCharsets.UTF_8));
        }
        return withOptions;
    }

    /**
     * The image's {@code lib/jinit}, a link to {@code bin/java}: the kernel names a process after
     * the file it executes, so {@code ps} shows jinit from the exec on rather than {@code exe}.
     * Outside the image, the JVM's own executable.
     */
    private static String executable() {
        Path link = Path.of(System.getProperty("java.home"), "lib", "jinit");
        return Files.isExecutable(link) ? link.toString() : "/proc/self/exe";
    }

    /**
     * Ends jinit with {@code status} once it has stopped everything, as a C init exits: stdout and
     * stderr flushed, then exit_group(2). The JVM's own exit waits up to 300 ms for threads in a
     * system call (the guard of sent fault signals, the control channel, the output relay) before
     * it gives up on them: 300 ms more on every {@code docker stop}. The build's training run exits
     * the JVM's way, which writes the AOT cache. Returns only if the exit failed.
     */
    public static void exit(int status) {
        System.out.flush();
        System.err.flush();
        if (Boolean.getBoolean(TRAINING_PROPERTY)) {
            return;
        }
        try {
            Libc.exitGroup(status);
        } catch (LibcException e) {
            Log.warn("exiting the JVM's way: " + e.getMessage());
        }
    }
}
