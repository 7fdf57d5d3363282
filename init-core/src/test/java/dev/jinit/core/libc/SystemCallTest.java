package dev.jinit.core.libc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The system call numbers against the kernel's own headers (Debian's linux-libc-dev). */
class SystemCallTest {
    private static final Path X86_64_TABLE = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
    /** aarch64's table: the generic one. */
    private static final Path GENERIC_TABLE = Path.of("/usr/include/asm-generic/unistd.h");

    @Test
    void x86_64NumbersAreTheKernels() throws IOException {
        String table = Files.readString(X86_64_TABLE);
        for (SystemCall call : SystemCall.values()) {
            assertThat(number(table, "__NR_" + call.kernelName())).as(call.kernelName()).isEqualTo(call.x86_64);
        }
    }

    @Test
    void aarch64NumbersAreTheGenericTables() throws IOException {
        String table = Files.readString(GENERIC_TABLE);
        for (SystemCall call : SystemCall.values()) {
            // The calls whose argument sizes differ between 32 and 64 bits (fcntl) are __NR3264_ there.
            Long number = number(table, "__NR_" + call.kernelName());
            assertThat(number != null ? number : number(table, "__NR3264_" + call.kernelName()))
                    .as(call.kernelName()).isEqualTo(call.generic);
        }
    }

    @Test
    void thisMachineUsesItsArchitecturesNumbers() {
        boolean x86_64 = System.getProperty("os.arch").equals("amd64");
        for (SystemCall call : SystemCall.values()) {
            assertThat(call.number).as(call.kernelName()).isEqualTo(x86_64 ? call.x86_64 : call.generic);
        }
    }

    private static Long number(String table, String constant) {
        Matcher definition = Pattern.compile("#define " + Pattern.quote(constant) + "\\s+(\\d+)\\b").matcher(table);
        return definition.find() ? Long.valueOf(definition.group(1)) : null;
    }
}
