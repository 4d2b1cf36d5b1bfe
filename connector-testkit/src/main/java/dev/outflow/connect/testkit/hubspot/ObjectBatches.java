package dev.outflow.connect.testkit.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The CRM objects batch endpoints, {@code POST /crm/v3/objects/{objectType}/batch/{create|update|upsert|
 * archive|read}}, over the portal's state.
 *
 * <p>Every batch is planned in full before anything is applied. When every input carries a distinct
 * {@code objectWriteTraceId} (HubSpot's opt-in to multi-status), failing inputs are reported per row in
 * a 207 answer and the others are applied; otherwise the first failing input refuses the whole batch
 * and nothing is applied.
 */
final class ObjectBatches {

    private record Input(int index, String id, String idProperty, JsonNode properties, String traceId) {}

    /** What one planned input will do: create (target null) or update {@code target}. */
    private record Change(Input input, ObjectType.Stored target, Map<String, String> values, boolean upsert) {}

    private final Portal portal;
    private final HubSpotLimits limits;

    ObjectBatches(Portal portal, HubSpotLimits limits) {
        this.portal = portal;
        this.limits = limits;
    }

    Reply create(ObjectType type, JsonNode body, Instant now) {
        List<Input> inputs = inputs(body, false);
        for (JsonNode raw : body.path("inputs")) {
            JsonNode associations = raw.path("associations");
            if (associations.isArray() && !associations.isEmpty()) {
                // never a silent success: the emulator does not implement associations inside batch/create
                throw ApiError.of(
                        501,
                        "UNIMPLEMENTED",
                        "The HubSpot emulator does not implement associations in batch/create; use the v4 associations API");
            }
        }
        Plan plan = new Plan(type);
        for (Input in : inputs) {
            PropertyValues.Result r = PropertyValues.check(type, in.properties());
            if (r.error() != null) {
                plan.fail(in, r.error());
            } else {
                plan.claimAndAdd(new Change(in, null, r.values(), false));
            }
        }
        return plan.finish(inputs, now, 201);
    }

    Reply update(ObjectType type, JsonNode body, Instant now) {
        List<Input> inputs = inputs(body, true);
        rejectDuplicateIds(type, inputs);
        Plan plan = new Plan(type);
        for (Input in : inputs) {
            ObjectType.Stored target =
                    in.idProperty() == null ? byObjectId(type, in.id()) : type.findBy(in.idProperty(), in.id());
            if (target == null) {
                plan.fail(in, RowError.notFound(type.upperLabel(), List.of(in.id())));
                continue;
            }
            PropertyValues.Result r = PropertyValues.check(type, in.properties());
            if (r.error() != null) {
                plan.fail(in, r.error());
            } else {
                plan.claimAndAdd(new Change(in, target, r.values(), false));
            }
        }
        return plan.finish(inputs, now, 200);
    }

    Reply upsert(ObjectType type, JsonNode body, Instant now) {
        List<Input> inputs = inputs(body, true);
        for (Input in : inputs) {
            if (in.idProperty() == null) {
                // stricter than HubSpot may be: without idProperty an upsert cannot create, so it is refused
                throw ApiError.validation("idProperty is required for batch upsert (input " + in.index() + ")");
            }
        }
        rejectDuplicateIds(type, inputs);
        Plan plan = new Plan(type);
        for (Input in : inputs) {
            PropertyValues.Result r = PropertyValues.check(type, in.properties());
            if (r.error() != null) {
                plan.fail(in, r.error());
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>(r.values());
            String given = values.get(in.idProperty());
            if (given != null
                    && !type.normalize(in.idProperty(), given).equals(type.normalize(in.idProperty(), in.id()))) {
                plan.fail(
                        in,
                        RowError.validation("The value of " + in.idProperty() + " in properties (" + given
                                + ") differs from the input's id (" + in.id() + ")"));
                continue;
            }
            ObjectType.Stored target = type.findBy(in.idProperty(), in.id());
            if (target == null) {
                PropertyValues.Result idCheck =
                        PropertyValues.check(type, ApiError.JSON.objectNode().put(in.idProperty(), in.id()));
                if (idCheck.error() != null) {
                    plan.fail(in, idCheck.error());
                    continue;
                }
                values.putAll(idCheck.values());
            }
            plan.claimAndAdd(new Change(in, target, values, true));
        }
        return plan.finish(inputs, now, 200);
    }

    /** Unknown or already archived ids are skipped silently, as HubSpot's archive does; 204 with no body. */
    Reply archive(ObjectType type, JsonNode body, Instant now) {
        for (Input in : inputs(body, true)) {
            ObjectType.Stored s = byObjectId(type, in.id());
            if (s != null) {
                type.archive(s, now);
            }
        }
        return new Reply(204, null);
    }

    Reply read(ObjectType type, JsonNode body, Instant now) {
        List<Input> inputs = inputs(body, true);
        String idProperty = textOrNull(body.path("idProperty"));
        if (idProperty != null && !type.identifies(idProperty)) {
            throw nonUnique(type, idProperty);
        }
        Set<String> wanted = new LinkedHashSet<>(ObjectType.SYSTEM_PROPERTIES);
        body.path("properties").forEach(p -> wanted.add(p.asText()));
        ArrayNode results = ApiError.JSON.arrayNode();
        List<String> missing = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Input in : inputs) {
            ObjectType.Stored s = idProperty == null ? byObjectId(type, in.id()) : type.findBy(idProperty, in.id());
            if (s == null) {
                missing.add(in.id());
            } else if (seen.add(s.id)) {
                results.add(render(s, wanted, null, null));
            }
        }
        ObjectNode out = envelope(results, now);
        if (missing.isEmpty()) {
            return new Reply(200, out);
        }
        out.put("numErrors", 1);
        out.putArray("errors").add(RowError.notFound(type.upperLabel(), missing).toJson());
        return new Reply(207, out);
    }

    // ------------------------------------------------------------------ planning

    /** The outcome of every input of one batch, before any of it is applied. */
    private final class Plan {
        final ObjectType type;
        final List<Change> changes = new ArrayList<>();
        final Map<Input, RowError> errors = new LinkedHashMap<>();
        /** Identifying property -> normalized value -> the input of this batch that sets it. */
        final Map<String, Map<String, Input>> claimed = new HashMap<>();

        Plan(ObjectType type) {
            this.type = type;
        }

        void fail(Input in, RowError error) {
            errors.put(in, error);
        }

        /** Adds the change unless one of its unique values is held by another record or an earlier input. */
        void claimAndAdd(Change c) {
            for (Map.Entry<String, String> e : c.values().entrySet()) {
                String property = e.getKey();
                if (!type.identifies(property) || e.getValue().isEmpty()) {
                    continue;
                }
                ObjectType.Stored holder = type.findBy(property, e.getValue());
                if (holder != null && holder != c.target()) {
                    fail(c.input(), RowError.conflict(type.singularLabel, holder.id));
                    return;
                }
                Input earlier = claimed.computeIfAbsent(property, k -> new HashMap<>())
                        .putIfAbsent(type.normalize(property, e.getValue()), c.input());
                if (earlier != null) {
                    fail(
                            c.input(),
                            RowError.validation("Duplicate value " + e.getValue() + " for unique property " + property
                                    + " in inputs " + earlier.index() + " and "
                                    + c.input().index()));
                    return;
                }
            }
            changes.add(c);
        }

        /** The error that refuses a whole batch: the first one, naming every missing id when ids were missing. */
        RowError firstError() {
            RowError first = errors.values().iterator().next();
            if (!first.category().equals("OBJECT_NOT_FOUND")) {
                return first;
            }
            List<String> ids = new ArrayList<>();
            for (RowError e : errors.values()) {
                if (e.category().equals("OBJECT_NOT_FOUND")) {
                    ids.addAll(e.context().get("ids"));
                }
            }
            return RowError.notFound(type.upperLabel(), ids);
        }

        Reply finish(List<Input> inputs, Instant now, int okStatus) {
            boolean multiStatus = multiStatus(inputs);
            if (!multiStatus && !errors.isEmpty()) {
                throw ApiError.wholeBatch(firstError());
            }
            ArrayNode results = ApiError.JSON.arrayNode();
            List<ObjectNode> rendered = new ArrayList<>();
            for (Change c : changes) {
                rendered.add(apply(type, c, now));
            }
            // HubSpot does not promise results in input order: they come back reversed here, so a client must
            // match them by id, idProperty value or objectWriteTraceId
            for (int i = rendered.size() - 1; i >= 0; i--) {
                results.add(rendered.get(i));
            }
            ObjectNode out = envelope(results, now);
            if (errors.isEmpty()) {
                return new Reply(okStatus, out);
            }
            ArrayNode errorArray = ApiError.JSON.arrayNode();
            errors.forEach((in, e) -> errorArray.add(e.tracedBy(in.traceId()).toJson()));
            out.put("numErrors", errors.size());
            out.set("errors", errorArray);
            return new Reply(207, out);
        }
    }

    private ObjectNode apply(ObjectType type, Change c, Instant now) {
        ObjectType.Stored s = c.target();
        boolean created = s == null;
        if (created) {
            s = new ObjectType.Stored(portal.nextId(), now);
            type.records.put(s.id, s);
            type.put(s, "hs_object_id", s.id);
            type.put(s, "createdate", Long.toString(now.toEpochMilli()));
        }
        for (Map.Entry<String, String> e : c.values().entrySet()) {
            type.put(s, e.getKey(), e.getValue());
        }
        s.updatedAt = now;
        type.put(s, "hs_lastmodifieddate", Long.toString(now.toEpochMilli()));
        Set<String> shown = new LinkedHashSet<>(ObjectType.SYSTEM_PROPERTIES);
        shown.addAll(c.values().keySet());
        return render(s, shown, c.upsert() ? created : null, c.input().traceId());
    }

    private static ObjectNode render(ObjectType.Stored s, Set<String> properties, Boolean isNew, String traceId) {
        ObjectNode r = ApiError.JSON.objectNode();
        r.put("id", s.id);
        ObjectNode props = r.putObject("properties");
        for (String p : properties) {
            String v = s.properties.get(p);
            if (v == null) {
                props.putNull(p);
            } else {
                props.put(p, v);
            }
        }
        r.put("createdAt", s.createdAt.toString());
        r.put("updatedAt", s.updatedAt.toString());
        r.put("archived", false);
        if (isNew != null) {
            r.put("new", isNew);
        }
        if (traceId != null) {
            r.put("objectWriteTraceId", traceId);
        }
        return r;
    }

    /** A batch endpoint's answer around its results; the associations batch answers in the same shape. */
    static ObjectNode envelope(ArrayNode results, Instant now) {
        ObjectNode out = ApiError.JSON.objectNode();
        out.put("status", "COMPLETE");
        out.set("results", results);
        out.put("startedAt", now.toString());
        out.put("completedAt", now.toString());
        return out;
    }

    // ------------------------------------------------------------------ request shape

    private List<Input> inputs(JsonNode body, boolean idRequired) {
        JsonNode inputs = body.path("inputs");
        if (!inputs.isArray()) {
            throw ApiError.validation("Invalid input JSON: 'inputs' must be an array of objects");
        }
        if (inputs.size() > limits.maxBatchInputs()) {
            throw ApiError.validation("The maximum number of inputs supported in a batch request is "
                    + limits.maxBatchInputs() + ". Please reduce the number of items and try again");
        }
        List<Input> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode in = inputs.get(i);
            if (!in.isObject()) {
                throw ApiError.validation("Invalid input JSON: inputs[" + i + "] must be an object");
            }
            String id = textOrNull(in.path("id"));
            if (idRequired && (id == null || id.isBlank())) {
                throw ApiError.validation("Invalid input JSON: inputs[" + i + "].id is required");
            }
            out.add(new Input(
                    i,
                    id,
                    textOrNull(in.path("idProperty")),
                    in.path("properties"),
                    textOrNull(in.path("objectWriteTraceId"))));
        }
        return out;
    }

    /** HubSpot refuses a batch naming one record twice, and an {@code idProperty} without unique values. */
    private void rejectDuplicateIds(ObjectType type, List<Input> inputs) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (Input in : inputs) {
            if (in.idProperty() != null && !type.identifies(in.idProperty())) {
                throw nonUnique(type, in.idProperty());
            }
            String key = (in.idProperty() == null ? "hs_object_id" : in.idProperty()) + "="
                    + (in.idProperty() == null ? in.id() : type.normalize(in.idProperty(), in.id()));
            if (!seen.add(key)) {
                duplicates.add(in.id());
            }
        }
        if (!duplicates.isEmpty()) {
            throw ApiError.validation("Duplicate IDs found in batch input: " + duplicates + ". IDs must be unique");
        }
    }

    private static ApiError nonUnique(ObjectType type, String property) {
        return ApiError.validation("Unable to perform update/upsert by non-unique " + type.objectTypeId + " property "
                + property + " in portal ID " + Portal.PORTAL_ID);
    }

    /** Multi-status is HubSpot's opt-in: every input carries an {@code objectWriteTraceId}, all distinct. */
    private static boolean multiStatus(List<Input> inputs) {
        Set<String> traces = new HashSet<>();
        for (Input in : inputs) {
            if (in.traceId() == null || in.traceId().isBlank() || !traces.add(in.traceId())) {
                return false;
            }
        }
        return !inputs.isEmpty();
    }

    private static ObjectType.Stored byObjectId(ObjectType type, String id) {
        return id != null && id.matches("\\d+") ? type.live(id) : null;
    }

    private static String textOrNull(JsonNode n) {
        return n.isValueNode() && !n.isNull() ? n.asText() : null;
    }
}
