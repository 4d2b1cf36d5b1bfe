package dev.outflow.examples.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on 127.0.0.1: answers each POSTed batch with the status {@code answer} gives
 * for it (0: close the connection without an answer), and keeps the batches it accepted with 2xx.
 */
final class Receiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    Receiver(ToIntFunction<JsonNode> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/hook", exchange -> {
            JsonNode batch = JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            int status = answer.applyAsInt(batch);
            if (status > 0) {
                if (status / 100 == 2) {
                    accepted.add(batch);
                }
                exchange.sendResponseHeaders(status, -1);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Every object of every accepted batch, in arrival order. */
    List<JsonNode> acceptedObjects() {
        List<JsonNode> objects = new java.util.ArrayList<>();
        accepted.forEach(batch -> batch.forEach(objects::add));
        return objects;
    }

    List<JsonNode> acceptedBatches() {
        return accepted;
    }

    List<String> contentTypes() {
        return contentTypes;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
