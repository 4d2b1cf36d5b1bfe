package dev.outflow.connect.testkit.hubspot;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The v4 associations endpoints for HubSpot's default (unlabelled) association type:
 * {@code PUT /crm/v4/objects/{from}/{fromId}/associations/default/{to}/{toId}} and
 * {@code POST /crm/v4/associations/{from}/{to}/batch/associate/default}. The default type exists only
 * between HubSpot's own objects; records must exist and not be archived.
 */
final class Associations {

    /** HUBSPOT_DEFINED default association type ids, "fromTypeId>toTypeId" -> associationTypeId. */
    private static final Map<String, Integer> DEFAULT_TYPES =
            Map.of("0-1>0-2", 279, "0-2>0-1", 280, "0-3>0-1", 3, "0-1>0-3", 4, "0-3>0-2", 341, "0-2>0-3", 342);

    private final Portal portal;
    private final HubSpotLimits limits;

    Associations(Portal portal, HubSpotLimits limits) {
        this.portal = portal;
        this.limits = limits;
    }

    Reply associateOne(ObjectType from, String fromId, ObjectType to, String toId, Instant now) {
        int typeId = defaultType(from, to);
        RowError problem = problem(from, fromId, to, toId);
        if (problem != null) {
            throw ApiError.wholeBatch(problem);
        }
        portal.associate(from, fromId, to, toId);
        ArrayNode results = ApiError.JSON.arrayNode();
        results.add(result(fromId, toId, typeId));
        results.add(result(toId, fromId, defaultType(to, from)));
        return new Reply(200, ObjectBatches.envelope(results, now));
    }

    Reply associateBatch(ObjectType from, ObjectType to, JsonNode body, Instant now) {
        int typeId = defaultType(from, to);
        JsonNode inputs = body.path("inputs");
        if (!inputs.isArray()) {
            throw ApiError.validation("Invalid input JSON: 'inputs' must be an array of objects");
        }
        if (inputs.size() > limits.maxAssociationInputs()) {
            throw ApiError.validation("The maximum number of inputs supported in a batch request is "
                    + limits.maxAssociationInputs() + ". Please reduce the number of items and try again");
        }
        ArrayNode results = ApiError.JSON.arrayNode();
        ArrayNode errors = ApiError.JSON.arrayNode();
        for (JsonNode in : inputs) {
            String fromId = in.path("from").path("id").asText("");
            String toId = in.path("to").path("id").asText("");
            RowError problem = problem(from, fromId, to, toId);
            if (problem != null) {
                errors.add(problem.toJson());
                continue;
            }
            portal.associate(from, fromId, to, toId);
            results.add(result(fromId, toId, typeId));
        }
        ObjectNode out = ObjectBatches.envelope(results, now);
        if (errors.isEmpty()) {
            return new Reply(200, out);
        }
        out.put("numErrors", errors.size());
        out.set("errors", errors);
        return new Reply(207, out);
    }

    private static int defaultType(ObjectType from, ObjectType to) {
        Integer id = DEFAULT_TYPES.get(from.objectTypeId + ">" + to.objectTypeId);
        if (id == null) {
            throw ApiError.validation("There is no default association type between " + from.name + " and " + to.name
                    + "; create an association label and use batch/create with its associationTypeId");
        }
        return id;
    }

    private static RowError problem(ObjectType from, String fromId, ObjectType to, String toId) {
        for (Object[] side : new Object[][] {{from, fromId, "fromObjectId"}, {to, toId, "toObjectId"}}) {
            ObjectType type = (ObjectType) side[0];
            String id = (String) side[1];
            if (!id.matches("\\d+") || type.live(id) == null) {
                Map<String, List<String>> ctx = new LinkedHashMap<>();
                ctx.put((String) side[2], List.of(id));
                return new RowError(
                        "VALIDATION_ERROR",
                        "No " + type.singularLabel.toLowerCase() + " with id " + id + " exists",
                        List.of(),
                        ctx,
                        400);
            }
        }
        return null;
    }

    private static ObjectNode result(String fromId, String toId, int typeId) {
        ObjectNode r = ApiError.JSON.objectNode();
        r.putObject("from").put("id", fromId);
        r.putObject("to").put("id", toId);
        ObjectNode spec = r.putObject("associationSpec");
        spec.put("associationCategory", "HUBSPOT_DEFINED");
        spec.put("associationTypeId", typeId);
        return r;
    }
}
