package dev.jinit.core;

import dev.jinit.core.libc.LibcException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How the {@link Supervisor} reaches the commands it runs and hears from them: it starts them,
 * signals them, and waits for signals and exits. {@link LiveProcesses} does it with real children;
 * the supervisor's own rules need none, so its tests give it a fake.
 */
interface Processes {
    /** Starts {@code program}; returns its pid. */
    int start(Program program) throws SpawnException, LibcException;

    /**
     * Starts an exec check of {@code program}: the check's program, in its own process group, with
     * {@code program}'s environment and working directory, its output discarded; returns its pid.
     */
    int startCheck(Program program, Check.Exec check) throws SpawnException, LibcException;

    /** Kills the exec check started as {@code pid}, and what it started. */
    void killCheck(int pid);

    /** Whether {@code program}, started with a notify or fd readiness check, has said it is ready since it last started. */
    boolean saidReady(Program program) throws LibcException;

    /** Sends {@code signal} to the command started as {@code pid}: its process group or, with -c, it alone. */
    void signal(int pid, int signal);

    /** Whether the OOM killer has killed a process of jinit's since the last time this was asked. */
    boolean oomKilledOne();

    /** Stops jinit itself, as a shell's job would on a terminal stop. */
    void stopSelf();

    /**
     * Waits up to {@code timeoutMillis} (forever if negative) for a signal sent to jinit.
     *
     * @return its number, or 0 when the time ran out first or jinit's own timer ended the wait
     */
    int nextSignal(int timeoutMillis) throws LibcException;

    /** Reaps every child that has ended, telling {@code exits}. */
    void reapAll(Reaper.Exits exits) throws LibcException;

    /**
     * Reaps until {@code done} holds or {@code limit} has passed, or (with {@code stopOnRequest})
     * a stop request arrives; see {@link Reaper#reapUntil}.
     *
     * @return the stop request that ended the wait, or 0
     */
    int reapUntil(Reaper.Exits exits, BooleanSupplier done, Duration limit, boolean stopOnRequest)
            throws LibcException;
}
