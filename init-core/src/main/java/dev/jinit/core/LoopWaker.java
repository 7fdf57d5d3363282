package dev.jinit.core;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;

/**
 * Ends the supervision loop's wait for a signal, from another thread that has left it something
 * (a control request, a check's result). A SIGCHLD to jinit itself, which the loop reads from its
 * signalfd like any other and which, for the loop, only means "reap, then look": the signal path
 * stays a single read(2), with no descriptor to poll beside it.
 */
@FunctionalInterface
interface LoopWaker {
    void wake() throws LibcException;

    /** For the loop of this process. */
    static LoopWaker ofThisProcess() {
        int self = ProcSelf.pid();
        return () -> Libc.kill(self, Signals.SIGCHLD);
    }
}
