package dev.outflow.connect.hubspot;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.hubspot.ObjectBatch.Input;

/**
 * Associates the objects a batch wrote with objects of another type, found by a unique property of
 * theirs (a contact with its company by the company's own key), in the same write: the written objects'
 * ids from the batch answer (matched by trace id), the others' ids from one {@code batch/read} by their
 * id property, then one v4 {@code batch/associate/default}. A row whose object was written but could not
 * be associated is rejected with why: its dead-letter record says the association is missing, and
 * replaying it writes the same values again (upsert and update only) and associates.
 */
final class Associator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final HubSpotClient client;
    private final String fromType;
    private final String fromIdProperty;
    private final String toType;
    private final String toIdProperty;

    Associator(HubSpotClient client, String fromType, String fromIdProperty, String toType, String toIdProperty) {
        this.client = client;
        this.fromType = fromType;
        this.fromIdProperty = fromIdProperty;
        this.toType = toType;
        this.toIdProperty = toIdProperty;
    }

    /**
     * @param written the batch answer's body ({@code results[]} with ids and trace ids)
     * @param rejected the rows already rejected: their objects are not associated
     * @return the rows rejected because their object could not be associated, with the reason
     */
    Map<Integer, String> associate(List<Input> inputs, JsonNode written, Map<Integer, String> rejected)
            throws Exception {
        // by trace id; or, should HubSpot leave trace ids out of results, by the id property's value
        Map<String, String> idByTrace = new HashMap<>();
        Map<String, String> idByValue = new HashMap<>();
        for (JsonNode result : written.path("results")) {
            String id = result.path("id").asText("");
            idByTrace.put(result.path("objectWriteTraceId").asText(""), id);
            String value = result.path("properties").path(fromIdProperty).asText("");
            if (!value.isEmpty()) {
                idByValue.put(value.toLowerCase(Locale.ROOT), id);
            }
        }
        Map<Input, String> fromIds = new HashMap<>();
        Set<String> values = new LinkedHashSet<>();
        Map<Integer, String> failed = new HashMap<>();
        for (Input input : inputs) {
            if (input.associateWith() == null
                    || rejected.containsKey(input.rows().get(0))) {
                continue;
            }
            String id = idByTrace.getOrDefault(
                    input.traceId(), idByValue.get(input.id().toLowerCase(Locale.ROOT)));
            if (id == null || id.isEmpty()) {
                reject(failed, input, "HubSpot did not name the written object in its answer");
                continue;
            }
            fromIds.put(input, id);
            values.add(input.associateWith());
        }
        if (fromIds.isEmpty()) {
            return failed;
        }
        Map<String, String> toIds = find(values);
        ArrayNode pairs = JSON.arrayNode();
        Map<String, Input> byFromId = new HashMap<>();
        fromIds.forEach((input, fromId) -> {
            String toId = toIds.get(input.associateWith().toLowerCase(Locale.ROOT));
            if (toId == null) {
                reject(
                        failed,
                        input,
                        "no " + toType + " object has this value of " + toIdProperty + " ("
                                + HubSpotConfig.ASSOCIATION_ID_PROPERTY + ")");
                return;
            }
            ObjectNode pair = pairs.addObject();
            pair.putObject("from").put("id", fromId);
            pair.putObject("to").put("id", toId);
            byFromId.put(fromId, input);
        });
        if (!pairs.isEmpty()) {
            ObjectNode body = JSON.objectNode();
            body.set("inputs", pairs);
            HubSpotClient.Answer answer = client.post(
                    "/crm/v4/associations/" + HubSpotClient.segment(fromType) + "/" + HubSpotClient.segment(toType)
                            + "/batch/associate/default",
                    body);
            for (JsonNode error : answer.body().path("errors")) {
                String category = error.path("category").asText("UNKNOWN");
                error.path("context").path("fromObjectId").forEach(id -> {
                    Input input = byFromId.get(id.asText());
                    if (input != null) {
                        reject(failed, input, "HubSpot refused the association (207 " + category + ")");
                    }
                });
            }
        }
        return failed;
    }

    /** The ids of the objects of the other type that hold these values, by value in lower case. */
    private Map<String, String> find(Set<String> values) throws Exception {
        ObjectNode read = JSON.objectNode();
        read.put("idProperty", toIdProperty);
        read.putArray("properties").add(toIdProperty);
        ArrayNode inputs = read.putArray("inputs");
        values.forEach(value -> inputs.addObject().put("id", value));
        JsonNode found = client.post("/crm/v3/objects/" + HubSpotClient.segment(toType) + "/batch/read", read)
                .body();
        Map<String, String> ids = new HashMap<>();
        for (JsonNode object : found.path("results")) {
            String value = object.path("properties").path(toIdProperty).asText("");
            ids.put(value.toLowerCase(Locale.ROOT), object.path("id").asText());
        }
        return ids;
    }

    private static void reject(Map<Integer, String> failed, Input input, String why) {
        String reason = "the object was written but not associated: " + why;
        input.rows().forEach(row -> failed.put(row, reason));
    }
}
