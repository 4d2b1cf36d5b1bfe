package dev.outflow.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.RecordMetadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The sandbox's web page, on 127.0.0.1 only: {@code /} is a page that polls {@code /api/state}
 * every second and draws it; {@code POST /api/topics/<topic>?key=<key>} sends the request body to
 * a topic as one record, so a person can try their own records (and bad ones).
 */
final class WebConsole implements AutoCloseable {

    static final int MAX_RECORD_BYTES = 1_000_000;

    private static final Pattern TOPIC_PATH = Pattern.compile("/api/topics/([A-Za-z0-9._-]{1,249})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Dashboard dashboard;
    private final RecordSender sender;
    private final byte[] page;

    /** Listens on {@code port} (0: any free port). */
    WebConsole(int port, Dashboard dashboard, RecordSender sender) throws IOException {
        this.dashboard = dashboard;
        this.sender = sender;
        try (InputStream in = WebConsole.class.getResourceAsStream("/sandbox-web/index.html")) {
            this.page = in.readAllBytes();
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "sandbox-web");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (RuntimeException e) {
            // the class name only: a record's payload never reaches an answer or a log
            send(
                    exchange,
                    500,
                    "text/plain; charset=utf-8",
                    (e.getClass().getSimpleName() + "\n").getBytes(StandardCharsets.UTF_8));
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Matcher topic = TOPIC_PATH.matcher(path);
        if (path.equals("/") && method.equals("GET")) {
            send(exchange, 200, "text/html; charset=utf-8", page);
        } else if (path.equals("/api/state") && method.equals("GET")) {
            send(exchange, 200, "application/json", JSON.writeValueAsBytes(dashboard.state()));
        } else if (topic.matches() && method.equals("POST")) {
            produce(exchange, topic.group(1));
        } else {
            send(
                    exchange,
                    404,
                    "text/plain; charset=utf-8",
                    "Not here. Try / or /api/state\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void produce(HttpExchange exchange, String topic) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_RECORD_BYTES + 1);
        if (body.length > MAX_RECORD_BYTES) {
            send(
                    exchange,
                    413,
                    "text/plain; charset=utf-8",
                    "A record is at most 1 MB here.\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            RecordMetadata sent =
                    sender.send(topic, queryValue(exchange, "key"), new String(body, StandardCharsets.UTF_8));
            send(
                    exchange,
                    200,
                    "application/json",
                    JSON.writeValueAsBytes(JSON.createObjectNode()
                            .put("topic", sent.topic())
                            .put("partition", sent.partition())
                            .put("offset", sent.offset())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(
                    exchange,
                    503,
                    "text/plain; charset=utf-8",
                    "The sandbox is stopping.\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String queryValue(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
