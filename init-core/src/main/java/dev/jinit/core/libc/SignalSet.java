package dev.jinit.core.libc;

import java.util.HexFormat;
import java.util.StringJoiner;
import java.util.stream.IntStream;

/** An immutable set of signals 1 to 64, as the kernel keeps them: bit {@code n-1} for signal {@code n}. */
public record SignalSet(long bits) {
    /** The highest signal number on x86_64 and aarch64 (the kernel's {@code _NSIG}). */
    public static final int MAX = 64;
    private static final SignalSet EMPTY = new SignalSet(0);

    public static SignalSet of(int... signals) {
        return EMPTY.with(signals);
    }

    /** Signals {@code from} to {@code to}, both included. */
    public static SignalSet range(int from, int to) {
        SignalSet set = EMPTY;
        for (int signal = from; signal <= to; signal++) {
            set = set.with(signal);
        }
        return set;
    }

    /** Parses the hexadecimal masks of {@code /proc/PID/status} ({@code SigBlk: 0000000000010000}). */
    public static SignalSet fromHex(String hex) {
        return new SignalSet(HexFormat.fromHexDigitsToLong(hex.strip()));
    }

    public String toHex() {
        return HexFormat.of().toHexDigits(bits);
    }

    public boolean contains(int signal) {
        return signal >= 1 && signal <= MAX && (bits & bit(signal)) != 0;
    }

    public boolean containsAll(SignalSet other) {
        return (bits & other.bits) == other.bits;
    }

    public SignalSet with(int... signals) {
        long result = bits;
        for (int signal : signals) {
            result |= bit(signal);
        }
        return new SignalSet(result);
    }

    public SignalSet without(int... signals) {
        return new SignalSet(bits & ~of(signals).bits);
    }

    public SignalSet minus(SignalSet other) {
        return new SignalSet(bits & ~other.bits);
    }

    public IntStream stream() {
        return IntStream.rangeClosed(1, MAX).filter(this::contains);
    }

    private static long bit(int signal) {
        if (signal < 1 || signal > MAX) {
            throw new IllegalArgumentException("no signal " + signal);
        }
        return 1L << (signal - 1);
    }

    /** The signal numbers: {@code [1 15 64]}. */
    @Override
    public String toString() {
        StringJoiner numbers = new StringJoiner(" ", "[", "]");
        stream().mapToObj(Integer::toString).forEach(numbers::add);
        return numbers.toString();
    }
}
