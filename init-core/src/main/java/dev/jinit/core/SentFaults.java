package dev.jinit.core;

import dev.jinit.core.libc.Inotify;
import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import dev.jinit.core.libc.SignalChaining;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Keeps jinit alive when someone sends it SIGILL, SIGBUS, SIGFPE or SIGSEGV ({@code podman kill
 * -s SEGV}, a chaos tool, a stray {@code kill -11 1}), and has them forwarded like any other signal.
 *
 * <p>HotSpot takes these four for itself and unblocks them in every thread it starts, so they
 * never wait for the signalfd: a sent one runs HotSpot's handler, which does not recognise it and
 * reports a fatal error. With the JDK's {@code libjsig.so} preloaded, HotSpot first calls the
 * action chained behind its own ({@link SignalChaining}), and treats the signal as handled when
 * that returns. The action jinit chains is glibc's ftruncate on descriptor number {@code signal},
 * a memfd that the first JVM reserved before its exec ({@link #reserveDescriptors}): the memfd's
 * size becomes the address of the signal's {@code siginfo_t}, and inotify wakes a thread of
 * jinit's, which reads there who raised it:
 * <ul>
 *   <li>sent with kill(2), sigqueue(3) or tgkill(2): the thread queues {@link #CARRIER} to jinit
 *       with the signal as its value, and the signal loop forwards the signal ({@link SignalReader});
 *   <li>raised by a fault of jinit's own (a bug): a fault repeats as soon as the handler returns,
 *       so the thread chains {@code SIG_DFL}, and the next repeat ends in HotSpot's crash report.
 * </ul>
 */
final class SentFaults {
    /** The signals HotSpot keeps for itself, and the memfds' descriptor numbers. */
    static final int[] SIGNALS = {Signals.SIGILL, Signals.SIGBUS, Signals.SIGFPE, Signals.SIGSEGV};
    /** Carries a sent fault signal to the signal loop: real-time, so that each one queues. */
    static final int CARRIER = Signals.SIGRTMAX - 1;
    /** The memfds' name, as /proc/self/fd shows them. */
    private static final String MEMFD_NAME = "jinit-sent-fault";
    private static final String MEMFD_TARGET = "/memfd:" + MEMFD_NAME + " (deleted)";
    /**
     * Below this limit on open descriptors, the memfds would take numbers that the JVMs (8 to
     * start) and the commands need more.
     */
    private static final int LEAST_OPEN_FILES = 64;
    /** How long a signal taken for a fault has to end jinit before it is taken for sent after all. */
    private static final Duration FAULT_WAIT = Duration.ofSeconds(1);

    private SentFaults() {}

    /** The JDK's libjsig.so in jinit's runtime, for {@code LD_PRELOAD}. */
    static String library() {
        return Path.of(System.getProperty("java.home"), "lib", "libjsig.so").toString();
    }

    /**
     * In the first JVM, just before its exec: descriptor N becomes a memfd for each signal N that
     * no descriptor jinit inherited holds (then that signal stays unguarded). Whatever the JVM had
     * there is closed, which it no longer minds. Best effort, like every step of the guard.
     */
    static void reserveDescriptors(Set<Integer> inherited) {
        int limit;
        try {
            limit = ProcSelf.openFilesLimit();
        } catch (UncheckedIOException | NumberFormatException e) {
            limit = 0;
        }
        if (limit < LEAST_OPEN_FILES) {
            Log.at(Log.DEBUG, "SIGILL, SIGBUS, SIGFPE and SIGSEGV sent to jinit will end it: " + limit
                    + " descriptors at most");
            return;
        }
        for (int signal : SIGNALS) {
            if (inherited.contains(signal)) {
                continue;
            }
            try {
                int memfd = Libc.memfdCreate(MEMFD_NAME);
                if (memfd != signal) {
                    Libc.duplicateTo(memfd, signal);
                    Libc.close(memfd);
                }
            } catch (LibcException e) {
                Log.at(Log.DEBUG, "SIG" + Signals.name(signal) + " sent to jinit will end it: " + e.getMessage());
            }
        }
    }

    /**
     * In the second JVM, once the first command runs: guards the signals on a thread of its own,
     * which neither delays that start nor takes its place under a limit on processes.
     */
    static void guard() {
        Thread thread = new Thread(SentFaults::watch, "jinit-faults");
        thread.setDaemon(true);
        try {
            thread.start();
        } catch (OutOfMemoryError noThreadLeft) {
            Log.at(Log.DEBUG, "SIGILL, SIGBUS, SIGFPE and SIGSEGV sent to jinit will end it: no thread to guard them ("
                    + noThreadLeft.getMessage() + ")");
        }
    }

    private static void watch() {
        String preload = System.getenv(Inheritance.PRELOAD_VARIABLE);
        if (preload == null || !preload.startsWith(library())) {
            Log.at(Log.DEBUG, "SIGILL, SIGBUS, SIGFPE and SIGSEGV sent to jinit will end it: " + library()
                    + " was not preloaded");
            return;
        }
        try {
            SignalChaining chaining = SignalChaining.of(Path.of(library()));
            Inotify changes = Inotify.open();
            Map<Integer, String> descriptors = ProcSelf.openDescriptors();
            int[] signalOfWatch = new int[SIGNALS.length + 1];
            StringBuilder guarded = new StringBuilder();
            for (int signal : SIGNALS) {
                if (!MEMFD_TARGET.equals(descriptors.get(signal)) || !chaining.chains(signal)) {
                    Log.at(Log.DEBUG, "SIG" + Signals.name(signal) + " sent to jinit will end it: descriptor "
                            + signal + " is " + descriptors.getOrDefault(signal, "closed"));
                    continue;
                }
                Libc.setCloseOnExec(signal);
                signalOfWatch[changes.watchChanges(memfd(signal).toString())] = signal;
                // The path of a fault runs once now, on no record: it must load no class while a
                // faulting thread loops, since a class load may wait for that thread's safepoint.
                chaining.faultAt(Files.size(memfd(signal)), signal);
                chaining.chainToTruncate(signal);
                guarded.append(" SIG").append(Signals.name(signal));
            }
            Log.at(Log.DEBUG, "forwarding" + guarded + " sent to jinit");
            int self = ProcSelf.pid();
            while (true) {
                int watch = changes.next();
                // 0: no signal's watch (an overflow of the event queue has none).
                int signal = watch > 0 && watch < signalOfWatch.length ? signalOfWatch[watch] : 0;
                if (signal == 0) {
                    continue;
                }
                try {
                    if (chaining.faultAt(Files.size(memfd(signal)), signal)) {
                        chaining.chainToDefault(signal);
                        Thread.sleep(FAULT_WAIT);
                        // Still alive: it did not repeat, so it was sent after all, to a thread that has
                        // since overwritten its record.
                        chaining.chainToTruncate(signal);
                    }
                    Libc.sigqueue(self, CARRIER, signal);
                } catch (IOException | LibcException | RuntimeException | Error e) {
                    // One signal lost, not the guard: the next may well go through (a sent SIGSEGV
                    // that HotSpot took for this thread's null pointer ends a downcall with an Error).
                    Log.warn("SIG" + Signals.name(signal) + " sent to jinit not forwarded: " + Log.describe(e));
                }
            }
        } catch (IOException | LibcException | RuntimeException | InterruptedException e) {
            Log.warn("SIGILL, SIGBUS, SIGFPE and SIGSEGV sent to jinit may end it: " + e);
        }
    }

    /** The link to signal's memfd, whose size the chained ftruncate sets. */
    private static Path memfd(int signal) {
        return Path.of("/proc/self/fd", Integer.toString(signal));
    }
}
