package dev.jinit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Where and when the figures were taken: they mean little without it. */
record Machine(String cpuModel, int processors, String kernel, String loadAverage, String harnessJdk,
        String imageJdk, String date, Map<Contender, String> versions, List<Contender> missingPeers) {

    static Machine describe() {
        Map<Contender, String> versions = new LinkedHashMap<>();
        Contender.installedInits().forEach(init -> versions.put(init, init.version()));
        return new Machine(
                readCpuModel(),
                Runtime.getRuntime().availableProcessors(),
                read(Path.of("/proc/sys/kernel/osrelease")).strip(),
                Arrays.stream(read(Path.of("/proc/loadavg")).split(" ")).limit(3).collect(Collectors.joining(" ")),
                System.getProperty("java.vm.vendor") + " " + Runtime.version(),
                readImageJdk(),
                OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replaceFirst("\\.\\d+", ""),
                versions,
                Contender.missingPeers());
    }

    private static String readCpuModel() {
        return read(Path.of("/proc/cpuinfo")).lines()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst()
                .orElse("unknown");
    }

    /** JAVA_VERSION from the image's {@code release} file. */
    private static String readImageJdk() {
        return read(Contender.jinitImage().resolve("release")).lines()
                .filter(line -> line.startsWith("JAVA_VERSION="))
                .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                .findFirst()
                .orElse("unknown");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "unknown";
        }
    }
}
