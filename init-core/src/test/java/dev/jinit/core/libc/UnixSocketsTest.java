package dev.jinit.core.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Abstract Unix sockets and poll, for real in the test's JVM. */
class UnixSocketsTest {
    /** Unique on this machine: abstract names are shared by the network namespace. */
    private static final String NAME = "jinit-test-" + ProcessHandle.current().pid();

    @Test
    void aClientConnectsByNameAndTheServerKnowsWhoItIs() throws LibcException, IOException {
        int listener = UnixSockets.listen(NAME, 4);
        try {
            assertThat(Files.readString(Path.of("/proc/net/unix"))).contains("@" + NAME);
            PollSet poll = new PollSet(2);
            poll.set(0, listener, false);
            assertThat(poll.poll(1, 0)).as("nobody has connected").isZero();
            assertThat(UnixSockets.accept(listener)).as("nothing to accept").isEqualTo(-1);

            int client = UnixSockets.connect(NAME);
            assertThat(poll.poll(1, 1000)).isEqualTo(1);
            assertThat(poll.ready(0)).isTrue();
            int server = UnixSockets.accept(listener);
            assertThat(Files.readString(Path.of("/proc/self/fdinfo/" + server))).as("close-on-exec, non-blocking")
                    .containsPattern("flags:\\s+0*2[0-7]{2}4[0-7]{3}\\n");
            UnixSockets.Peer peer = UnixSockets.peer(server);
            assertThat(peer.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(peer.uid()).isEqualTo(Integer.parseInt(ownStatus("Uid")));
            assertThat(peer.gid()).isEqualTo(Integer.parseInt(ownStatus("Gid")));

            byte[] into = new byte[8];
            assertThat(UnixSockets.receive(server, into, 0, 8)).as("nothing sent yet").isEqualTo(-1);
            byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
            assertThat(UnixSockets.send(client, hello, 0, hello.length)).isEqualTo(5);
            poll.set(1, server, false);
            assertThat(poll.poll(2, 1000)).isEqualTo(1);
            assertThat(poll.ready(0)).isFalse();
            assertThat(poll.ready(1)).isTrue();
            assertThat(UnixSockets.receive(server, into, 1, 7)).isEqualTo(5);
            assertThat(new String(into, 1, 5, StandardCharsets.UTF_8)).isEqualTo("hello");

            Libc.close(client);
            assertThat(UnixSockets.receive(server, into, 0, 8)).as("the client's end").isZero();
            assertThatThrownBy(() -> UnixSockets.send(server, hello, 0, hello.length)).isInstanceOf(LibcException.class)
                    .hasMessage("send: Broken pipe (EPIPE)");
            Libc.close(server);
        } finally {
            Libc.close(listener);
        }
        assertThatThrownBy(() -> UnixSockets.connect(NAME)).isInstanceOf(LibcException.class)
                .hasMessage("connect: Connection refused (ECONNREFUSED)");
    }

    @Test
    void aNameTooLongIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> UnixSockets.connect("x".repeat(UnixSockets.MAX_NAME_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNonBlockingPipeNeverWaits() throws LibcException {
        int[] ends = Libc.nonBlockingPipe();
        byte[] into = new byte[4];
        assertThat(UnixSockets.receive(ends[0], into, 0, 4)).as("empty").isEqualTo(-1);
        assertThat(Libc.write(ends[1], new byte[] {7}, 0, 1)).isEqualTo(1);
        assertThat(UnixSockets.receive(ends[0], into, 0, 4)).isEqualTo(1);
        Libc.close(ends[0]);
        Libc.close(ends[1]);
    }

    private static String ownStatus(String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith(field + ":"))
                .findFirst().orElseThrow().split("\\s+")[1];
    }
}
