package dev.outflow.connect.testkit.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request as {@link TestHttpServer} received it. Immutable: the body is copied in and out, so a
 * test cannot change what another test or the server's own record reads.
 *
 * @param method  GET, POST, ...
 * @param target  the path with its query as sent, e.g. {@code /hook?x=1}
 * @param headers header names in lower case, each with its values in arrival order
 * @param body    the raw body; empty when there was none
 */
public record RecordedRequest(String method, String target, Map<String, List<String>> headers, byte[] body) {

    public RecordedRequest {
        Map<String, List<String>> lowerCased = new TreeMap<>();
        headers.forEach((name, values) -> lowerCased
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        lowerCased.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(lowerCased);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The path without the query. */
    public String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The first value of a header (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    // a record compares arrays by identity; two recordings of the same request should be equal
    @Override
    public boolean equals(Object other) {
        return other instanceof RecordedRequest that
                && method.equals(that.method)
                && target.equals(that.target)
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * method.hashCode() + target.hashCode()) + headers.hashCode()) + Arrays.hashCode(body);
    }

    // the body can be a payload a test wants kept out of logs and failure messages: its size only
    @Override
    public String toString() {
        return method + " " + target + " (" + body.length + " bytes)";
    }
}
