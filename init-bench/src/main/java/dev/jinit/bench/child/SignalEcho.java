package dev.jinit.bench.child;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jinit.core.SignalSet;
import dev.jinit.core.Signals;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The child that the forward-latency benchmarks run under every init: it writes {@link #READY}
 * to its stdout once it listens, one {@link #REPLY} byte for each SIGUSR1, and exits with
 * {@link #EXIT_STATUS_ON_TERM} on SIGTERM.
 *
 * <p>It takes both signals from a signalfd, so a reply costs one read(2) and one write(2): no
 * handler, no thread hand-off. A thread's signal mask is its own and the JVM runs a dozen threads
 * before {@code main}, so the first JVM blocks the two signals in its main thread and re-executes
 * itself (the trick jinit's own start-up uses): every thread of the second JVM starts with them
 * blocked. It must run with {@code -Xrs}, or HotSpot unblocks SIGTERM in each thread it starts.
 */
public final class SignalEcho {
    public static final int READY = 'R';
    public static final int REPLY = 'U';
    public static final int EXIT_STATUS_ON_TERM = 42;
    private static final SignalSet HANDLED = SignalSet.of(Signals.SIGUSR1, Signals.SIGTERM);
    /** Appended to the arguments of the re-executed JVM, so that it can never loop. */
    private static final String REEXECUTED = "--signals-blocked";
    private static final int RECORDS_PER_READ = 16;

    private SignalEcho() {}

    public static void main(String[] args) throws LibcException, IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handled = sigset(arena, HANDLED);
            MemorySegment previous = arena.allocate(Libc.SIGSET_SIZE, 8);
            Libc.sigprocmask(Libc.SIG_BLOCK, handled, previous);
            if (!new SignalSet(previous.get(JAVA_LONG, 0)).containsAll(HANDLED)) {
                if (Arrays.asList(args).contains(REEXECUTED)) {
                    throw new IllegalStateException("the re-executed JVM started without SIGUSR1 and SIGTERM blocked");
                }
                reexecute(arena);
            }
            echo(Libc.signalfd(-1, handled, Libc.SFD_CLOEXEC), arena);
        }
    }

    private static void echo(int signalfd, Arena arena) throws LibcException, IOException {
        MemorySegment records = arena.allocate(Libc.SIGNALFD_SIGINFO_SIZE * RECORDS_PER_READ, 8);
        // Unbuffered: each write is one write(2) to the pipe the harness reads.
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        stdout.write(READY);
        while (true) {
            long bytes = Libc.read(signalfd, records, records.byteSize());
            for (long offset = 0; offset < bytes; offset += Libc.SIGNALFD_SIGINFO_SIZE) {
                if (records.get(JAVA_INT, offset + Libc.SSI_SIGNO_OFFSET) == Signals.SIGTERM) {
                    System.exit(EXIT_STATUS_ON_TERM);
                }
                stdout.write(REPLY);
            }
        }
    }

    /** execve("/proc/self/exe", the same arguments and REEXECUTED, the same environment); keeps the pid and the mask. */
    private static void reexecute(Arena arena) throws LibcException, IOException {
        List<MemorySegment> argv = new ArrayList<>();
        byte[] commandLine = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        int start = 0;
        for (int i = 0; i < commandLine.length; i++) {
            if (commandLine[i] == 0) {
                argv.add(cString(arena, Arrays.copyOfRange(commandLine, start, i)));
                start = i + 1;
            }
        }
        argv.add(cString(arena, REEXECUTED.getBytes(StandardCharsets.US_ASCII)));
        MemorySegment argvArray = arena.allocate(ADDRESS, argv.size() + 1L);
        for (int i = 0; i < argv.size(); i++) {
            argvArray.setAtIndex(ADDRESS, i, argv.get(i));
        }
        argvArray.setAtIndex(ADDRESS, argv.size(), MemorySegment.NULL);
        Libc.execve(arena.allocateFrom("/proc/self/exe"), argvArray, Libc.environ());
    }

    private static MemorySegment cString(Arena arena, byte[] bytes) {
        MemorySegment string = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, string, JAVA_BYTE, 0, bytes.length);
        return string;
    }

    private static MemorySegment sigset(Arena arena, SignalSet signals) {
        MemorySegment sigset = arena.allocate(Libc.SIGSET_SIZE, 8);
        sigset.set(JAVA_LONG, 0, signals.bits());
        return sigset;
    }
}
