package dev.jinit.core;

import dev.jinit.core.libc.UnixSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who may use the control channel: a process of the same container, running as jinit's user or
 * root. The abstract socket's name is shared by everything in the network namespace (every
 * container of a pod), so the name holds the mount namespace (which {@code docker exec} and
 * {@code kubectl exec} enter) only to find the right jinit; the peer is checked all the same.
 *
 * @param ownUid jinit's effective user
 * @param ownMountNamespace {@code /proc/self/ns/mnt}'s link, e.g. {@code mnt:[4026532181]}
 */
record ControlPeers(int ownUid, String ownMountNamespace) {
    private static final Path PROC = Path.of("/proc");

    static ControlPeers ofThisProcess() {
        try {
            return new ControlPeers((Integer) Files.getAttribute(PROC.resolve("self"), "unix:uid"),
                    mountNamespace("self"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The abstract socket's name for a process of this mount namespace: {@code jinit-control-4026532181}. */
    static String socketName(String mountNamespace) {
        return "jinit-control-" + mountNamespace.replaceAll("\\D", "");
    }

    String socketName() {
        return socketName(ownMountNamespace);
    }

    /** Why {@code peer} may not control jinit, in a few words; null when it may. */
    String refusal(UnixSockets.Peer peer) {
        if (peer.pid() == 0) {
            return "a process of another PID namespace";
        }
        if (peer.uid() != ownUid && peer.uid() != 0) {
            return "user " + peer.uid() + ", neither jinit's user (" + ownUid + ") nor root";
        }
        String peerNamespace;
        try {
            peerNamespace = mountNamespace(Integer.toString(peer.pid()));
        } catch (IOException e) {
            return "pid " + peer.pid() + ", whose mount namespace jinit cannot read (" + e.getClass().getSimpleName() + ")";
        }
        if (!peerNamespace.equals(ownMountNamespace)) {
            return "pid " + peer.pid() + " of another container (mount namespace " + peerNamespace + ")";
        }
        return null;
    }

    /** The link of {@code /proc/PROCESS/ns/mnt}. */
    static String mountNamespace(String process) throws IOException {
        return Files.readSymbolicLink(PROC.resolve(process).resolve("ns/mnt")).toString();
    }
}
