package dev.jinit.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code jinit --control} asks of the running jinit: a verb, and for all but {@code status}
 * the name of a command, and for {@code signal} a signal.
 *
 * <p>On the wire each word is followed by a NUL byte (no argument can hold one), so names with
 * spaces or line breaks travel as they are, and the verb tells how many words make the request.
 */
public record ControlRequest(Verb verb, String name, int signal) {
    /** The most a request may take on the wire: a longer one is refused unread. */
    static final int MAX_BYTES = 512;

    public enum Verb {
        STATUS(1), START(2), STOP(2), RESTART(2), SIGNAL(3);

        /** How many words make the request, the verb included. */
        final int words;

        Verb(int words) {
            this.words = words;
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reads {@code status}, {@code start NAME}, {@code stop NAME}, {@code restart NAME} or
     * {@code signal NAME SIGNAL}.
     *
     * @throws IllegalArgumentException with a one-line message saying what is wrong
     */
    public static ControlRequest parse(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("--control needs status, start NAME, stop NAME, restart NAME or signal NAME SIGNAL");
        }
        Verb verb = verb(words.getFirst());
        if (words.size() != verb.words) {
            throw new IllegalArgumentException("--control " + verb.word() + switch (verb) {
                case STATUS -> " takes nothing after it";
                case SIGNAL -> " takes a command's name and a signal: signal NAME SIGNAL";
                default -> " takes one command's name: " + verb.word() + " NAME";
            });
        }
        String name = verb == Verb.STATUS ? null : words.get(1);
        if (name != null && name.isEmpty()) {
            throw new IllegalArgumentException("--control " + verb.word() + ": the name is empty");
        }
        return new ControlRequest(verb, name, verb == Verb.SIGNAL ? Signals.parse(words.get(2)) : 0);
    }

    private static Verb verb(String word) {
        for (Verb verb : Verb.values()) {
            if (verb.word().equals(word)) {
                return verb;
            }
        }
        throw new IllegalArgumentException("--control: unknown request '" + printable(word)
                + "' (status, start NAME, stop NAME, restart NAME or signal NAME SIGNAL)");
    }

    /** The request on the wire. */
    byte[] encode() {
        List<String> words = new ArrayList<>(List.of(verb.word()));
        if (name != null) {
            words.add(name);
        }
        if (verb == Verb.SIGNAL) {
            words.add(Integer.toString(signal));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String word : words) {
            bytes.writeBytes(word.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes the first {@code length} bytes received.
     *
     * @return the request, or null when more bytes are needed
     * @throws IllegalArgumentException when they make no request, whatever follows
     */
    static ControlRequest decode(byte[] received, int length) {
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (received[i] == 0) {
                words.add(new String(received, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
                Verb verb = verb(words.getFirst());
                if (words.size() == verb.words) {
                    if (start != length) {
                        throw new IllegalArgumentException("--control: bytes after the request");
                    }
                    return parse(words);
                }
            }
        }
        if (words.isEmpty() && length > Verb.RESTART.word().length()) {
            throw new IllegalArgumentException("--control: no request");
        }
        return null;
    }

    /** At most 40 characters of what was received, control characters as '?': for a message. */
    private static String printable(String word) {
        String shown = word.length() > 40 ? word.substring(0, 40) + "..." : word;
        return shown.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
