package dev.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jinit.core.RunAs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsTest {
    private Accounts accounts;

    @BeforeEach
    void writeAccountFiles(@TempDir Path directory) throws IOException, UsageException {
        Path passwd = Files.writeString(directory.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/sh
                nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
                app:x:1000:1000::/app:/bin/false
                """);
        Path group = Files.writeString(directory.resolve("group"), """
                root:x:0:
                nonroot:x:65532:
                app:x:1000:
                logs:x:1500:app,other
                audio:x:29:other
                """);
        accounts = new Accounts(passwd, group);
    }

    @Test
    void aNameTakesItsGroupAndEveryGroupThatListsIt() throws UsageException {
        assertThat(accounts.resolve("--user", "app")).isEqualTo(new RunAs(1000, 1000, new int[] {1000, 1500}));
        assertThat(accounts.resolve("--user", "app:audio")).isEqualTo(new RunAs(1000, 29, new int[] {29, 1500}));
    }

    @Test
    void numbersNeedNoEntry() throws UsageException {
        assertThat(accounts.resolve("--user", "65532:65532")).isEqualTo(new RunAs(65532, 65532, new int[] {65532}));
        assertThat(accounts.resolve("--user", "1000")).as("a known uid").isEqualTo(new RunAs(1000, 1000, new int[] {1000, 1500}));
        assertThat(accounts.resolve("--user", "4242")).as("as runtimes do: group 0").isEqualTo(new RunAs(4242, 0, new int[] {0}));
        assertThat(accounts.resolve("--user", "4242:77")).isEqualTo(new RunAs(4242, 77, new int[] {77}));
    }

    @Test
    void unknownNamesAndBadSpecsAreUsageErrors() {
        assertThatThrownBy(() -> accounts.resolve("command 1: --user", "nobody"))
                .hasMessage("command 1: --user: unknown user 'nobody' (not in /etc/passwd)");
        assertThatThrownBy(() -> accounts.resolve("command 1: --user", "app:wheel"))
                .hasMessage("command 1: --user: unknown group 'wheel' (not in /etc/group)");
        assertThatThrownBy(() -> accounts.resolve("command 1: --user", "app:"))
                .hasMessage("command 1: --user: 'app:' is not USER[:GROUP]");
        assertThatThrownBy(() -> accounts.resolve("command 1: --user", ":1"))
                .hasMessage("command 1: --user: ':1' is not USER[:GROUP]");
    }
}
