package dev.jinit.core;

import java.nio.charset.StandardCharsets;

/**
 * What the running jinit answers a {@link ControlRequest}: the exit status for {@code jinit
 * --control}, and the text it prints, on stdout or, for a refusal or failure, on stderr.
 *
 * <p>On the wire: the status and {@code out} or {@code err} on the first line, then the text; the
 * end of the connection ends it.
 */
public record ControlAnswer(int status, boolean onStderr, String text) {
    static ControlAnswer ok(String text) {
        return new ControlAnswer(0, false, text);
    }

    static ControlAnswer failed(String text) {
        return new ControlAnswer(ExitCodes.FAILURE, true, text);
    }

    byte[] encode() {
        return (status + (onStderr ? " err\n" : " out\n") + text).getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the bytes are no answer */
    static ControlAnswer decode(byte[] bytes, int length) {
        String all = new String(bytes, 0, length, StandardCharsets.UTF_8);
        int lineEnd = all.indexOf('\n');
        String[] head = (lineEnd < 0 ? all : all.substring(0, lineEnd)).split(" ");
        if (lineEnd < 0 || head.length != 2 || !head[0].matches("\\d{1,3}") || !head[1].matches("out|err")) {
            throw new IllegalArgumentException("not an answer of jinit's");
        }
        return new ControlAnswer(Integer.parseInt(head[0]), head[1].equals("err"), all.substring(lineEnd + 1));
    }
}
