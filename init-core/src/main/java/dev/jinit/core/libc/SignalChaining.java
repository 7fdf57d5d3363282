package dev.jinit.core.libc;

import static dev.jinit.core.libc.Headers.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * HotSpot's signal chaining, through the JDK's {@code lib/libjsig.so} preloaded with
 * {@code LD_PRELOAD}: HotSpot installs its handlers through libjsig's sigaction(2), and from then
 * on a call of libjsig's sigaction for those signals only records the action, which HotSpot calls
 * when a signal is none of its own (it is "handled" once the action returns), or, for
 * {@code SIG_DFL}, reports a fatal error. Never libc's sigaction, which would replace HotSpot's
 * handler itself.
 *
 * <p>The one action recorded here is a function of glibc's that is async-signal-safe and takes
 * the handler's arguments as its own: ftruncate(2), as {@code ftruncate(signal, siginfo)}: the
 * file behind descriptor number {@code signal} takes the address of the signal's
 * {@code siginfo_t} as its size, where {@link #faultAt} can read what raised it. No code of
 * jinit's runs in the handler.
 * https://docs.oracle.com/en/java/javase/25/troubleshoot/handle-signals-and-exceptions.html
 */
public final class SignalChaining {
    private final MethodHandle sigaction;
    private final MethodHandle recordedAction;
    /** The action libjsig's sigaction copies, from the global arena (the instance lives as long as jinit). */
    private final MemorySegment action = Arena.global().allocate(SIGACTION_SIZE, 8);
    /**
     * {@code /proc/self/mem}, close-on-exec, to read a siginfo_t whose thread may be gone: a read
     * there fails rather than faults.
     */
    private final int memory;

    private SignalChaining(MethodHandle sigaction, MethodHandle recordedAction, int memory) {
        this.sigaction = sigaction;
        this.recordedAction = recordedAction;
        this.memory = memory;
    }

    /** Links libjsig's functions; {@code libjsig} must be the library that was preloaded. */
    public static SignalChaining of(Path libjsig) throws LibcException {
        SymbolLookup library = SymbolLookup.libraryLookup(libjsig, Arena.global());
        int memory;
        try (Arena arena = Arena.ofConfined()) {
            memory = (int) Downcalls.syscall("openat", SystemCall.OPENAT, AT_FDCWD,
                    NativeStrings.string(arena, "/proc/self/mem").address(), O_CLOEXEC, 0, 0);
        }
        SignalChaining chaining = new SignalChaining(Downcalls.function(library, "sigaction"),
                Downcalls.function(library, "JVM_get_signal_action"), memory);
        // A first read of memory that is there, for the same reason as the caller's first read of none.
        chaining.faultAt(chaining.action.address(), 0);
        return chaining;
    }

    /**
     * Whether HotSpot installed its handler for {@code signal} through libjsig, which then chains
     * it: false when libjsig was not preloaded before the JVM started.
     */
    public boolean chains(int signal) {
        return Downcalls.invokeFunction(recordedAction, "JVM_get_signal_action", signal, 0, 0, 0, 0, 0) != 0;
    }

    /** Chains {@code signal} to {@code ftruncate(signal, siginfo)}, with every signal blocked while it runs. */
    public void chainToTruncate(int signal) throws LibcException {
        record(signal, Downcalls.functionAddress("ftruncate"), SA_SIGINFO, -1L);
    }

    /** Chains {@code signal} to {@code SIG_DFL}: HotSpot then reports it as a fatal error. */
    public void chainToDefault(int signal) throws LibcException {
        record(signal, 0, 0, 0);
    }

    private void record(int signal, long handler, int flags, long maskBits) throws LibcException {
        action.set(JAVA_LONG, 0, handler);
        // HotSpot sets the thread's mask to sa_mask while the action runs: all blocked, so that no
        // signal waiting for jinit's signalfd is taken by that thread instead.
        for (long offset = 0; offset < SIGSET_SIZE; offset += 8) {
            action.set(JAVA_LONG, SIGACTION_MASK_OFFSET + offset, maskBits);
        }
        action.set(JAVA_INT, SIGACTION_FLAGS_OFFSET, flags);
        Downcalls.Scratch scratch = Downcalls.scratch();
        if ((int) Downcalls.invokeFunction(sigaction, "sigaction", signal, action.address(), 0, 0, 0, 0) == -1) {
            throw new LibcException("sigaction", scratch.errno());
        }
    }

    /**
     * Whether the {@code siginfo_t} at {@code address}, as recorded by the chained ftruncate, is
     * that of a fault: {@code signal} raised by the kernel for an instruction ({@code si_code}
     * above 0), rather than sent with kill(2), sigqueue(3) or tgkill(2) (0 or below). A fault
     * repeats in a loop and keeps its record in place; a sent signal's record may have been
     * overwritten since, and is then taken for sent.
     */
    public boolean faultAt(long address, int signal) {
        Downcalls.Scratch scratch = Downcalls.scratch();
        MemorySegment record = scratch.memory;
        long size = SI_CODE_OFFSET + 4;
        // pread64(2); a failure (nothing mapped there) is no fault's record.
        if (Downcalls.invoke(scratch, SystemCall.PREAD64, memory, record.address(), size, address, 0) != size) {
            return false;
        }
        return record.get(JAVA_INT, SI_SIGNO_OFFSET) == signal && record.get(JAVA_INT, SI_CODE_OFFSET) > 0;
    }
}
