package dev.jinit.core.libc;

import static dev.jinit.core.libc.Downcalls.syscall;
import static dev.jinit.core.libc.Headers.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An array of {@code struct pollfd} for poll(2) (as ppoll: aarch64 has no poll), kept between
 * calls, so that waiting on many descriptors allocates nothing. Confined to one thread:
 * https://man7.org/linux/man-pages/man2/poll.2.html
 */
public final class PollSet {
    private final int capacity;
    /** The pollfds, then a struct timespec. */
    private final MemorySegment memory;

    public PollSet(int capacity) {
        this.capacity = capacity;
        this.memory = Arena.ofAuto().allocate(POLLFD_SIZE * capacity + 16, 8);
    }

    public int capacity() {
        return capacity;
    }

    /** Entry {@code index} waits for {@code fd} to be readable, or writable. */
    public void set(int index, int fd, boolean writable) {
        long offset = POLLFD_SIZE * index;
        memory.set(JAVA_INT, offset, fd);
        memory.set(JAVA_SHORT, offset + 4, writable ? POLLOUT : POLLIN);
        memory.set(JAVA_SHORT, offset + 6, (short) 0);
    }

    /**
     * Waits on the first {@code count} entries up to {@code timeoutMillis} (forever if negative).
     *
     * @return how many entries are ready
     */
    public int poll(int count, int timeoutMillis) throws LibcException {
        if (count > capacity) {
            throw new IllegalArgumentException(count + " entries, room for " + capacity);
        }
        long timeout = 0;
        if (timeoutMillis >= 0) {
            long timespec = POLLFD_SIZE * capacity;
            memory.set(JAVA_LONG, timespec, timeoutMillis / 1000);
            memory.set(JAVA_LONG, timespec + 8, (timeoutMillis % 1000) * 1_000_000L);
            timeout = memory.address() + timespec;
        }
        return (int) syscall("poll", SystemCall.PPOLL, memory.address(), count, timeout, 0, KERNEL_SIGSET_SIZE);
    }

    /** Whether entry {@code index} is ready after the last poll: readable or writable as asked, at its end, or in error. */
    public boolean ready(int index) {
        return memory.get(JAVA_SHORT, POLLFD_SIZE * index + 6) != 0;
    }
}
