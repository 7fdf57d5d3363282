package dev.jinit.core.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** C strings and the NULL-terminated string arrays of argv and envp, kept as raw bytes. */
final class NativeStrings {
    private NativeStrings() {}

    /** The allocation is zeroed: its last byte is the terminating NUL. */
    static MemorySegment string(Arena arena, byte[] bytes) {
        return copy(bytes, arena.allocate(bytes.length + 1L));
    }

    static MemorySegment string(Arena arena, String text) {
        return string(arena, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A {@code char *[]} ending in NULL, as execve(2) and posix_spawn(3) take them: the pointers,
     * then the strings, in one allocation. Laid out in a Java array first and copied in one go:
     * in a JVM that has just started, each access to native memory costs tens of microseconds
     * (2-3 ms for an environment, measured). Pointers are 64-bit on both of jinit's platforms.
     */
    static MemorySegment array(Arena arena, List<byte[]> strings) {
        int pointers = Long.BYTES * (strings.size() + 1);
        int size = pointers;
        for (byte[] string : strings) {
            size += string.length + 1;
        }
        MemorySegment array = arena.allocate(size, Long.BYTES);
        // Zeroed: the NULL after the last pointer, and each string's terminating NUL.
        ByteBuffer layout = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
        int offset = pointers;
        for (byte[] string : strings) {
            layout.putLong(array.address() + offset);
            layout.put(offset, string);
            offset += string.length + 1;
        }
        return copy(layout.array(), array);
    }

    /**
     * Copies bytes to the start of {@code target}; returns it. From a segment over the array:
     * copying from the array itself spins a type switch class at start-up.
     */
    private static MemorySegment copy(byte[] bytes, MemorySegment target) {
        return target.copyFrom(MemorySegment.ofArray(bytes));
    }
}
