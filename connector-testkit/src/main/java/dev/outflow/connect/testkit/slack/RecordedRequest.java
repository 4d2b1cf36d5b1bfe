package dev.outflow.connect.testkit.slack;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request the emulator received and what it did with it.
 *
 * @param sequence    arrival order, from 1
 * @param receivedAt  on the emulator's clock
 * @param httpMethod  GET or POST
 * @param path        the request path, like {@code /api/chat.postMessage}
 * @param apiMethod   the Web API method, or {@value SlackEmulator#WEBHOOK_METHOD}
 * @param contentType the Content-Type header as sent, or null
 * @param headers     header names in lower case
 * @param params      the arguments as received: form fields (URL-decoded, verbatim), query parameters,
 *                    or a JSON body's top-level fields (strings as their value, anything else as JSON)
 * @param body        the raw body, decoded as UTF-8
 * @param status      the HTTP status answered; 0 when no answer was sent (reset, lost, stall dropped)
 * @param error       the Slack error code answered ({@code ratelimited}, {@code invalid_blocks}, ...),
 *                    or null on success
 * @param outcome     {@code ok}, {@code error}, {@code rate_limited}, {@code service_down}, or
 *                    {@code fault:<kind>} for injected faults
 */
public record RecordedRequest(
        long sequence,
        Instant receivedAt,
        String httpMethod,
        String path,
        String apiMethod,
        String contentType,
        Map<String, List<String>> headers,
        Map<String, String> params,
        String body,
        int status,
        String error,
        String outcome) {

    /** The argument as received, or null. */
    public String param(String name) {
        return params.get(name);
    }

    public boolean hasParam(String name) {
        return params.containsKey(name);
    }

    /** The first value of a header (case-insensitive), or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
