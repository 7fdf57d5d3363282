package dev.jinit.core.libc;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * How the bindings reach libc: one downcall handle to syscall(2) for every system call, a few
 * handles to glibc functions, each linked on first use, and per-thread scratch memory.
 *
 * <p>The JVM generates a stub class and its method handle forms for each distinct function type
 * it links, 1-6 ms each at start-up (12 ms for the first), and jinit starts the JVM twice, so it
 * links as few types as it can. Handles are invoked with {@code invokeExact} and exact types.
 * System calls capture errno per call into the calling thread's scratch; {@code EINTR} is retried
 * here, in one place; any other failure becomes a {@link LibcException}.
 */
final class Downcalls {
    private static final Linker LINKER = Linker.nativeLinker();
    /**
     * glibc itself, which the JVM has loaded: finding it opens no file, where the linker's default
     * lookup opens the JDK's libsyslookup.so, and, should that fail (no descriptor left), answers
     * "not found" for every symbol for the rest of the JVM's life.
     */
    private static final SymbolLookup LIBC = SymbolLookup.libraryLookup("libc.so.6", Arena.global());
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    /**
     * Room for what one call passes by pointer: two kernel sigsets, a pollfd and a timespec, the
     * kernel termios (36 bytes) or an itimerval.
     */
    static final long SCRATCH_SIZE = 64;
    /** Scratch memory of threads that have ended, for the next threads: the global arena never frees it. */
    private static final ConcurrentLinkedQueue<Scratch> RELEASED = new ConcurrentLinkedQueue<>();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> {
        Scratch released = RELEASED.poll();
        return released != null ? released : new Scratch();
    });

    private Downcalls() {}

    /**
     * One thread's memory for the calls it makes: the errno buffer and {@link #SCRATCH_SIZE} bytes
     * for arguments passed by pointer, never shared between threads. From the global arena: a
     * buffer of an automatic arena would cost a session acquire and release on every call, and
     * jinit starts few threads; one that ends can hand its scratch to the next ({@link
     * #releaseScratch}). Reads into Java arrays get a buffer of their own, from an automatic
     * arena, which goes with the scratch.
     */
    static final class Scratch {
        final MemorySegment callState;
        /** Zeroed on allocation only: a call writes every byte it passes. */
        final MemorySegment memory;
        private MemorySegment readBuffer = MemorySegment.NULL;

        private Scratch() {
            // The scratch starts 8-aligned after the call state (an int on Linux), for the longs it holds.
            long scratchOffset = (CALL_STATE.byteSize() + 7) & -8;
            MemorySegment both = Arena.global().allocate(scratchOffset + SCRATCH_SIZE, 8);
            callState = both.asSlice(0, CALL_STATE.byteSize());
            memory = both.asSlice(scratchOffset, SCRATCH_SIZE);
        }

        /** The errno of this thread's last system call. */
        int errno() {
            return callState.get(JAVA_INT, ERRNO_OFFSET);
        }

        /** A buffer of at least {@code size} bytes, kept for this thread's next reads. */
        MemorySegment readBuffer(long size) {
            if (readBuffer.byteSize() < size) {
                readBuffer = Arena.ofAuto().allocate(size, 8);
            }
            return readBuffer;
        }
    }

    /** The calling thread's scratch. */
    static Scratch scratch() {
        return SCRATCH.get();
    }

    /** The calling thread makes no more calls: its scratch goes to the next thread that needs one. */
    static void releaseScratch() {
        Scratch scratch = SCRATCH.get();
        SCRATCH.remove();
        RELEASED.add(scratch);
    }

    /** Links the syscall(2) handle now rather than at the first system call. */
    static void linkSystemCalls() {
        Syscall.HANDLE.type();
    }

    /** Makes a system call that returns -1 and sets errno on failure; retries EINTR. */
    static long syscall(String name, SystemCall call, long a, long b, long c, long d, long e) throws LibcException {
        return syscall(name, scratch(), call, a, b, c, d, e);
    }

    /** The same, for a caller that holds its thread's scratch already. */
    static long syscall(String name, Scratch scratch, SystemCall call, long a, long b, long c, long d, long e)
            throws LibcException {
        while (true) {
            long result = invoke(scratch, call, a, b, c, d, e);
            if (result != -1) {
                return result;
            }
            int errno = scratch.errno();
            if (errno != Errno.EINTR) {
                throw new LibcException(name, errno);
            }
        }
    }

    /** One system call; on failure, it returns -1 and {@code scratch.errno()} tells why. */
    static long invoke(Scratch scratch, SystemCall call, long a, long b, long c, long d, long e) {
        try {
            return (long) Syscall.HANDLE.invokeExact(scratch.callState, call.number, a, b, c, d, e);
        } catch (Throwable t) {
            throw downcallFailed(call.kernelName(), t);
        }
    }

    /**
     * posix_spawnp(3), through syscall's handle type (see {@link PosixSpawnp}); returns its
     * result, an error number or 0.
     */
    static int posixSpawnp(long pid, long file, long fileActions, long attributes, long argv, long envp) {
        // The int result is the low half of the long.
        return (int) invokeFunction(PosixSpawnp.HANDLE, "posix_spawnp", pid, file, fileActions, attributes, argv, envp);
    }

    /** Links the malloc_trim(3) handle now rather than at its first call. */
    static void linkMallocTrim() {
        MallocTrim.HANDLE.type();
    }

    /** malloc_trim(3), through syscall's handle type (see {@link MallocTrim}); returns its result, 1 or 0. */
    static int mallocTrim(long pad) {
        return (int) invokeFunction(MallocTrim.HANDLE, "malloc_trim", pad, 0, 0, 0, 0, 0);
    }

    /** sigqueue(3), through syscall's handle type (see {@link Sigqueue}); returns 0 or -1 with errno set. */
    static int sigqueue(long pid, long signal, long value) {
        return (int) invokeFunction(Sigqueue.HANDLE, "sigqueue", pid, signal, value, 0, 0, 0);
    }

    /** Where glibc's function {@code name} starts, for a caller that hands it to the JVM rather than calling it. */
    static long functionAddress(String name) {
        return LIBC.findOrThrow(name).address();
    }

    /** A function of glibc's, linked with syscall's handle type (see {@link PosixSpawnp}). */
    static MethodHandle function(String name) {
        return downcall(name, SYSCALL, SYSCALL_OPTIONS);
    }

    /** A function of another library, linked with syscall's handle type (see {@link PosixSpawnp}). */
    static MethodHandle function(SymbolLookup library, String name) {
        return LINKER.downcallHandle(library.findOrThrow(name), SYSCALL, SYSCALL_OPTIONS);
    }

    /** A function linked with syscall's handle type; arguments past its own are ignored. */
    static long invokeFunction(MethodHandle handle, String name, long a, long b, long c, long d, long e,
            long f) {
        try {
            return (long) handle.invokeExact(scratch().callState, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw downcallFailed(name, t);
        }
    }

    /** For the functions that return an error number instead of setting errno. */
    static void checkReturned(String name, int error) throws LibcException {
        if (error != 0) {
            throw new LibcException(name, error);
        }
    }

    /** A downcall itself cannot throw; anything caught here is a bug in these bindings. */
    static Error downcallFailed(String name, Throwable cause) {
        return new AssertionError("downcall " + name + " threw", cause);
    }

    static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LIBC.findOrThrow(name), descriptor, options);
    }

    /** {@code long syscall(long number, ...)}: the kernel reads as many of the arguments as the call takes. */
    private static final FunctionDescriptor SYSCALL =
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    private static final Linker.Option[] SYSCALL_OPTIONS =
            {Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(1)};

    // One holder per function: a handle is linked on first use only.
    private static final class Syscall {
        static final MethodHandle HANDLE = downcall("syscall", SYSCALL, SYSCALL_OPTIONS);
    }

    private static final class PosixSpawnp {
        /*
         * int posix_spawnp(pid_t *, const char *, const posix_spawn_file_actions_t *,
         * const posix_spawnattr_t *, char *const [], char *const []), linked with syscall's function
         * type, so that the JVM reuses syscall's stub instead of generating one (6-8 ms at start-up,
         * measured): on x86_64 and aarch64, six pointers travel in the same registers as six longs,
         * the int result is the low half of the long one, and a function that is not variadic ignores
         * what a variadic call adds (x86_64's vector register count in AL). errno is captured, unused.
         */
        static final MethodHandle HANDLE = downcall("posix_spawnp", SYSCALL, SYSCALL_OPTIONS);
    }

    private static final class Sigqueue {
        /*
         * int sigqueue(pid_t, int, const union sigval), linked with syscall's function type for
         * posix_spawnp's reasons: the union of an int and a pointer travels as a long does.
         */
        static final MethodHandle HANDLE = downcall("sigqueue", SYSCALL, SYSCALL_OPTIONS);
    }

    private static final class MallocTrim {
        /*
         * int malloc_trim(size_t pad), linked with syscall's function type for posix_spawnp's
         * reasons: no stub to generate, when jinit has long been running, and a size_t is a long.
         */
        static final MethodHandle HANDLE = downcall("malloc_trim", SYSCALL, SYSCALL_OPTIONS);
    }
}
