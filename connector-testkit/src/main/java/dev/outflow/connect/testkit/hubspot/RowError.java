package dev.outflow.connect.testkit.hubspot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What went wrong with one input of a batch: an entry of the {@code errors[]} array of a 207 answer,
 * or, when the batch is not in multi-status mode, the body that refuses the whole batch.
 *
 * @param category   HubSpot's category: {@code VALIDATION_ERROR}, {@code CONFLICT}, {@code OBJECT_NOT_FOUND}
 * @param message    the message, worded like HubSpot's
 * @param details    the {@code errors[]} entries: code, message, context (may be empty)
 * @param context    the entry's {@code context} (values are lists of strings, as HubSpot sends them)
 * @param httpStatus the status of the whole-batch answer when this error refuses the batch
 */
record RowError(
        String category, String message, List<Detail> details, Map<String, List<String>> context, int httpStatus) {

    /** One {@code errors[]} entry: a property that failed and why. */
    record Detail(String code, String message, String propertyName) {}

    static RowError invalidProperties(List<Detail> details) {
        StringBuilder m = new StringBuilder("Property values were not valid: [");
        for (int i = 0; i < details.size(); i++) {
            Detail d = details.get(i);
            ObjectNode v = ApiError.JSON.objectNode();
            v.put("isValid", false);
            v.put("message", d.message());
            v.put("error", d.code());
            v.put("name", d.propertyName());
            m.append(i == 0 ? "" : ",").append(v);
        }
        m.append(']');
        return new RowError("VALIDATION_ERROR", m.toString(), List.copyOf(details), new LinkedHashMap<>(), 400);
    }

    static RowError conflict(String objectLabel, String existingId) {
        Map<String, List<String>> ctx = new LinkedHashMap<>();
        ctx.put("existingId", List.of(existingId));
        return new RowError(
                "CONFLICT", objectLabel + " already exists. Existing ID: " + existingId, List.of(), ctx, 409);
    }

    static RowError notFound(String objectLabelUpper, List<String> ids) {
        Map<String, List<String>> ctx = new LinkedHashMap<>();
        ctx.put("ids", List.copyOf(ids));
        return new RowError(
                "OBJECT_NOT_FOUND",
                "Could not get some " + objectLabelUpper
                        + " objects, they may be deleted or not exist. Check that ids are valid.",
                List.of(),
                ctx,
                404);
    }

    static RowError validation(String message) {
        return new RowError("VALIDATION_ERROR", message, List.of(), new LinkedHashMap<>(), 400);
    }

    /** The same error, its context naming the input's {@code objectWriteTraceId} so a client can match it. */
    RowError tracedBy(String objectWriteTraceId) {
        Map<String, List<String>> ctx = new LinkedHashMap<>(context);
        ctx.put("objectWriteTraceId", List.of(objectWriteTraceId));
        return new RowError(category, message, details, ctx, httpStatus);
    }

    ObjectNode toJson() {
        ObjectNode e = ApiError.JSON.objectNode();
        e.put("status", "error");
        e.put("category", category);
        e.put("message", message);
        e.set("context", ApiError.context(context));
        if (!details.isEmpty()) {
            ArrayNode errors = e.putArray("errors");
            for (Detail d : details) {
                ObjectNode entry = errors.addObject();
                entry.put("message", d.message());
                entry.put("code", d.code());
                entry.set("context", ApiError.context(Map.of("propertyName", List.of(d.propertyName()))));
            }
        }
        return e;
    }
}
