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
        MemorySegment string = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, string, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return string;
    }

    static MemorySegment string(Arena arena, String text) {
        return string(arena, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code char *[]} ending in NULL, as execve(2) and posix_spawn(3) take them. */
    static MemorySegment array(Arena arena, List<byte[]> strings) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, string(arena, strings.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, strings.size(), MemorySegment.NULL);
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
