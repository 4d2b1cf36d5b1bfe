package dev.outflow.connect.testkit.hubspot;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A whole-request error, answered with HubSpot's error body: {@code status: "error"}, {@code message},
 * {@code correlationId}, {@code category} and, where HubSpot gives them, {@code errors[]},
 * {@code context} and {@code links}. Thrown by the endpoints, turned into the answer by the emulator.
 */
final class ApiError extends RuntimeException {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    final int httpStatus;
    final ObjectNode body;

    private ApiError(int httpStatus, ObjectNode body) {
        super(body.path("message").asText(), null, false, false);
        this.httpStatus = httpStatus;
        this.body = body;
    }

    static ApiError of(int httpStatus, String category, String message) {
        ObjectNode body = JSON.objectNode();
        body.put("status", "error");
        body.put("message", message);
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("category", category);
        return new ApiError(httpStatus, body);
    }

    /** A row error that fails the whole batch (no multi-status): its body plus a correlation id. */
    static ApiError wholeBatch(RowError row) {
        ObjectNode body = row.toJson();
        body.put("correlationId", UUID.randomUUID().toString());
        return new ApiError(row.httpStatus(), body);
    }

    static ApiError validation(String message) {
        return of(400, "VALIDATION_ERROR", message);
    }

    /** No or unknown credentials: HubSpot's answer to a request without a usable bearer token. */
    static ApiError invalidAuthentication() {
        return of(
                401,
                "INVALID_AUTHENTICATION",
                "Authentication credentials not found. This API supports OAuth 2.0 "
                        + "authentication and you can find more details at "
                        + "https://developers.hubspot.com/docs/methods/auth/oauth-overview");
    }

    static ApiError expiredAuthentication(long secondsAgo, String expiredAtIso) {
        ApiError e = of(
                401,
                "EXPIRED_AUTHENTICATION",
                "The OAuth token used to make this call expired " + secondsAgo + " second(s) ago.");
        e.body.set("context", context(Map.of("expire time", List.of(expiredAtIso))));
        return e;
    }

    static ApiError missingScopes(List<String> required) {
        ApiError e = of(
                403,
                "MISSING_SCOPES",
                "This app hasn't been granted all required scopes to make this call. "
                        + "Read more about required scopes here: https://developers.hubspot.com/scopes.");
        ObjectNode detail = JSON.objectNode();
        detail.put("message", "One or more of the following scopes are required.");
        detail.set("context", context(Map.of("requiredScopes", required)));
        e.body.set("errors", JSON.arrayNode().add(detail));
        e.body.set("links", JSON.objectNode().put("scopes", "https://developers.hubspot.com/scopes"));
        return e;
    }

    /** HubSpot's 429 body: no {@code category}, an {@code errorType} and the {@code policyName} that refused. */
    static ApiError rateLimited(HubSpotRateLimits.Policy policy) {
        ObjectNode body = JSON.objectNode();
        body.put("status", "error");
        body.put(
                "message",
                policy == HubSpotRateLimits.Policy.DAILY
                        ? "You have reached your daily limit."
                        : "You have reached your ten_secondly_rolling limit.");
        body.put("errorType", "RATE_LIMIT");
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("policyName", policy.name());
        body.put("requestId", UUID.randomUUID().toString());
        return new ApiError(429, body);
    }

    static ObjectNode context(Map<String, List<String>> values) {
        ObjectNode context = JSON.objectNode();
        values.forEach((k, v) -> {
            ArrayNode a = context.putArray(k);
            v.forEach(a::add);
        });
        return context;
    }
}
