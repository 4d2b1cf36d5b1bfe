package dev.outflow.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.testkit.http.RecordedRequest;
import dev.outflow.connect.testkit.http.TestHttpServer;

/**
 * The test receiver as the web page shows it: the HTTP demo connector's orders API ({@link OrdersApi}) and
 * an HTTP server that answers 200 to anything else, for a destination of the user's own loaded with
 * {@code --plugin}, and the latest requests it got. Of the headers only the idempotency key is shown: the
 * others can carry the destination's credentials.
 */
final class ReceiverView {

    static final int REQUESTS_SHOWN = 20;
    static final int BODY_CHARS = 2_000;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestHttpServer receiver;

    ReceiverView(TestHttpServer receiver) {
        this.receiver = receiver;
    }

    /** {url, requestCount, latest: [{method, target, idempotencyKey, bytes, body}]}, the newest last; no key: "". */
    ObjectNode json() {
        List<RecordedRequest> requests = receiver.requests();
        ObjectNode json = JSON.createObjectNode().put("url", receiver.url("/")).put("requestCount", requests.size());
        ArrayNode latest = json.putArray("latest");
        for (RecordedRequest request :
                requests.subList(Math.max(0, requests.size() - REQUESTS_SHOWN), requests.size())) {
            String body = request.bodyText();
            latest.addObject()
                    .put("method", request.method())
                    .put("target", request.target())
                    .put(
                            "idempotencyKey",
                            request.header(IDEMPOTENCY_KEY) == null ? "" : request.header(IDEMPOTENCY_KEY))
                    .put("bytes", request.body().length)
                    .put("body", body.length() > BODY_CHARS ? body.substring(0, BODY_CHARS) + "…" : body);
        }
        return json;
    }
}
