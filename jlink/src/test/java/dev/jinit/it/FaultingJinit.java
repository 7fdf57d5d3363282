package dev.jinit.it;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * jinit with a fault of its own, for {@link FaultTest}: run by the image's java in place of
 * jinit's main, it starts jinit, and in jinit's second JVM a thread reads address 8 after a second.
 */
public final class FaultingJinit {
    private FaultingJinit() {}

    public static void main(String[] args) throws Exception {
        if (System.getenv("_JINIT_STAGE1") != null) {
            Thread faulting = new Thread(() -> {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                System.err.println("reading address 8");
                MemorySegment.ofAddress(8).reinterpret(8).get(JAVA_LONG, 0);
            }, "faulting");
            faulting.setDaemon(true);
            faulting.start();
        }
        Class.forName("dev.jinit.cli.Main").getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
