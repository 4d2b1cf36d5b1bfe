package dev.outflow.connect.testkit.sheets;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Google API error as the One Platform front end returns it:
 * {@code {"error":{"code":..,"message":..,"status":..,"details":[..]}}}.
 * Thrown inside the emulator and turned into the HTTP response by the server loop.
 */
final class ApiError extends RuntimeException {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static final String INVALID_CREDENTIALS =
            "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or"
                    + " other valid authentication credential. See"
                    + " https://developers.google.com/identity/sign-in/web/devconsole-project.";
    static final String MISSING_CREDENTIALS =
            "Request is missing required authentication credential. Expected OAuth 2 access token, login"
                    + " cookie or other valid authentication credential. See"
                    + " https://developers.google.com/identity/sign-in/web/devconsole-project.";

    final int code;
    final String status;
    final ArrayNode details;

    ApiError(int code, String status, String message) {
        this(code, status, message, null);
    }

    ApiError(int code, String status, String message, ArrayNode details) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.details = details;
    }

    ObjectNode body() {
        ObjectNode error = JSON.objectNode();
        error.put("code", code);
        error.put("message", getMessage());
        error.set("errors", JSON.arrayNode().add(legacyError()));
        error.put("status", status);
        if (details != null && !details.isEmpty()) {
            error.set("details", details);
        }
        ObjectNode root = JSON.objectNode();
        root.set("error", error);
        return root;
    }

    /**
     * The entry of the legacy {@code errors[]} array Google still sends beside {@code details}
     * (clients such as the Java one read {@code reason} from it). A typed value the proto layer
     * refuses reports {@code invalid} with no domain; every other 400 {@code badRequest}.
     */
    private ObjectNode legacyError() {
        ObjectNode entry = JSON.objectNode();
        entry.put("message", getMessage());
        String reason = switch (code) {
            case 400 -> getMessage().startsWith("Invalid value at") ? "invalid" : "badRequest";
            case 401 -> "authError";
            case 403 -> getMessage().startsWith("Request had insufficient") ? "insufficientPermissions" : "forbidden";
            case 404 -> "notFound";
            case 429 -> "rateLimitExceeded";
            case 501 -> "notImplemented";
            default -> "backendError";
        };
        if (!reason.equals("invalid")) {
            entry.put("domain", "global");
        }
        entry.put("reason", reason);
        if (code == 401) {
            entry.put("location", "Authorization");
            entry.put("locationType", "header");
        }
        return entry;
    }

    // ---- the errors the real API returns, with its wording ----

    static ApiError invalidArgument(String message) {
        return new ApiError(400, "INVALID_ARGUMENT", message);
    }

    /** A 400 for one subrequest of a batchUpdate: "Invalid requests[3].appendCells: ...". */
    static ApiError invalidRequest(int index, String kind, String message) {
        return invalidArgument("Invalid requests[" + index + "]." + kind + ": " + message);
    }

    /** A 400 carrying google.rpc.BadRequest field violations (bad JSON, bad field masks). */
    static ApiError badRequest(String message, List<String[]> violations) {
        ArrayNode details = JSON.arrayNode();
        ObjectNode badRequest = details.addObject();
        badRequest.put("@type", "type.googleapis.com/google.rpc.BadRequest");
        ArrayNode list = badRequest.putArray("fieldViolations");
        for (String[] v : violations) {
            ObjectNode fv = list.addObject();
            if (v[0] != null && !v[0].isEmpty()) {
                fv.put("field", v[0]);
            }
            fv.put("description", v[1]);
        }
        return new ApiError(400, "INVALID_ARGUMENT", message, details);
    }

    static ApiError notFound() {
        return new ApiError(404, "NOT_FOUND", "Requested entity was not found.");
    }

    static ApiError permissionDenied() {
        return new ApiError(403, "PERMISSION_DENIED", "The caller does not have permission");
    }

    static ApiError insufficientScopes(String method) {
        return new ApiError(
                403,
                "PERMISSION_DENIED",
                "Request had insufficient authentication scopes.",
                errorInfo(
                        "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                        Map.of("service", "sheets.googleapis.com", "method", method)));
    }

    static ApiError unauthenticated(boolean missing, String method) {
        return new ApiError(
                401,
                "UNAUTHENTICATED",
                missing ? MISSING_CREDENTIALS : INVALID_CREDENTIALS,
                errorInfo(
                        missing ? "CREDENTIALS_MISSING" : "ACCESS_TOKEN_TYPE_UNSUPPORTED",
                        Map.of("service", "sheets.googleapis.com", "method", method)));
    }

    static ApiError internal() {
        return new ApiError(500, "INTERNAL", "Internal error encountered.");
    }

    static ApiError unavailable() {
        return new ApiError(503, "UNAVAILABLE", "The service is currently unavailable.");
    }

    /**
     * The answer to a request that ran past the server deadline ("When Sheets processes a request for
     * more than 180 seconds, the request returns a timeout error"). Google does not document the
     * code; 504 {@code DEADLINE_EXCEEDED} with the google.rpc wording is the emulator's choice: a
     * 5xx, which a careful client treats as "may have been applied", as it may be.
     */
    static ApiError deadlineExceeded() {
        return new ApiError(504, "DEADLINE_EXCEEDED", DEADLINE_MESSAGE);
    }

    static final String DEADLINE_MESSAGE = "Deadline expired before operation could complete.";

    static ApiError unimplemented(String what) {
        return new ApiError(501, "UNIMPLEMENTED", "The Sheets emulator does not implement " + what + ".");
    }

    /** The 429 the Sheets API answers when a per-minute per-user quota is used up. */
    static ApiError quotaExceeded(boolean write, int limit, String projectNumber) {
        return quotaError(write, limit, projectNumber, true);
    }

    /** The 429 when the project's per-minute quota (all its users together) is used up. */
    static ApiError projectQuotaExceeded(boolean write, int limit, String projectNumber) {
        return quotaError(write, limit, projectNumber, false);
    }

    private static ApiError quotaError(boolean write, int limit, String projectNumber, boolean perUser) {
        String metric = write ? "Write requests" : "Read requests";
        String limitName =
                (write ? "WriteRequestsPerMinute" : "ReadRequestsPerMinute") + (perUser ? "PerUser" : "PerProject");
        ArrayNode details = JSON.arrayNode();
        ObjectNode info = details.addObject();
        info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
        info.put("reason", "RATE_LIMIT_EXCEEDED");
        info.put("domain", "googleapis.com");
        ObjectNode metadata = info.putObject("metadata");
        metadata.put("quota_location", "global");
        metadata.put("quota_metric", "sheets.googleapis.com/" + (write ? "write_requests" : "read_requests"));
        metadata.put("quota_limit", limitName);
        metadata.put("quota_limit_value", String.valueOf(limit));
        metadata.put("quota_unit", perUser ? "1/min/{project}/{user}" : "1/min/{project}");
        metadata.put("consumer", "projects/" + projectNumber);
        metadata.put("service", "sheets.googleapis.com");
        ObjectNode help = details.addObject();
        help.put("@type", "type.googleapis.com/google.rpc.Help");
        ObjectNode link = help.putArray("links").addObject();
        link.put("description", "Request a higher quota limit.");
        link.put("url", "https://cloud.google.com/docs/quotas/help/request_increase");
        return new ApiError(
                429,
                "RESOURCE_EXHAUSTED",
                "Quota exceeded for quota metric '" + metric + "' and limit '" + metric + " per minute"
                        + (perUser ? " per user" : "")
                        + "' of service 'sheets.googleapis.com' for consumer 'project_number:"
                        + projectNumber + "'.",
                details);
    }

    private static ArrayNode errorInfo(String reason, Map<String, String> metadata) {
        ArrayNode details = JSON.arrayNode();
        ObjectNode info = details.addObject();
        info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
        info.put("reason", reason);
        info.put("domain", "googleapis.com");
        ObjectNode md = info.putObject("metadata");
        metadata.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> md.put(e.getKey(), e.getValue()));
        return details;
    }
}
