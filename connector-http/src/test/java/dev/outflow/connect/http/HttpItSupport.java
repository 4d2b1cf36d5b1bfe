package dev.outflow.connect.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.http.RecordedRequest;
import dev.outflow.connect.testkit.http.TestHttpServer;

/**
 * What the HTTP integration tests share: a connector config pointed at a {@link TestHttpServer}, records that
 * each carry an id of their own ({@code r-<i>}), and the reading of what the server applied, by content: the
 * ids in the bodies of the requests it applied, whatever the body format (one record, a JSON array, NDJSON).
 */
final class HttpItSupport {

    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final String CLIENT_ID = "outflow-it";
    static final String CLIENT_SECRET = "it-client-secret";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpItSupport() {}

    /** Record keys: the record's number. */
    static IntFunction<String> keys() {
        return i -> "k" + i;
    }

    /** Record values: an order whose {@code id} is unique to the record, so the server's copy can be counted. */
    static IntFunction<String> orders() {
        return i -> "{\"id\":\"" + id(i) + "\",\"n\":" + i + ",\"amount\":" + (i % 100) + ".5,\"paid\":" + (i % 2 == 0)
                + "}";
    }

    static String id(int record) {
        return "r-" + record;
    }

    /**
     * One task POSTing {@code topic} to {@code path} on the server, every key not named here at its default but
     * the linger. validate() sends its reachability check (HEAD /) to the server too: a request no test counts.
     */
    static Map<String, String> connector(TestHttpServer server, String topic, String path) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", HttpSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put(HttpConfig.URL, server.url(path));
        config.put("batch.linger.ms", "200");
        return config;
    }

    /** The config with OAuth2 client credentials against the server's token endpoint (its default path). */
    static Map<String, String> withOAuth2(Map<String, String> config, TestHttpServer server) {
        config.put(HttpConfig.AUTH_TYPE, "oauth2");
        config.put(HttpConfig.OAUTH2_TOKEN_URL, server.url("/oauth/token"));
        config.put(HttpConfig.OAUTH2_CLIENT_ID, CLIENT_ID);
        config.put(HttpConfig.OAUTH2_CLIENT_SECRET, CLIENT_SECRET);
        return config;
    }

    /**
     * Waits until the connector's committed offsets reach the end of every partition of the topic; a timeout
     * says where each partition stood and what the server had applied.
     */
    static void awaitCommitted(
            ConnectHarness harness, TestHttpServer server, String connector, String topic, int partitions)
            throws InterruptedException {
        try {
            ConnectHarness.await(
                    "every partition of " + topic + " committed",
                    () -> harness.committedOffsets(connector).equals(harness.endOffsets(topic, partitions)),
                    Duration.ofMinutes(2));
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + ": committed " + harness.committedOffsets(connector) + ", end "
                            + harness.endOffsets(topic, partitions) + ", tasks " + harness.taskStates(connector)
                            + ", " + server.requestCount() + " requests received, " + server.appliedCount()
                            + " applied",
                    e);
        }
    }

    /** The request's idempotency key as the server keeps it: the structured-field string of its header, unquoted. */
    static String idempotencyKey(RecordedRequest request) {
        String header = request.header(IDEMPOTENCY_HEADER);
        assertThat(header)
                .as("the %s header of %s", IDEMPOTENCY_HEADER, request)
                .startsWith("\"")
                .endsWith("\"");
        return header.substring(1, header.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** How many times the server applied each record, by the {@code id} in the bodies of the requests it applied. */
    static Map<String, Integer> appliedIds(TestHttpServer server) {
        Map<String, Integer> applied = new HashMap<>();
        for (RecordedRequest request : server.applied()) {
            for (JsonNode record : records(request)) {
                applied.merge(record.path("id").asText(), 1, Integer::sum);
            }
        }
        return applied;
    }

    /** The records of one request's body: the elements of a JSON array, else one JSON object per line. */
    static List<JsonNode> records(RecordedRequest request) {
        String body = request.bodyText().strip();
        List<JsonNode> records = new ArrayList<>();
        try {
            if (body.startsWith("[")) {
                JSON.readTree(body).forEach(records::add);
                return records;
            }
            for (String line : body.split("\n")) {
                if (!line.isBlank()) {
                    records.add(JSON.readTree(line));
                }
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("the connector sent a body that is not JSON: " + request, e);
        }
    }

    /** The server applied every record of {@code 0 .. records - 1} exactly once, and nothing else. */
    static void assertEveryRecordAppliedOnce(TestHttpServer server, int records, int... except) {
        Map<String, Integer> applied = appliedIds(server);
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < records; i++) {
            expected.put(id(i), 1);
        }
        for (int skipped : except) {
            expected.remove(id(skipped));
        }
        assertThat(applied.size()).as("records applied").isEqualTo(expected.size());
        assertThat(applied).as("times each record was applied").isEqualTo(expected);
    }
}
