package dev.outflow.connect.testkit.slack;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Slack's rules for message metadata (docs.slack.dev/messaging/message-metadata): an
 * {@code event_type} "can contain letters, numbers, underscores, and hyphens, but not periods", and
 * an {@code event_payload} object whose values are strings, numbers, booleans, objects of those one
 * level deep, or arrays of such objects (the types of Slack's own SDKs). Slack does not refuse a
 * post whose metadata breaks them: it posts the message, drops the metadata and answers {@code ok}
 * with the warning {@code invalid_metadata_schema}.
 *
 * <p>Stricter than Slack where its sources are unclear: a null value, an array of plain values and
 * an object nested two levels are all taken as breaking the rules.
 */
final class MetadataRules {

    static final String WARNING = "invalid_metadata_schema";

    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_-]+");

    private MetadataRules() {}

    /** What is wrong with a metadata object (already known to be a JSON object), or null when it follows the rules. */
    static String problem(JsonNode metadata) {
        JsonNode type = metadata.get("event_type");
        if (type == null
                || !type.isTextual()
                || !EVENT_TYPE.matcher(type.asText()).matches()) {
            return "event_type must be letters, numbers, underscores and hyphens";
        }
        JsonNode payload = metadata.get("event_payload");
        if (payload == null || !payload.isObject()) {
            return "event_payload must be an object";
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext(); ) {
            JsonNode value = it.next().getValue();
            if (!isPlain(value) && !isFlatObject(value) && !isArrayOfFlatObjects(value)) {
                return "event_payload values must be strings, numbers, booleans, flat objects or arrays of flat objects";
            }
        }
        return null;
    }

    private static boolean isPlain(JsonNode value) {
        return value.isTextual() || value.isNumber() || value.isBoolean();
    }

    private static boolean isFlatObject(JsonNode value) {
        if (!value.isObject()) {
            return false;
        }
        for (JsonNode child : value) {
            if (!isPlain(child)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isArrayOfFlatObjects(JsonNode value) {
        if (!value.isArray()) {
            return false;
        }
        for (JsonNode item : value) {
            if (!isFlatObject(item)) {
                return false;
            }
        }
        return true;
    }
}
