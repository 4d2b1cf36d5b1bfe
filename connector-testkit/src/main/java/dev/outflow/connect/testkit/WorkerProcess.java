package dev.outflow.connect.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A distributed Connect worker in a process of its own, so a test can kill it the way a machine
 * dies: no task is stopped, no offset committed, no request finished. It runs the test's own
 * classpath, so the connector under test is on it.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final URI rest;

    private WorkerProcess(Process process, URI rest) {
        this.process = process;
        this.rest = rest;
    }

    /**
     * Starts a worker of group {@code groupId} on the broker and waits until its REST API answers.
     * The internal topics are named after the group, so successive workers of one group share them.
     */
    public static WorkerProcess start(String bootstrapServers, String groupId, Path logFile)
            throws IOException, InterruptedException {
        int port = freePort();
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", groupId);
        props.put("listeners", "http://127.0.0.1:" + port);
        props.put("plugin.discovery", "service_load");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter.schemas.enable", "false");
        props.put("offset.storage.topic", groupId + "-offsets");
        props.put("config.storage.topic", groupId + "-configs");
        props.put("status.storage.topic", groupId + "-status");
        props.put("offset.storage.replication.factor", "1");
        props.put("config.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("offset.flush.interval.ms", "1000");
        // a killed worker's tasks move after this; short, so the test does not wait long
        props.put("session.timeout.ms", "6000");
        props.put("heartbeat.interval.ms", "1000");
        props.put("scheduled.rebalance.max.delay.ms", "1000");
        Path config = Files.createTempFile("worker", ".properties");
        try (var out = Files.newBufferedWriter(config)) {
            props.store(out, "a Connect worker for a kill test");
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.kafka.connect.cli.ConnectDistributed",
                config.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        WorkerProcess worker = new WorkerProcess(process, URI.create("http://127.0.0.1:" + port));
        ConnectHarness.await("the worker process's REST API", worker::answers, Duration.ofSeconds(60));
        return worker;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the worker process exited with " + process.exitValue());
        }
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(rest.resolve("/"))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Creates or updates a connector through this worker's REST API. */
    public void configureConnector(String name, Map<String, String> config) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(rest.resolve("/connectors/" + name + "/config"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("PUT connector config answered " + response.statusCode());
        }
    }

    /** The states of the connector's tasks, e.g. [RUNNING]; empty while it has none. */
    public List<String> taskStates(String connector) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(rest.resolve("/connectors/" + connector + "/status"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return List.of();
            }
            List<String> states = new ArrayList<>();
            for (JsonNode task : JSON.readTree(response.body()).path("tasks")) {
                states.add(task.path("state").asText());
            }
            return states;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Kills the process at once (SIGKILL): nothing is flushed, stopped or committed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
