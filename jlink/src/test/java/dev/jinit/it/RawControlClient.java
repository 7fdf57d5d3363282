package dev.jinit.it;

import dev.jinit.core.libc.Libc;
import dev.jinit.core.libc.LibcException;
import dev.jinit.core.libc.UnixSockets;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A control client that takes the socket's name as given, as a process of another container would,
 * run with the image's own java in a container without a shell:
 * {@code RawControlClient NAME WORD...} sends the words, each followed by NUL, and prints the answer.
 */
public final class RawControlClient {
    private RawControlClient() {}

    public static void main(String[] args) throws LibcException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        for (int i = 1; i < args.length; i++) {
            request.writeBytes(args[i].getBytes(StandardCharsets.UTF_8));
            request.write(0);
        }
        int fd = UnixSockets.connect(args[0]);
        byte[] bytes = request.toByteArray();
        UnixSockets.send(fd, bytes, 0, bytes.length);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int read; (read = Libc.read(fd, buffer, 0, buffer.length)) > 0;) {
            answer.write(buffer, 0, read);
        }
        System.out.print(answer.toString(StandardCharsets.UTF_8));
    }
}
