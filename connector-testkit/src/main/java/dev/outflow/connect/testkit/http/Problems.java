package dev.outflow.connect.testkit.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON error bodies the server writes itself: RFC 9457 problems and RFC 6749 5.2 token errors. */
final class Problems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {}

    /** An {@code application/problem+json} answer; {@code type} links the rule the request broke. */
    static Answer problem(int status, String type, String title, String detail) {
        ObjectNode body = JSON.createObjectNode()
                .put("type", type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        return json(status, "application/problem+json", body);
    }

    /** An RFC 6749 5.2 error; never cached (5.1's headers, which the server sends on errors too). */
    static Answer tokenError(int status, String error, String description) {
        ObjectNode body = JSON.createObjectNode().put("error", error).put("error_description", description);
        return noStore(json(status, "application/json;charset=UTF-8", body));
    }

    static Answer noStore(Answer answer) {
        return answer.withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static Answer json(int status, String contentType, ObjectNode body) {
        return new Answer(
                Answer.Ending.RESPOND,
                status,
                Map.of("Content-Type", List.of(contentType)),
                body.toString().getBytes(StandardCharsets.UTF_8),
                Duration.ZERO);
    }
}
