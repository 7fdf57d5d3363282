package dev.jinit.core.libc;

/** glibc's C heap, where the JVM's own native memory comes from. */
public final class Malloc {
    private Malloc() {}

    /** Links malloc_trim now rather than at the first {@link #trim}. */
    public static void linkTrim() {
        Downcalls.linkMallocTrim();
    }

    /**
     * malloc_trim(3) with no padding: gives the heap's free memory back to the kernel, the free
     * pages between the chunks in use too, which free(3) keeps mapped. A glibc function, not a
     * system call: linked on first use
     * (or {@link #linkTrim}): https://man7.org/linux/man-pages/man3/malloc_trim.3.html
     *
     * @return whether any memory was given back
     */
    public static boolean trim() {
        return Downcalls.mallocTrim(0) == 1;
    }
}
