package dev.jinit.core.libc;

import static dev.jinit.core.libc.Headers.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A close-on-exec signalfd(2) and the records read from it, decoded on access: a read fills a
 * buffer of {@code struct signalfd_siginfo}, and {@link #signal} and {@link #sender} read one
 * record's fields, so that a signal costs no allocation. Confined to the thread that opens it.
 * The signals must be blocked in every thread, or a thread may take them first:
 * https://man7.org/linux/man-pages/man2/signalfd.2.html
 */
public final class SignalFd implements AutoCloseable {
    private final Arena arena;
    private final MemorySegment records;
    private final int fd;

    private SignalFd(Arena arena, MemorySegment records, int fd) {
        this.arena = arena;
        this.records = records;
        this.fd = fd;
    }

    /** Opens a signalfd for {@code signals}, reading up to {@code recordsPerRead} records at a time. */
    public static SignalFd open(SignalSet signals, int recordsPerRead) throws LibcException {
        Arena arena = Arena.ofConfined();
        try {
            MemorySegment records = arena.allocate(SIGINFO_SIZE * recordsPerRead, 8);
            return new SignalFd(arena, records, Libc.signalfd(signals, SFD_CLOEXEC));
        } catch (LibcException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (forever if negative) for signals and reads the records
     * queued, in the order the kernel queued them; forever takes one read(2), no poll.
     *
     * @return how many records were read: 0 when the time ran out first
     */
    public int read(int timeoutMillis) throws LibcException {
        if (timeoutMillis >= 0 && !Libc.pollIn(fd, timeoutMillis)) {
            return 0;
        }
        return (int) (Libc.read(fd, records) / SIGINFO_SIZE);
    }

    /** {@code ssi_signo} of record {@code index} of the last read: the signal. */
    public int signal(int index) {
        return records.get(JAVA_INT, SIGINFO_SIZE * index + SSI_SIGNO_OFFSET);
    }

    /** {@code ssi_pid} of record {@code index} of the last read: who sent the signal. */
    public int sender(int index) {
        return records.get(JAVA_INT, SIGINFO_SIZE * index + SSI_PID_OFFSET);
    }

    /**
     * The value sent with the signal of record {@code index} when sigqueue(3) sent it
     * ({@code ssi_code} {@code SI_QUEUE}); else null.
     */
    public Integer queuedValue(int index) {
        long record = SIGINFO_SIZE * index;
        return records.get(JAVA_INT, record + SSI_CODE_OFFSET) == SI_QUEUE ? records.get(JAVA_INT, record + SSI_INT_OFFSET)
                : null;
    }

    /**
     * Whether the kernel itself raised the signal of record {@code index} ({@code ssi_code}
     * {@code SI_KERNEL}), as it does for the timer of {@link Libc#armRealTimer}, rather than a
     * process with kill(2) or sigqueue(3).
     */
    public boolean raisedByKernel(int index) {
        return records.get(JAVA_INT, SIGINFO_SIZE * index + SSI_CODE_OFFSET) == SI_KERNEL;
    }

    /** Whether a POSIX timer of this process sent the signal of record {@code index} ({@code ssi_code} {@code SI_TIMER}). */
    public boolean sentByTimer(int index) {
        return records.get(JAVA_INT, SIGINFO_SIZE * index + SSI_CODE_OFFSET) == SI_TIMER;
    }

    @Override
    public void close() throws LibcException {
        try {
            Libc.close(fd);
        } finally {
            arena.close();
        }
    }
}
