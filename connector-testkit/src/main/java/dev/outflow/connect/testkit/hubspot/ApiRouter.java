package dev.outflow.connect.testkit.hubspot;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sends an authenticated, admitted API request to its endpoint after checking the scope it needs and
 * the shape of its body. Called under the emulator's state lock.
 */
final class ApiRouter {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Portal portal;
    private final ObjectBatches batches;
    private final Associations associations;

    ApiRouter(Portal portal, ObjectBatches batches, Associations associations) {
        this.portal = portal;
        this.batches = batches;
        this.associations = associations;
    }

    /** @param seg the decoded path segments, like {@code [crm, v3, objects, contacts, batch, upsert]} */
    Reply route(
            String method,
            List<String> seg,
            String contentType,
            Credentials.Principal principal,
            String body,
            Instant now) {
        int n = seg.size();
        if (method.equals("GET")
                && (n == 4 || n == 5)
                && seg.subList(0, 3).equals(List.of("crm", "v3", "properties"))) {
            ObjectType type = portal.type(seg.get(3));
            Credentials.require(principal, "crm.schemas." + type.scopeName + ".read");
            return n == 4 ? properties(type) : property(type, seg.get(4));
        }
        if (method.equals("POST")
                && n == 6
                && seg.subList(0, 3).equals(List.of("crm", "v3", "objects"))
                && seg.get(4).equals("batch")) {
            ObjectType type = portal.type(seg.get(3));
            String op = seg.get(5);
            Credentials.require(principal, "crm.objects." + type.scopeName + (op.equals("read") ? ".read" : ".write"));
            JsonNode json = json(contentType, body);
            return switch (op) {
                case "create" -> batches.create(type, json, now);
                case "update" -> batches.update(type, json, now);
                case "upsert" -> batches.upsert(type, json, now);
                case "archive" -> batches.archive(type, json, now);
                case "read" -> batches.read(type, json, now);
                default -> throw notImplemented(method, seg);
            };
        }
        if (method.equals("PUT")
                && n == 9
                && seg.subList(0, 3).equals(List.of("crm", "v4", "objects"))
                && seg.get(5).equals("associations")
                && seg.get(6).equals("default")) {
            ObjectType from = portal.type(seg.get(3));
            ObjectType to = portal.type(seg.get(7));
            requireAssociationScopes(principal, from, to);
            return associations.associateOne(from, seg.get(4), to, seg.get(8), now);
        }
        if (method.equals("POST")
                && n == 8
                && seg.subList(0, 3).equals(List.of("crm", "v4", "associations"))
                && seg.subList(5, 8).equals(List.of("batch", "associate", "default"))) {
            ObjectType from = portal.type(seg.get(3));
            ObjectType to = portal.type(seg.get(4));
            requireAssociationScopes(principal, from, to);
            return associations.associateBatch(from, to, json(contentType, body), now);
        }
        throw notImplemented(method, seg);
    }

    private static Reply properties(ObjectType type) {
        ObjectNode list = ApiError.JSON.objectNode();
        ArrayNode results = list.putArray("results");
        type.properties.values().forEach(p -> results.add(p.toJson(Instant.EPOCH.toString())));
        return new Reply(200, list);
    }

    private static Reply property(ObjectType type, String name) {
        PropertyDefinition p = type.properties.get(name);
        if (p == null) {
            throw ApiError.of(404, "OBJECT_NOT_FOUND", "Property " + name + " does not exist");
        }
        return new Reply(200, p.toJson(Instant.EPOCH.toString()));
    }

    /** Stricter than HubSpot may be: an association changes both records, so both write scopes are needed. */
    private static void requireAssociationScopes(Credentials.Principal principal, ObjectType from, ObjectType to) {
        Credentials.require(principal, "crm.objects." + from.scopeName + ".write");
        Credentials.require(principal, "crm.objects." + to.scopeName + ".write");
    }

    private static ApiError notImplemented(String method, List<String> seg) {
        return ApiError.of(
                404,
                "OBJECT_NOT_FOUND",
                "The HubSpot emulator does not implement " + method + " /" + String.join("/", seg));
    }

    /** The body as a JSON object; stricter than HubSpot may be, it must be sent as {@code application/json}. */
    private JsonNode json(String contentType, String body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw ApiError.of(415, "VALIDATION_ERROR", "Content-Type must be application/json, not " + contentType);
        }
        try {
            JsonNode json = mapper.readTree(body);
            if (json == null || !json.isObject()) {
                throw ApiError.validation("Invalid input JSON: the body must be a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw ApiError.validation(
                    "Invalid input JSON on line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr());
        }
    }
}
