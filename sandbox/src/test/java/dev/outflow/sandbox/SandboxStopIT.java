package dev.outflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox as a user runs it, in its own JVM from the built jar: started, stopped as Ctrl-C or
 * kill stops it, and its log read. Its own shutdown writes nothing at ERROR or WARN.
 */
class SandboxStopIT {

    @TempDir
    Path state;

    @Test
    void stoppingTheSandboxLeavesNoErrorOrWarningInItsLog() throws Exception {
        for (int port : List.of(Sandbox.REST_PORT, Sandbox.WEB_PORT)) {
            try (ServerSocket free = new ServerSocket(port)) {
                assertThat(free.isBound())
                        .as("port %d is free: stop a sandbox running on this machine first", port)
                        .isTrue();
            }
        }
        Path repository = Path.of(System.getProperty("outflow.repository.dir"));
        Process sandbox = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g",
                        "-Doutflow.sandbox.dir=" + state,
                        "-Djava.io.tmpdir=" + state.resolve("tmp"),
                        "-jar",
                        System.getProperty("outflow.sandbox.jar"))
                .directory(repository.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            CompletableFuture<Boolean> rowsWritten = CompletableFuture.supplyAsync(() -> waitForFirstRows(sandbox));
            assertThat(rowsWritten.get(3, TimeUnit.MINUTES))
                    .as("the sandbox came up and wrote rows")
                    .isTrue();

            sandbox.destroy(); // SIGTERM, as kill does; Ctrl-C's SIGINT takes the same path
            assertThat(sandbox.waitFor(2, TimeUnit.MINUTES))
                    .as("the sandbox stopped")
                    .isTrue();
        } finally {
            sandbox.destroyForcibly();
        }

        List<String> log = Files.readAllLines(state.resolve("sandbox.log"), StandardCharsets.UTF_8);
        int stopping = indexOf(log, "The sandbox is stopping");
        assertThat(stopping).as("the log says the sandbox stopped").isNotNegative();
        assertThat(indexOf(log, "The sandbox has stopped")).isGreaterThan(stopping);
        assertThat(log.subList(stopping, log.size()))
                .as("the log of the sandbox's own shutdown")
                .noneMatch(line -> line.contains(" ERROR ") || line.contains(" WARN "));
    }

    private static boolean waitForFirstRows(Process sandbox) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("The first rows reached the sheet")) {
                    // keep draining the output so the sandbox never blocks on a full pipe
                    CompletableFuture.runAsync(() -> out.lines().forEach(rest -> {}));
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static int indexOf(List<String> log, String text) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
