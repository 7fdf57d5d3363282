package dev.jinit.core.libc;

import static dev.jinit.core.libc.Downcalls.syscall;
import static dev.jinit.core.libc.Headers.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A close-on-exec inotify(7) instance that watches files for changes of their contents or size,
 * and its events, read one at a time. Confined to the thread that reads it:
 * https://man7.org/linux/man-pages/man7/inotify.7.html
 */
public final class Inotify {
    /** Events one read(2) takes at most; a watched file's events carry no name. */
    private static final int BATCH = 16;

    private final int fd;
    private final MemorySegment events;
    private long available;
    private long next;

    private Inotify(int fd, MemorySegment events) {
        this.fd = fd;
        this.events = events;
    }

    /** inotify_init1(2) with {@code IN_CLOEXEC}; its buffer lives as long as the JVM, like the instance. */
    public static Inotify open() throws LibcException {
        int fd = (int) syscall("inotify_init1", SystemCall.INOTIFY_INIT1, IN_CLOEXEC, 0, 0, 0, 0);
        return new Inotify(fd, Arena.global().allocate(INOTIFY_EVENT_SIZE * BATCH, 8));
    }

    /**
     * inotify_add_watch(2) with {@code IN_MODIFY}, which write(2) and ftruncate(2) raise; the
     * path is followed, so a {@code /proc/self/fd/N} link watches the file behind descriptor N.
     *
     * @return the watch descriptor that the file's events carry
     */
    public int watchChanges(String path) throws LibcException {
        try (Arena arena = Arena.ofConfined()) {
            return (int) syscall("inotify_add_watch", SystemCall.INOTIFY_ADD_WATCH, fd,
                    NativeStrings.string(arena, path).address(), IN_MODIFY, 0, 0);
        }
    }

    /**
     * Waits for the next event: the kernel merges an event into the last one still unread when
     * they are alike, so one event may stand for several changes.
     *
     * @return the watch descriptor of the file that changed
     */
    public int next() throws LibcException {
        if (next >= available) {
            available = Libc.read(fd, events);
            next = 0;
        }
        int watch = events.get(JAVA_INT, next);
        next += INOTIFY_EVENT_SIZE + events.get(JAVA_INT, next + INOTIFY_EVENT_LEN_OFFSET);
        return watch;
    }
}
