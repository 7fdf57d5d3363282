package dev.jinit.core;

import dev.jinit.core.libc.SignalSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What jinit received from its parent and hands on to its child: the signal mask and ignored
 * signals it started with, the descriptors it inherited, and its environment, byte for byte, less
 * what jinit added for itself.
 */
public final class Inheritance {
    /** Carries stage 0's record of the parent's state to stage 1 (see {@link #recordOfParent}). */
    static final String RECORD_VARIABLE = "_JINIT_STAGE1";
    /** HotSpot's choice of suspend/resume signal: jinit sets it for its own JVM, not for the child. */
    static final String SUSPEND_RESUME_VARIABLE = "_JAVA_SR_SIGNUM";
    /** jinit preloads the JDK's libjsig.so into its second JVM (see {@link SentFaults}), not into the child. */
    static final String PRELOAD_VARIABLE = "LD_PRELOAD";
    /** The user's own {@code LD_PRELOAD}, byte for byte, while jinit's takes its place; absent when there was none. */
    private static final String USER_PRELOAD_VARIABLE = "_JINIT_USER_LD_PRELOAD";
    // Their entries' beginnings, made once: every start looks for them in the whole environment.
    private static final byte[] RECORD_PREFIX = (RECORD_VARIABLE + "=").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUSPEND_RESUME_PREFIX = (SUSPEND_RESUME_VARIABLE + "=").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRELOAD_PREFIX = (PRELOAD_VARIABLE + "=").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USER_PRELOAD_PREFIX = (USER_PRELOAD_VARIABLE + "=").getBytes(StandardCharsets.US_ASCII);
    static final String USER_SUSPEND_RESUME = "sr";
    private static final String MASK = "mask";
    private static final String IGNORED = "ignored";
    private static final String DESCRIPTORS = "fds";
    private static final String HANDOVER = "handover";

    private final SignalSet mask;
    private final SignalSet ignored;
    private final Set<Integer> descriptors;
    private final List<byte[]> environment;

    private Inheritance(SignalSet mask, SignalSet ignored, Set<Integer> descriptors, List<byte[]> environment) {
        this.mask = mask;
        this.ignored = ignored;
        this.descriptors = descriptors;
        this.environment = environment;
    }

    /**
     * Stage 0's record of the parent's state for stage 1, with the user's own
     * {@code _JAVA_SR_SIGNUM} (null for none) and the front end's {@code handover} (see
     * {@link Startup#enter}). Plain loops: stage 0 runs them once, in the interpreter, and a lambda
     * would cost a class to spin.
     */
    static String recordOfParent(String userSuspendResume, String handover, Set<Integer> descriptors) {
        ProcSelf.SignalMasks masks = ProcSelf.signalMasks();
        StringBuilder record = new StringBuilder().append(MASK).append('=').append(masks.blocked().toHex())
                .append(';').append(IGNORED).append('=').append(masks.ignored().toHex())
                .append(';').append(DESCRIPTORS).append('=');
        String separator = "";
        for (int fd : descriptors) {
            record.append(separator).append(fd);
            separator = ",";
        }
        if (userSuspendResume != null) {
            record.append(';').append(USER_SUSPEND_RESUME).append('=').append(userSuspendResume);
        }
        return record.append(';').append(HANDOVER).append('=').append(handover).toString();
    }

    /** In stage 1: the parent's state as stage 0 recorded it. */
    static Inheritance fromRecord(String text) throws StartupException {
        Map<String, String> record = fields(text);
        Set<Integer> descriptors = new TreeSet<>();
        SignalSet mask;
        SignalSet ignored;
        try {
            for (String fd : record.get(DESCRIPTORS).split(",")) {
                if (!fd.isEmpty()) {
                    descriptors.add(Integer.valueOf(fd));
                }
            }
            mask = SignalSet.fromHex(record.get(MASK));
            ignored = SignalSet.fromHex(record.get(IGNORED));
        } catch (RuntimeException e) {
            throw new StartupException("malformed " + RECORD_VARIABLE + ": " + text);
        }
        // Outside the parse: a failure to read /proc is not a malformed record.
        List<byte[]> received = ProcSelf.environment();
        List<byte[]> environment = withoutOwnVariables(received);
        for (byte[] entry : received) {
            if (startsWith(entry, USER_PRELOAD_PREFIX)) {
                environment.add(renamed(entry, USER_PRELOAD_PREFIX, PRELOAD_PREFIX));
            }
        }
        if (record.containsKey(USER_SUSPEND_RESUME)) {
            environment.add(variable(SUSPEND_RESUME_VARIABLE, record.get(USER_SUSPEND_RESUME)));
        }
        return new Inheritance(mask, ignored, descriptors, environment);
    }

    /** In stage 1: the front end's handover in stage 0's record. */
    static String handoverOf(String record) throws StartupException {
        String handover = fields(record).get(HANDOVER);
        if (handover == null) {
            throw new StartupException("malformed " + RECORD_VARIABLE + " (no " + HANDOVER + "): " + record);
        }
        return handover;
    }

    private static Map<String, String> fields(String record) throws StartupException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : record.split(";")) {
            int equals = field.indexOf('=');
            if (equals < 0) {
                throw new StartupException("malformed " + RECORD_VARIABLE + ": " + record);
            }
            fields.put(field.substring(0, equals), field.substring(equals + 1));
        }
        return fields;
    }

    /** When no re-exec was needed: the parent's state is this process's own. */
    static Inheritance fromProc() {
        ProcSelf.SignalMasks masks = ProcSelf.signalMasks();
        return new Inheritance(masks.blocked(), masks.ignored(), inheritedDescriptors(),
                ProcSelf.environment());
    }

    /** {@code environment} without the variables jinit sets for its own JVM. */
    static List<byte[]> withoutOwnVariables(List<byte[]> environment) {
        List<byte[]> kept = new ArrayList<>(environment);
        kept.removeIf(entry -> startsWith(entry, RECORD_PREFIX) || startsWith(entry, SUSPEND_RESUME_PREFIX)
                || startsWith(entry, PRELOAD_PREFIX) || startsWith(entry, USER_PRELOAD_PREFIX));
        return kept;
    }

    /**
     * The entries that preload {@code library} into the second JVM, before the user's own
     * {@code LD_PRELOAD} in {@code received} (kept as well, to give the child back).
     */
    static List<byte[]> preloading(String library, List<byte[]> received) {
        List<byte[]> entries = new ArrayList<>(2);
        byte[] preload = variable(PRELOAD_VARIABLE, library);
        for (byte[] entry : received) {
            if (startsWith(entry, PRELOAD_PREFIX)) {
                entries.add(renamed(entry, PRELOAD_PREFIX, USER_PRELOAD_PREFIX));
                // The user's libraries after it, separated by a space, as ld.so reads the list.
                preload = renamed(entry, PRELOAD_PREFIX, variable(PRELOAD_VARIABLE, library + " "));
            }
        }
        entries.add(preload);
        return entries;
    }

    /** {@code entry}, which starts with {@code prefix}, with {@code replacement} in its place. */
    private static byte[] renamed(byte[] entry, byte[] prefix, byte[] replacement) {
        byte[] renamed = Arrays.copyOf(replacement, replacement.length + entry.length - prefix.length);
        System.arraycopy(entry, prefix.length, renamed, replacement.length, entry.length - prefix.length);
        return renamed;
    }

    private static boolean startsWith(byte[] entry, byte[] prefix) {
        return entry.length >= prefix.length && Arrays.equals(entry, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** An environment entry {@code NAME=value}. */
    static byte[] variable(String name, String value) {
        return (name + "=" + value).getBytes(StandardCharsets.UTF_8);
    }

    /** Descriptors jinit's parent gave it: all open ones but the JVM's own files. */
    static Set<Integer> inheritedDescriptors() {
        String javaHome;
        try {
            javaHome = Path.of(System.getProperty("java.home")).toRealPath() + "/";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<Integer> inherited = new TreeSet<>();
        for (Map.Entry<Integer, String> descriptor : ProcSelf.openDescriptors().entrySet()) {
            if (!descriptor.getValue().startsWith(javaHome)) {
                inherited.add(descriptor.getKey());
            }
        }
        return inherited;
    }

    SignalSet mask() {
        return mask;
    }

    SignalSet ignored() {
        return ignored;
    }

    Set<Integer> descriptors() {
        return descriptors;
    }

    List<byte[]> environment() {
        return environment;
    }
}
