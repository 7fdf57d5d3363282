package dev.jinit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tcp:8080 | tcp:127.0.0.1:8080",
        "tcp:db:5432 | tcp:db:5432",
        "tcp:[::1]:80 | tcp:[::1]:80",
        "http://127.0.0.1:9901/ready | http://127.0.0.1:9901/ready",
        "http://localhost/ | http://localhost:80/",
        "http://web:8081 | http://web:8081/",
        "http://web:8081/health?deep=1 | http://web:8081/health?deep=1",
        "file:/run/ready | file:/run/ready",
        "exec:/bin/pg_isready  -h   localhost | exec:/bin/pg_isready -h localhost",
        "notify | notify",
        "fd:3 | fd:3",
    })
    void readsEachFormAndWritesItBack(String text, String written) {
        assertThat(Check.parse(text)).hasToString(written);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tcp:", "tcp:0", "tcp:99999", "tcp:http", "tcp::80", "http://", "http://:80/",
        "http://user@web/", "https://web/", "file:", "file:relative", "exec:", "exec:   ", "fd:", "fd:2", "fd:1024",
        "fd:x", "bogus:x", "notify:1", "READY"})
    void rejectsWhatIsNotACheckWithOneLine(String text) {
        assertThatThrownBy(() -> Check.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .message().isNotBlank().doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"notify", "fd:3"})
    void onlyTheCommandCanTellNotifyAndFd(String text) {
        assertThat(Check.parse(text).toldByCommand()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp:80", "http://a:1/", "file:/x", "exec:true"})
    void jinitCanAskTheOthersAgain(String text) {
        assertThat(Check.parse(text).toldByCommand()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void anExecCheckKeepsItsWordsApart() {
        assertThat(Check.parse("exec:/usr/bin/test -e /tmp/x")).isEqualTo(new Check.Exec(List.of("/usr/bin/test", "-e", "/tmp/x")));
    }
}
