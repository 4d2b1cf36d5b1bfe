package dev.outflow.connect.hubspot;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.hubspot.HubSpotConfig.Mode;
import dev.outflow.connect.hubspot.ObjectBatch.Input;

/**
 * What HubSpot answered for each object a batch wrote, as its rows' receipts show it (DESIGN.md 3.8): the
 * object type, HubSpot's object id, and whether it was created or updated. Results come in no particular
 * order, so a result is matched to its input by {@code objectWriteTraceId}, or else by the id property's
 * value it shows; an input no result names gets no reply. Every row merged into an input gets its reply.
 */
final class WrittenObjects {

    private WrittenObjects() {}

    /**
     * @param written the batch answer's body ({@code results[]})
     * @return row index -> reply, for the rows of the inputs HubSpot named in its results
     */
    static Map<Integer, AppReply> replies(
            JsonNode written, List<Input> inputs, String objectType, String idProperty, Mode mode) {
        Map<String, JsonNode> byTrace = new HashMap<>();
        Map<String, JsonNode> byValue = new HashMap<>();
        for (JsonNode result : written.path("results")) {
            byTrace.put(result.path("objectWriteTraceId").asText(""), result);
            String value = idProperty == null
                    ? ""
                    : result.path("properties").path(idProperty).asText("");
            if (!value.isEmpty()) {
                byValue.put(value.toLowerCase(Locale.ROOT), result);
            }
        }
        Map<Integer, AppReply> replies = new HashMap<>();
        for (Input input : inputs) {
            JsonNode result = byTrace.get(input.traceId());
            if (result == null && input.id() != null) {
                result = byValue.get(input.id().toLowerCase(Locale.ROOT));
            }
            String id = result == null ? "" : result.path("id").asText("");
            if (id.isEmpty()) {
                continue;
            }
            AppReply reply = reply(objectType, id, action(result, mode));
            input.rows().forEach(row -> replies.put(row, reply));
        }
        return replies;
    }

    /**
     * Created or updated: an upsert's result says so in {@code new}; create and update say it by their
     * endpoint. Null when an upsert's result leaves {@code new} out: the receipt then says nothing of it.
     */
    private static String action(JsonNode result, Mode mode) {
        return switch (mode) {
            case CREATE -> "created";
            case UPDATE -> "updated";
            case UPSERT -> {
                JsonNode isNew = result.path("new");
                yield isNew.isBoolean() ? (isNew.booleanValue() ? "created" : "updated") : null;
            }
        };
    }

    private static AppReply reply(String objectType, String id, String action) {
        return action == null
                ? AppReply.of("object_type", objectType, "id", id)
                : AppReply.of("object_type", objectType, "id", id, "action", action);
    }
}
