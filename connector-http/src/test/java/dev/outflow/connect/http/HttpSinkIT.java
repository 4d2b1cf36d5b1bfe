package dev.outflow.connect.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.ConnectHarness.ReadRecord;
import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.IdempotencyKeys;
import dev.outflow.connect.testkit.http.OAuth2Tokens;
import dev.outflow.connect.testkit.http.RecordedRequest;
import dev.outflow.connect.testkit.http.TestHttpServer;

/**
 * The HTTP sink end to end: a real broker and Connect worker (one for the class, a connector and topics per
 * test), the connector's own HTTP client, and a test HTTP server that honours idempotency keys, standing in for
 * the API. A volume of NDJSON while the OAuth2 token rotates, a 429 with {@code Retry-After}, and a 400 caused
 * by one record of a batch: nothing lost, nothing applied twice, only the bad record in the dead-letter queue.
 */
class HttpSinkIT {

    private static final String REASON_HEADER = "__connect.errors.exception.message";

    @TempDir
    Path secretsDir;

    private static ConnectHarness harness;
    private TestHttpServer server;
    private IdempotencyKeys keys;

    @BeforeAll
    static void startConnect() {
        // secrets through a config provider, as the README asks: the connector config (and so the REST answers that
        // echo it, which the harness logs) holds only the reference
        harness = ConnectHarness.start(
                "http-sink",
                1,
                Map.of(
                        "config.providers", "file",
                        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"));
    }

    @AfterAll
    static void stopConnect() {
        harness.close();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = TestHttpServer.start();
        keys = server.honourIdempotencyKeys(HttpItSupport.IDEMPOTENCY_HEADER).required();
    }

    @AfterEach
    void stop() {
        for (String connector : harness.cluster().connectors()) {
            harness.cluster().deleteConnector(connector);
        }
        server.close();
    }

    @Test
    void sends20000RecordsAsNdjsonWhileTheTokenRotatesAndTheServerAppliesEachOnce() throws Exception {
        // every 9 accepted requests the server invalidates every token: the connector's next request is refused
        // with 401, and it must fetch a new token and send the same request again
        OAuth2Tokens tokens = server.oauth2(HttpItSupport.CLIENT_ID, HttpItSupport.CLIENT_SECRET)
                .rotateEvery(9);
        String topic = "orders-volume";
        String dlq = "orders-volume-dlq";
        int partitions = 4;
        int records = 20_000;
        harness.createTopic(topic, partitions);
        harness.createTopic(dlq, 1);
        harness.produce(topic, partitions, records, HttpItSupport.keys(), HttpItSupport.orders());

        Path secrets = secretsDir.resolve("http.properties");
        Files.writeString(secrets, "oauth2.client.secret=" + HttpItSupport.CLIENT_SECRET + "\n");
        Map<String, String> config =
                HttpItSupport.withOAuth2(HttpItSupport.connector(server, topic, "/v1/orders/ingest"), server);
        config.put(HttpConfig.OAUTH2_CLIENT_SECRET, "${file:" + secrets + ":oauth2.client.secret}");
        config.put(HttpConfig.BODY_FORMAT, "ndjson");
        config.put("batch.max.records", "500");
        List<String> logLines;
        try (LogLinesItSupport logs = LogLinesItSupport.capture()) {
            harness.configureConnector("http-volume", ConnectHarness.withDeadLetterQueue(config, dlq));
            HttpItSupport.awaitCommitted(harness, server, "http-volume", topic, partitions);
            logLines = logs.lines();
        }

        assertThat(tokens.tokensIssued()).as("tokens issued").isGreaterThan(1);
        assertThat(tokens.refused())
                .as("requests refused with 401 after a rotation")
                .isPositive();
        HttpItSupport.assertEveryRecordAppliedOnce(server, records);
        keys.assertNoKeyAppliedTwice();
        assertThat(server.applied()).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/orders/ingest");
            assertThat(request.header("Authorization")).startsWith("Bearer ");
        });
        assertThat(harness.endOffsets(dlq, 1)).as("the dead-letter queue").containsValue(0L);
        assertThat(harness.taskStates("http-volume")).containsExactly("RUNNING");
        // neither the client secret nor a token the server issued is logged, though 401s and token fetches were
        List<String> tokensSent = server.requests().stream()
                .map(request -> request.header("Authorization"))
                .filter(authorization -> authorization != null && authorization.startsWith("Bearer "))
                .map(authorization -> authorization.substring("Bearer ".length()))
                .distinct()
                .toList();
        assertThat(tokensSent).hasSizeGreaterThan(1);
        assertThat(logLines)
                .isNotEmpty()
                .noneMatch(line -> line.contains(HttpItSupport.CLIENT_SECRET)
                        || tokensSent.stream().anyMatch(line::contains));
    }

    @Test
    void a429WithRetryAfterHoldsTheRetryForThatLongAndLosesOrDoublesNothing() throws Exception {
        // one partition and one task: the request after the 429 can only be the retry, held for Retry-After
        String topic = "orders-throttled";
        int records = 1_000;
        int throttledRequest = 3;
        long retryAfterSeconds = 2;
        ThrottleOnce throttle = new ThrottleOnce(throttledRequest, retryAfterSeconds);
        server.answerByDefault(throttle);
        harness.createTopic(topic, 1);
        harness.produce(topic, 1, records, HttpItSupport.keys(), HttpItSupport.orders());

        Map<String, String> config = HttpItSupport.connector(server, topic, "/v1/orders");
        config.put("batch.max.records", "100");
        harness.configureConnector("http-throttled", config);
        HttpItSupport.awaitCommitted(harness, server, "http-throttled", topic, 1);

        RecordedRequest throttled = throttle.request(throttledRequest);
        RecordedRequest retry = throttle.request(throttledRequest + 1);
        // the retry carries the records the 429 refused, the first of them leading it, and the server applied it
        assertThat(HttpItSupport.records(retry).get(0).path("id"))
                .isEqualTo(HttpItSupport.records(throttled).get(0).path("id"));
        assertThat(keys.applications()).containsEntry(HttpItSupport.idempotencyKey(retry), 1);
        // the server's own arrival times: the retry cannot have come before the client read the 429 and waited
        assertThat(throttle.nanosBetween(throttledRequest, throttledRequest + 1))
                .as("nanoseconds between the 429 and the retry")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(retryAfterSeconds).toNanos());
        assertThat(throttle.throttled()).isEqualTo(1);
        HttpItSupport.assertEveryRecordAppliedOnce(server, records);
        keys.assertNoKeyAppliedTwice();
        assertThat(harness.taskStates("http-throttled")).containsExactly("RUNNING");
    }

    @Test
    void a400CausedByOneRecordOfABatchSendsOnlyThatRecordToTheDlqWithTheStatusAndTheAnswer() throws Exception {
        String topic = "orders-with-a-bad-one";
        String dlq = "orders-with-a-bad-one-dlq";
        int records = 1_000;
        int bad = 437;
        String marker = "NOT-AN-AMOUNT";
        // the API refuses any body holding the marker, and echoes it in its error, as APIs do
        server.answerByDefault(request -> request.bodyText().contains(marker)
                ? Answer.status(400)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"title\":\"Bad Request\",\"detail\":\"amount: '" + marker + "' is not a number\"}")
                : Answer.ok());
        harness.createTopic(topic, 2);
        harness.produce(
                topic,
                2,
                records,
                HttpItSupport.keys(),
                i -> i == bad
                        ? "{\"id\":\"" + HttpItSupport.id(i) + "\",\"amount\":\"" + marker + "\"}"
                        : HttpItSupport.orders().apply(i));

        Map<String, String> config = HttpItSupport.connector(server, topic, "/v1/orders");
        config.put(HttpConfig.BODY_FORMAT, "json.array");
        config.put("batch.max.records", "100");
        List<ReadRecord> dead;
        List<String> logLines;
        try (LogLinesItSupport logs = LogLinesItSupport.capture()) {
            harness.configureConnector("http-bad-record", ConnectHarness.withDeadLetterQueue(config, dlq));
            dead = harness.readAll(dlq, 1);
            HttpItSupport.awaitCommitted(harness, server, "http-bad-record", topic, 2);
            logLines = logs.lines();
        }

        assertThat(dead).singleElement().satisfies(letter -> {
            assertThat(letter.value()).contains("\"" + HttpItSupport.id(bad) + "\"");
            // the reason names the status; the answer's excerpt follows it, in the dead-letter record only
            assertThat(letter.headers().get(REASON_HEADER))
                    .startsWith("HTTP 400 from POST ")
                    .contains("; the app answered: status=400, body=")
                    .contains(marker);
        });
        assertThat(harness.endOffsets(dlq, 1)).containsValue(1L);
        HttpItSupport.assertEveryRecordAppliedOnce(server, records, bad);
        keys.assertNoKeyAppliedTwice();
        // the refused requests held the bad record: the split ended on it alone
        assertThat(server.requests().stream()
                        .filter(request -> request.method().equals("POST")
                                && !server.applied().contains(request))
                        .map(request -> HttpItSupport.records(request).stream()
                                .map(record -> record.path("id").asText())
                                .collect(Collectors.toSet())))
                .isNotEmpty()
                .allSatisfy(ids -> assertThat(ids).contains(HttpItSupport.id(bad)))
                .contains(Set.of(HttpItSupport.id(bad)));
        assertThat(harness.taskStates("http-bad-record")).containsExactly("RUNNING");
        // the record's value and the answer that echoed it stay out of the task's logs
        assertThat(logLines).isNotEmpty().noneMatch(line -> line.contains(marker));
    }

    /**
     * Answers 200, but 429 with {@code Retry-After} to the n-th request it answers (counting from 1), and notes
     * each request and when it arrived on the server's monotonic clock.
     */
    private static final class ThrottleOnce implements Function<RecordedRequest, Answer> {

        private final int throttledRequest;
        private final long retryAfterSeconds;
        private final List<Long> arrivals = new ArrayList<>();
        private final List<RecordedRequest> answered = new ArrayList<>();
        private int throttled;

        ThrottleOnce(int throttledRequest, long retryAfterSeconds) {
            this.throttledRequest = throttledRequest;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public synchronized Answer apply(RecordedRequest request) {
            arrivals.add(System.nanoTime());
            answered.add(request);
            if (arrivals.size() == throttledRequest) {
                throttled++;
                return Answer.status(429).withHeader("Retry-After", String.valueOf(retryAfterSeconds));
            }
            return Answer.ok();
        }

        /** Nanoseconds from the arrival of request {@code from} to that of request {@code to}, counting from 1. */
        synchronized long nanosBetween(int from, int to) {
            return arrivals.get(to - 1) - arrivals.get(from - 1);
        }

        /** The n-th request answered, counting from 1. */
        synchronized RecordedRequest request(int n) {
            return answered.get(n - 1);
        }

        synchronized int throttled() {
            return throttled;
        }
    }
}
