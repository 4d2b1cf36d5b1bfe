package dev.outflow.connect.hubspot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.hubspot.ObjectBatch.Input;

/**
 * Reads the {@code errors[]} of a 207 Multi-Status answer into the rows they concern. Results come in
 * no particular order, so an error is matched by its {@code context.objectWriteTraceId}, or else by the
 * ids it names; never by position. Each rejected row gets HubSpot's category and its per-property error
 * codes ({@code INVALID_EMAIL on email}): HubSpot's messages quote the values sent, and values never go
 * into reasons.
 */
final class RowErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INVALID_PROPERTIES = "Property values were not valid: ";

    /** An error entry that names no input of the batch: the batch is refused whole, to be bisected. */
    static final class Unattributed extends Exception {
        Unattributed(String category) {
            super("a 207 error (" + category + ") names no input of the batch", null, false, false);
        }
    }

    private RowErrors() {}

    /** Row index -> reason, for every row of every input HubSpot refused. */
    static Map<Integer, String> rejected(JsonNode answer, List<Input> inputs, String idProperty) throws Unattributed {
        Map<String, Input> byTrace = new HashMap<>();
        Map<String, Input> byId = new HashMap<>();
        for (Input input : inputs) {
            byTrace.put(input.traceId(), input);
            if (input.id() != null) {
                byId.put(input.id().toLowerCase(Locale.ROOT), input);
            }
        }
        Map<Integer, String> rejected = new HashMap<>();
        for (JsonNode error : answer.path("errors")) {
            Set<Input> failed = new LinkedHashSet<>();
            error.path("context").path("objectWriteTraceId").forEach(t -> {
                Input input = byTrace.get(t.asText());
                if (input != null) {
                    failed.add(input);
                }
            });
            if (failed.isEmpty()) {
                error.path("context").path("ids").forEach(id -> {
                    Input input = byId.get(id.asText().toLowerCase(Locale.ROOT));
                    if (input != null) {
                        failed.add(input);
                    }
                });
            }
            String category = error.path("category").asText("UNKNOWN");
            if (failed.isEmpty()) {
                throw new Unattributed(category);
            }
            String reason = reason(error, category, idProperty);
            failed.forEach(input -> input.rows().forEach(row -> rejected.put(row, reason)));
        }
        return rejected;
    }

    private static String reason(JsonNode error, String category, String idProperty) {
        StringBuilder reason = new StringBuilder("HubSpot refused the object (207 ").append(category);
        List<String> details = details(error);
        if (!details.isEmpty()) {
            reason.append(": ").append(String.join("; ", details));
        }
        reason.append(')');
        switch (category) {
            case "CONFLICT" -> {
                JsonNode existing = error.path("context").path("existingId");
                reason.append(": an object with one of its unique values exists");
                if (existing.isArray() && !existing.isEmpty()) {
                    reason.append(", id ").append(existing.get(0).asText());
                }
            }
            case "OBJECT_NOT_FOUND" ->
                reason.append(": no object has this value of ")
                        .append(idProperty == null ? "its id" : idProperty)
                        .append(", and update mode creates none");
            default -> {}
        }
        return reason.toString();
    }

    /** "CODE on property" for each property HubSpot names, from {@code errors[]} or from its message's JSON list. */
    private static List<String> details(JsonNode error) {
        List<String> details = new ArrayList<>();
        for (JsonNode detail : error.path("errors")) {
            String code = detail.path("code").asText("");
            JsonNode name = detail.path("context").path("propertyName");
            String property = name.isArray() && !name.isEmpty() ? name.get(0).asText() : "";
            if (!code.isEmpty()) {
                details.add(property.isEmpty() ? code : code + " on " + property);
            }
        }
        String message = error.path("message").asText("");
        if (details.isEmpty() && message.startsWith(INVALID_PROPERTIES)) {
            try {
                for (JsonNode detail : JSON.readTree(message.substring(INVALID_PROPERTIES.length()))) {
                    details.add(detail.path("error").asText("INVALID") + " on "
                            + detail.path("name").asText("?"));
                }
            } catch (IOException e) {
                // the codes are a courtesy: the category alone still says what kind of refusal it was
            }
        }
        return details;
    }
}
