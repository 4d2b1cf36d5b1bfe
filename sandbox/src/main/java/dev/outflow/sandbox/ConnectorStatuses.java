package dev.outflow.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every connector's state and its tasks' states, from the worker's REST API
 * ({@code GET /connectors?expand=status}), as any REST client sees them.
 */
final class ConnectorStatuses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;

    ConnectorStatuses(String restUrl) {
        this.uri = URI.create(restUrl + "/connectors?expand=status");
    }

    /**
     * {connectors: [{name, type, state, tasks: [{id, state, error}]}]}, with an {@code error} instead
     * while the worker does not answer.
     */
    ObjectNode read() {
        ObjectNode result = JSON.createObjectNode();
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            result.set("connectors", summarise(JSON.readTree(response.body())));
        } catch (IOException e) {
            result.putArray("connectors");
            result.put("error", "the Connect REST API did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.putArray("connectors");
            result.put("error", "interrupted");
        }
        return result;
    }

    /** Reshapes the REST answer; a failed task's trace is cut to its first line, the reason. */
    static ArrayNode summarise(JsonNode expanded) {
        ArrayNode connectors = JSON.createArrayNode();
        for (Map.Entry<String, JsonNode> entry : expanded.properties()) {
            JsonNode status = entry.getValue().path("status");
            ObjectNode connector = connectors
                    .addObject()
                    .put("name", entry.getKey())
                    .put("type", status.path("type").asText())
                    .put("state", status.path("connector").path("state").asText());
            ArrayNode tasks = connector.putArray("tasks");
            for (JsonNode task : status.path("tasks")) {
                ObjectNode summary = tasks.addObject()
                        .put("id", task.path("id").asInt())
                        .put("state", task.path("state").asText());
                if (task.hasNonNull("trace")) {
                    summary.put(
                            "error",
                            task.path("trace").asText().lines().findFirst().orElse(""));
                }
            }
        }
        return connectors;
    }
}
