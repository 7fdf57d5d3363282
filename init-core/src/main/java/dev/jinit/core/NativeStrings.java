package dev.jinit.core;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** C strings and the NULL-terminated string arrays of argv and envp, kept as raw bytes. */
final class NativeStrings {
    private NativeStrings() {}

    static MemorySegment string(Arena arena, byte[] bytes) {
        return copy(bytes, arena.allocate(bytes.length + 1L));
    }

    static MemorySegment string(Arena arena, String text) {
        return string(arena, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A {@code char *[]} ending in NULL, as execve(2) and posix_spawn(3) take them: the pointers,
     * then the strings, in one allocation (zeroed, so the NULL and each terminating NUL are there).
     */
    static MemorySegment array(Arena arena, List<byte[]> strings) {
        long pointers = ValueLayout.ADDRESS.byteSize() * (strings.size() + 1L);
        long size = pointers;
        for (byte[] string : strings) {
            size += string.length + 1L;
        }
        MemorySegment array = arena.allocate(size, ValueLayout.ADDRESS.byteAlignment());
        long offset = pointers;
        for (int i = 0; i < strings.size(); i++) {
            MemorySegment string = copy(strings.get(i), array.asSlice(offset, strings.get(i).length + 1L));
            array.setAtIndex(ValueLayout.ADDRESS, i, string);
            offset += string.byteSize();
        }
        return array;
    }

    /**
     * Copies a string into a zeroed slot one byte longer, whose last byte is then the terminating
     * NUL; returns the slot. From a segment over the array: copying from the array itself spins a
     * type switch class at start-up.
     */
    private static MemorySegment copy(byte[] string, MemorySegment zeroedSlot) {
        return zeroedSlot.copyFrom(MemorySegment.ofArray(string));
    }

    /** {@code environment} without the entries of the variables named. */
    static List<byte[]> withoutVariables(List<byte[]> environment, String... names) {
        List<byte[]> kept = new ArrayList<>(environment);
        for (String name : names) {
            kept.removeIf(entry -> isVariable(entry, name));
        }
        return kept;
    }

    /** Whether an environment entry is {@code NAME=...}. */
    static boolean isVariable(byte[] entry, String name) {
        byte[] prefix = (name + "=").getBytes(StandardCharsets.US_ASCII);
        return entry.length >= prefix.length && Arrays.equals(entry, 0, prefix.length, prefix, 0, prefix.length);
    }

    static byte[] variable(String name, String value) {
        return (name + "=" + value).getBytes(StandardCharsets.UTF_8);
    }
}
