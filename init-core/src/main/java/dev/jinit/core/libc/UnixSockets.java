package dev.jinit.core.libc;

import static dev.jinit.core.libc.Downcalls.syscall;
import static dev.jinit.core.libc.Headers.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Stream sockets named in Linux's abstract Unix namespace: no file, so they work on a read-only
 * root filesystem and for any user; the JDK's {@code UnixDomainSocketAddress} takes file paths
 * only, and its channels tell no peer's pid. Descriptors are close-on-exec:
 * https://man7.org/linux/man-pages/man7/unix.7.html
 */
public final class UnixSockets {
    /** The longest name: {@code sun_path} less the leading NUL that makes it abstract. */
    public static final int MAX_NAME_BYTES = (int) (SOCKADDR_UN_SIZE - SUN_PATH_OFFSET - 1);

    /**
     * SO_PEERCRED: who connected, as of connect(2).
     *
     * @param pid as the reader's pid namespace sees it; 0 when the peer's process is not in it
     */
    public record Peer(int pid, int uid, int gid) {}

    private UnixSockets() {}

    /** A non-blocking socket bound to {@code name} and listening: socket(2), bind(2), listen(2). */
    public static int listen(String name, int backlog) throws LibcException {
        return named(SOCK_STREAM | SOCK_NONBLOCK, name, (fd, address) -> {
            syscall("bind", SystemCall.BIND, fd, address.address(), address.byteSize(), 0, 0);
            syscall("listen", SystemCall.LISTEN, fd, backlog, 0, 0, 0);
        });
    }

    /**
     * A non-blocking datagram socket bound to {@code name}, to receive on, as sd_notify(3)'s
     * {@code NOTIFY_SOCKET} is: socket(2), bind(2).
     */
    public static int bindDatagram(String name) throws LibcException {
        return named(SOCK_DGRAM | SOCK_NONBLOCK, name,
                (fd, address) -> syscall("bind", SystemCall.BIND, fd, address.address(), address.byteSize(), 0, 0));
    }

    /** A blocking socket connected to {@code name}: socket(2), connect(2). */
    public static int connect(String name) throws LibcException {
        return named(SOCK_STREAM, name,
                (fd, address) -> syscall("connect", SystemCall.CONNECT, fd, address.address(), address.byteSize(), 0, 0));
    }

    /** What is done with a new socket and the address of a name: bind(2), connect(2). */
    @FunctionalInterface
    private interface AddressUse {
        void apply(int fd, MemorySegment address) throws LibcException;
    }

    /** A close-on-exec socket of {@code type}, once {@code use} has given it {@code name}; closed if that failed. */
    private static int named(int type, String name, AddressUse use) throws LibcException {
        int fd = (int) syscall("socket", SystemCall.SOCKET, AF_UNIX, type | SOCK_CLOEXEC, 0, 0, 0);
        try (Arena arena = Arena.ofConfined()) {
            use.apply(fd, address(arena, name));
            return fd;
        } catch (LibcException | RuntimeException e) {
            closeQuietly(fd);
            throw e;
        }
    }

    /**
     * accept4(2): the next connection, non-blocking and close-on-exec; -1 when none is waiting.
     * https://man7.org/linux/man-pages/man2/accept.2.html
     */
    public static int accept(int listener) throws LibcException {
        try {
            return (int) syscall("accept4", SystemCall.ACCEPT4, listener, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        } catch (LibcException e) {
            if (e.errno() == Errno.EAGAIN) {
                return -1;
            }
            throw e;
        }
    }

    /** getsockopt(2) {@code SO_PEERCRED}: https://man7.org/linux/man-pages/man7/socket.7.html */
    public static Peer peer(int fd) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        MemorySegment memory = scratch.memory;
        // The struct ucred, then its length (a socklen_t) after it.
        long lengthOffset = 16;
        memory.set(JAVA_INT, lengthOffset, (int) UCRED_SIZE);
        syscall("getsockopt", scratch, SystemCall.GETSOCKOPT, fd, SOL_SOCKET, SO_PEERCRED, memory.address(),
                memory.address() + lengthOffset);
        return new Peer(memory.get(JAVA_INT, UCRED_PID_OFFSET), memory.get(JAVA_INT, UCRED_UID_OFFSET),
                memory.get(JAVA_INT, UCRED_GID_OFFSET));
    }

    /**
     * send(2), as sendto(2), with {@code MSG_NOSIGNAL} (a peer that went away is EPIPE, not SIGPIPE)
     * and {@code MSG_DONTWAIT}: https://man7.org/linux/man-pages/man2/send.2.html
     *
     * @return how many bytes were sent; 0 when the socket's buffer is full
     */
    public static int send(int fd, byte[] data, int offset, int length) throws LibcException {
        Downcalls.Scratch scratch = Downcalls.scratch();
        MemorySegment buffer = scratch.readBuffer(length);
        MemorySegment.copy(data, offset, buffer, JAVA_BYTE, 0, length);
        try {
            return (int) syscall("send", scratch, SystemCall.SENDTO, fd, buffer.address(), length,
                    MSG_NOSIGNAL | MSG_DONTWAIT, 0);
        } catch (LibcException e) {
            if (e.errno() == Errno.EAGAIN) {
                return 0;
            }
            throw e;
        }
    }

    /**
     * read(2) from a non-blocking socket (one datagram of a datagram socket) or pipe.
     *
     * @return how many bytes were read; 0 at the end; -1 when nothing is there yet
     */
    public static int receive(int fd, byte[] into, int offset, int length) throws LibcException {
        try {
            return Libc.read(fd, into, offset, length);
        } catch (LibcException e) {
            if (e.errno() == Errno.EAGAIN) {
                return -1;
            }
            throw e;
        }
    }

    /** {@code struct sockaddr_un} for an abstract name: a NUL, then the name, whose length ends it (no NUL after). */
    private static MemorySegment address(Arena arena, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("a socket name of " + bytes.length + " bytes (at most " + MAX_NAME_BYTES + ")");
        }
        MemorySegment address = arena.allocate(SUN_PATH_OFFSET + 1 + bytes.length, 8);
        address.set(JAVA_SHORT, 0, (short) AF_UNIX);
        address.set(JAVA_BYTE, SUN_PATH_OFFSET, (byte) 0);
        MemorySegment.copy(bytes, 0, address, JAVA_BYTE, SUN_PATH_OFFSET + 1, bytes.length);
        return address;
    }

    private static void closeQuietly(int fd) {
        try {
            Libc.close(fd);
        } catch (LibcException ignored) {
            // The failure being reported matters more.
        }
    }
}
