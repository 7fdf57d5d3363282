package dev.jinit.bench.child;

import dev.jinit.core.Signals;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import dev.jinit.core.libc.SignalFd;
import dev.jinit.core.libc.SignalSet;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
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
 * It calls the kernel through jinit's own bindings.
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
        SignalSet blockedBefore = Libc.blockSignals(HANDLED);
        if (!blockedBefore.containsAll(HANDLED)) {
            if (Arrays.asList(args).contains(REEXECUTED)) {
                throw new IllegalStateException("the re-executed JVM started without SIGUSR1 and SIGTERM blocked");
            }
            reexecute();
        }
        echo(SignalFd.open(HANDLED, RECORDS_PER_READ));
    }

    private static void echo(SignalFd signals) throws LibcException, IOException {
        // Unbuffered: each write is one write(2) to the pipe the harness reads.
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        stdout.write(READY);
        while (true) {
            int records = signals.read(-1);
            for (int i = 0; i < records; i++) {
                if (signals.signal(i) == Signals.SIGTERM) {
                    System.exit(EXIT_STATUS_ON_TERM);
                }
                stdout.write(REPLY);
            }
        }
    }

    /** execve("/proc/self/exe", the same arguments and REEXECUTED, the same environment); keeps the pid and the mask. */
    private static void reexecute() throws LibcException, IOException {
        List<byte[]> argv = new ArrayList<>(splitOnNul(Files.readAllBytes(Path.of("/proc/self/cmdline"))));
        argv.add(REEXECUTED.getBytes(StandardCharsets.US_ASCII));
        Libc.execve("/proc/self/exe", argv, splitOnNul(Files.readAllBytes(Path.of("/proc/self/environ"))));
    }

    /** The NUL-terminated strings of a /proc file. */
    private static List<byte[]> splitOnNul(byte[] strings) {
        List<byte[]> split = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < strings.length; i++) {
            if (strings[i] == 0) {
                split.add(Arrays.copyOfRange(strings, start, i));
                start = i + 1;
            }
        }
        return split;
    }
}
