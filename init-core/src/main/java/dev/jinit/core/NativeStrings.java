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

    /** Copied from a segment over the array: copying from the array itself spins a type switch class at start-up. */
    static MemorySegment string(Arena arena, byte[] bytes) {
        // The allocation is zeroed: the last byte is the terminating NUL.
        return arena.allocate(bytes.length + 1L).copyFrom(MemorySegment.ofArray(bytes));
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
            MemorySegment string = array.asSlice(offset, strings.get(i).length + 1L);
            string.copyFrom(MemorySegment.ofArray(strings.get(i)));
            array.setAtIndex(ValueLayout.ADDRESS, i, string);
            offset += string.byteSize();
        }
        return array;
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
