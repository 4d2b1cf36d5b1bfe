package dev.outflow.connect.testkit.hubspot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.testkit.ManualClock;

/**
 * An emulator on a {@link ManualClock} with a token holding every scope, and a plain JDK HTTP client:
 * HubSpot has no official Java SDK, so the connector will speak HTTP and JSON exactly like this.
 */
abstract class HubSpotEmulatorTestBase {

    static final ObjectMapper JSON = new ObjectMapper();

    ManualClock clock;
    HubSpotEmulator hubspot;
    String token;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer: status, headers and the body parsed as JSON (an empty object for none). */
    record Answer(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    @BeforeEach
    void startEmulator() {
        clock = new ManualClock();
        hubspot = new HubSpotEmulator(clock);
        token = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);
    }

    @AfterEach
    void stopEmulator() {
        hubspot.close();
    }

    Answer post(String path, String jsonBody) {
        return send(request(path, token).POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    Answer get(String path) {
        return send(request(path, token).GET());
    }

    Answer put(String path) {
        return send(request(path, token).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    HttpRequest.Builder request(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b;
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
            return new Answer(r.statusCode(), r, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"inputs":[...]}} from input objects written as JSON text. */
    static String inputs(String... inputs) {
        return "{\"inputs\":[" + String.join(",", inputs) + "]}";
    }

    static String upsertContact(String email, String propertiesJson, String traceId) {
        return "{\"idProperty\":\"email\",\"id\":\"" + email + "\",\"properties\":" + propertiesJson
                + (traceId == null ? "" : ",\"objectWriteTraceId\":\"" + traceId + "\"") + "}";
    }
}
