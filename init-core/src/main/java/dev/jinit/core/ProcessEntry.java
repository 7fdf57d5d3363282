package dev.jinit.core;

/**
 * One process as {@code /proc/PID/stat} shows it. The start time (clock ticks after boot) tells a
 * process from a later one that reused its pid.
 */
record ProcessEntry(int pid, int parent, char state, long startTime, String name, boolean kernelThread) {
    /** {@code PF_KTHREAD} in the flags field ({@code <linux/sched.h>}). */
    private static final long KERNEL_THREAD_FLAG = 0x00200000;

    /** Parses {@code /proc/PID/stat}: {@code pid (comm) state ppid ... starttime(22nd) ...}. */
    static ProcessEntry parseStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')'); // comm may itself hold spaces and parentheses
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        }
        String[] fields = stat.substring(close + 2).strip().split(" ");
        // fields[0] is the 3rd field (state), so the 9th (flags) is fields[6] and the 22nd (starttime) fields[19].
        return new ProcessEntry(Integer.parseInt(stat.substring(0, open).strip()), Integer.parseInt(fields[1]),
                fields[0].charAt(0), Long.parseLong(fields[19]), stat.substring(open + 1, close),
                (Long.parseLong(fields[6]) & KERNEL_THREAD_FLAG) != 0);
    }

    boolean isZombie() {
        return state == 'Z';
    }

    @Override
    public String toString() {
        return "pid " + pid + " (" + name + ")";
    }
}
