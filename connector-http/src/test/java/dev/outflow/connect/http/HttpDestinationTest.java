package dev.outflow.connect.http;

import static dev.outflow.connect.http.HttpTestSupport.props;
import static dev.outflow.connect.http.HttpTestSupport.rows;
import static dev.outflow.connect.http.HttpTestSupport.started;
import static dev.outflow.connect.http.HttpTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.api.ErrorClass;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.Rows;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.RecordedRequest;
import dev.outflow.connect.testkit.http.TestHttpServer;

/** Requests as the destination builds them, and what it makes of the answers. */
class HttpDestinationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestHttpServer server;
    private final ManualClock clock = new ManualClock();

    @BeforeEach
    void start() throws Exception {
        server = TestHttpServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpDestination destination(String... extra) {
        return started(props(server, extra), clock);
    }

    private static JsonNode json(RecordedRequest request) throws Exception {
        return JSON.readTree(request.body());
    }

    @Test
    void aBatchIsOneJsonArrayByDefault() throws Exception {
        HttpDestination destination = destination();

        WriteResult result = write(destination, rows("{\"id\":1}", "{\"id\":2}", "{\"id\":3}"));

        assertThat(result.handled()).isEqualTo(WriteResult.ALL);
        assertThat(result.rejected()).isEmpty();
        RecordedRequest request = server.requests().get(0);
        assertThat(server.requests()).hasSize(1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hook");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.bodyText()).isEqualTo("[{\"id\":1},{\"id\":2},{\"id\":3}]");
    }

    @Test
    void ndjsonPutsOneRecordOnEachLine() throws Exception {
        HttpDestination destination = destination(HttpConfig.BODY_FORMAT, "ndjson");

        write(destination, rows("{\"id\":1}", "{\"id\":2}"));

        RecordedRequest request = server.requests().get(0);
        assertThat(request.header("Content-Type")).isEqualTo("application/x-ndjson");
        assertThat(request.bodyText()).isEqualTo("{\"id\":1}\n{\"id\":2}\n");
    }

    @Test
    void theRecordFormatSendsTheFirstRecordAloneAndLeavesTheRestBuffered() throws Exception {
        HttpDestination destination = destination(HttpConfig.BODY_FORMAT, "record");

        WriteResult result = write(destination, rows("{\"id\":1}", "{\"id\":2}"));

        assertThat(result.handled()).isEqualTo(1);
        assertThat(server.requests()).hasSize(1);
        assertThat(server.requests().get(0).bodyText()).isEqualTo("{\"id\":1}");
    }

    @Test
    void aTombstoneHandedOverAsADeleteRendersItsKeyAndMetadata() throws Exception {
        HttpDestination destination = destination(
                HttpConfig.BODY_FORMAT, "record",
                HttpConfig.URL, server.url("/customers/{{_key}}"),
                HttpConfig.BODY_TEMPLATE, "{\"deleted\": \"{{_key}}\", \"at\": {{_offset}}}");
        Row tombstone = Rows.of(new SinkRecord(HttpTestSupport.TOPIC, 0, Schema.STRING_SCHEMA, "c-9", null, null, 4));

        write(destination, List.of(tombstone));

        assertThat(tombstone.isDelete()).isTrue();
        assertThat(server.requests().get(0).target()).isEqualTo("/customers/c-9");
        assertThat(server.requests().get(0).bodyText()).isEqualTo("{\"deleted\":\"c-9\",\"at\":4}");
    }

    @Test
    void theContentTypeCanBeSet() throws Exception {
        HttpDestination destination = destination(HttpConfig.CONTENT_TYPE, "application/vnd.example+json");

        write(destination, rows("{\"id\":1}"));

        assertThat(server.requests().get(0).header("Content-Type")).isEqualTo("application/vnd.example+json");
    }

    @Test
    void theMethodIsTheConfiguredOneAndCarriesTheBody() throws Exception {
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            write(destination(HttpConfig.METHOD, method), rows("{\"id\":1}"));
        }

        assertThat(server.requests()).extracting(RecordedRequest::method).containsExactly("PUT", "PATCH", "DELETE");
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.bodyText()).isEqualTo("[{\"id\":1}]"));
    }

    @Test
    void bodyTemplateValuesAreJsonEscapedAndTheResultReserialisedCompactly() throws Exception {
        HttpDestination destination = destination(
                HttpConfig.BODY_FORMAT, "record",
                HttpConfig.BODY_TEMPLATE, "{ \"who\" : \"{{name}}\",\n  \"n\": {{n}} }");
        String tricky = "a \"quoted\" \\ back\nslash </script>";

        write(
                destination,
                List.of(Rows.fromJson(
                        HttpTestSupport.TOPIC, 0, 0, JSON.writeValueAsString(Map.of("name", tricky, "n", 7)))));

        String body = server.requests().get(0).bodyText();
        assertThat(body).doesNotContain("\n").startsWith("{\"who\":");
        assertThat(JSON.readTree(body).get("who").asText()).isEqualTo(tricky);
        assertThat(JSON.readTree(body).get("n").asInt()).isEqualTo(7);
    }

    @Test
    void reserialisingKeepsEveryDigitOfANumber() throws Exception {
        HttpDestination destination = destination(
                HttpConfig.BODY_TEMPLATE, "{\"amount\": {{amount}}, \"big\": {{big}}, \"price\": {{price}}}");

        write(
                destination,
                rows("{\"amount\": \"0.10000000000000000555\", \"big\": \"123456789012345678901234567890\", "
                        + "\"price\": \"1.50\"}"));

        assertThat(server.requests().get(0).bodyText())
                .isEqualTo("[{\"amount\":0.10000000000000000555,\"big\":123456789012345678901234567890,"
                        + "\"price\":1.50}]");
    }

    @Test
    void aValueCannotAddJsonFieldsOutsideItsString() throws Exception {
        HttpDestination destination = destination(HttpConfig.BODY_TEMPLATE, "{\"who\": \"{{name}}\"}");

        write(destination, rows("{\"name\": \"x\\\", \\\"admin\\\": \\\"true\"}"));

        JsonNode sent = json(server.requests().get(0)).get(0);
        assertThat(sent.size()).isEqualTo(1);
        assertThat(sent.get("who").asText()).isEqualTo("x\", \"admin\": \"true");
    }

    @Test
    void aRecordThatRendersNoJsonIsRejectedAndItsNeighboursAreSent() throws Exception {
        HttpDestination destination = destination(HttpConfig.BODY_TEMPLATE, "{\"n\": {{n}}}");

        WriteResult result = write(destination, rows("{\"n\": 1}", "{\"n\": \"not a number\"}", "{\"n\": 3}"));

        assertThat(result.rejected()).containsOnlyKeys(1);
        assertThat(result.rejected().get(1)).contains(HttpConfig.BODY_TEMPLATE).doesNotContain("not a number");
        assertThat(server.requests().get(0).bodyText()).isEqualTo("[{\"n\":1},{\"n\":3}]");
        assertThat(result.replies()).containsOnlyKeys(0, 2);
    }

    @Test
    void urlValuesArePercentEncodedSoTheyCannotAddSegmentsOrParameters() throws Exception {
        HttpDestination destination = destination(HttpConfig.URL, server.url("/customers/{{id}}?tag={{tag}}"));

        write(destination, rows("{\"id\": \"a/b c\", \"tag\": \"x&y=z#w\"}"));

        assertThat(server.requests().get(0).target()).isEqualTo("/customers/a%2Fb%20c?tag=x%26y%3Dz%23w");
    }

    @Test
    void recordsWhoseUrlsDifferGoToDifferentTargets() {
        HttpDestination destination = destination(HttpConfig.URL, server.url("/customers/{{id}}"));
        List<Row> rows = rows("{\"id\": 1}", "{\"id\": 2}", "{\"id\": 1}");

        assertThat(destination.route(rows.get(0)))
                .isNotEqualTo(destination.route(rows.get(1)))
                .isEqualTo(destination.route(rows.get(2)));
    }

    @Test
    void aTargetNamesTheHostButNoPathQueryOrHeaderValue() {
        HttpDestination destination = destination(
                HttpConfig.URL, server.url("/secret-path?api_key=k123"), HttpConfig.HEADERS, "X-Tenant: t-42");

        String target = destination.route(rows("{\"id\": 1}").get(0));

        assertThat(target).startsWith("127.0.0.1:" + server.port() + "#").doesNotContain("secret", "k123", "t-42");
        assertThat(destination.quotaScopes(target))
                .extracting(QuotaScope::name)
                .containsExactly("http.host:127.0.0.1:" + server.port());
    }

    @Test
    void headersAreRenderedPerRecordAndSplitTheRequests() throws Exception {
        HttpDestination destination = destination(HttpConfig.HEADERS, "X-Source: kafka, really|X-Tenant: {{tenant}}");
        List<Row> rows = rows("{\"tenant\": \"a\"}", "{\"tenant\": \"b\"}");

        assertThat(destination.route(rows.get(0))).isNotEqualTo(destination.route(rows.get(1)));
        write(destination, rows.subList(1, 2));

        RecordedRequest request = server.requests().get(0);
        assertThat(request.header("X-Source")).isEqualTo("kafka, really");
        assertThat(request.header("X-Tenant")).isEqualTo("b");
    }

    @Test
    void aHeaderValueThatRendersALineBreakRejectsTheRecord() {
        HttpDestination destination = destination(HttpConfig.HEADERS, "X-Tenant: {{tenant}}");
        Row row = rows("{\"tenant\": \"a\\r\\nX-Admin: yes\"}").get(0);

        assertThatThrownBy(() -> destination.route(row))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("X-Tenant")
                .hasMessageContaining("line break")
                .hasMessageNotContaining("X-Admin");
    }

    @Test
    void aHeaderValueOutsideAsciiRejectsTheRecord() {
        HttpDestination destination = destination(HttpConfig.HEADERS, "X-Customer: {{name}}");
        Row row = rows("{\"name\": \"Zoë 東京\"}").get(0);

        assertThatThrownBy(() -> destination.route(row))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("X-Customer")
                .hasMessageContaining("outside ASCII")
                .hasMessageNotContaining("Zoë");
    }

    @Test
    void aSuccessIsAReplyWithTheStatusAndABodyExcerptWhenReceiptsAskForOne() throws Exception {
        server.answerByDefault(Answer.status(201).withBody("{\"id\":\"abc-123\",\"more\":\"...\"}"));
        HttpDestination withoutBody = destination();
        HttpDestination withBody = destination(HttpConfig.RECEIPTS_BODY_MAX_BYTES, "15");

        WriteResult statusOnly = write(withoutBody, rows("{\"id\":1}", "{\"id\":2}"));
        WriteResult excerpt = write(withBody, rows("{\"id\":1}"));

        assertThat(statusOnly.replies())
                .containsEntry(0, AppReply.of("status", "201"))
                .containsEntry(1, AppReply.of("status", "201"));
        assertThat(excerpt.replies()).containsEntry(0, AppReply.of("status", "201", "body", "{\"id\":\"abc-123\""));
    }

    @Test
    void aRejectingAnswerToOneRecordRejectsItWithTheStatusAndPutsTheBodyInTheReplyOnly() throws Exception {
        server.enqueue(Answer.status(400).withBody("{\"error\":\"email jane@example.com is invalid\"}"));
        HttpDestination destination = destination(
                HttpConfig.URL, server.url("/hook?api_key=k123"), HttpConfig.RESPONSE_EXCERPT_MAX_BYTES, "20");

        WriteResult result = write(destination, rows("{\"email\":\"jane@example.com\"}"));

        assertThat(result.rejected().get(0))
                .contains("HTTP 400", "POST", "127.0.0.1")
                .doesNotContain("jane", "k123", "/hook");
        assertThat(result.replies().get(0)).isEqualTo(AppReply.of("status", "400", "body", "{\"error\":\"email jane"));
    }

    @Test
    void aRejectingAnswerToSeveralRecordsIsARejectedFailureForTheFrameworkToBisect() {
        server.enqueue(Answer.status(422));
        HttpDestination destination = destination();

        Exception error = catchException(() -> write(destination, rows("{\"id\":1}", "{\"id\":2}")));

        Failure failure = destination.classify(error);
        assertThat(failure.errorClass()).isEqualTo(ErrorClass.REJECTED);
        assertThat(failure.reason()).contains("HTTP 422");
    }

    @Test
    void throttlingAnswersHonourRetryAfter() {
        HttpDestination destination = destination();

        server.enqueue(Answer.status(429).withHeader("Retry-After", "7"));
        Failure tooMany = destination.classify(catchException(() -> write(destination, rows("{\"id\":1}"))));
        server.enqueue(Answer.status(503).withHeader("Retry-After", "3"));
        Failure unavailable = destination.classify(catchException(() -> write(destination, rows("{\"id\":1}"))));

        assertThat(tooMany.throttled()).isTrue();
        assertThat(tooMany.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(unavailable.throttled()).isTrue();
        assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aServerErrorIsRetriableWithoutThrottling() {
        server.enqueue(Answer.status(500).withHeader("Retry-After", "2"));
        HttpDestination destination = destination();

        Failure failure = destination.classify(catchException(() -> write(destination, rows("{\"id\":1}"))));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.RETRIABLE);
        assertThat(failure.throttled()).isFalse();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusedCredentialsAreFatalAndSayWhatToCheck() {
        server.enqueue(Answer.status(401));
        HttpDestination destination = destination();

        Failure failure = destination.classify(catchException(() -> write(destination, rows("{\"id\":1}"))));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(failure.reason()).contains("HTTP 401", "http.auth");
    }

    @Test
    void aRedirectIsFatalSinceItIsNotFollowed() {
        server.enqueue(Answer.status(302).withHeader("Location", "http://elsewhere.example/"));
        HttpDestination destination = destination();

        Failure failure = destination.classify(catchException(() -> write(destination, rows("{\"id\":1}"))));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(failure.reason()).contains("HTTP 302", "redirects are not followed", HttpConfig.URL);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void theStatusTableIsConfigurable() throws Exception {
        server.enqueue(Answer.status(404));
        server.enqueue(Answer.status(409));
        HttpDestination destination = destination(
                HttpConfig.STATUS_FATAL,
                "404",
                HttpConfig.STATUS_RETRIABLE,
                "500-599",
                HttpConfig.STATUS_REJECTED,
                "400-499");

        Failure notFound = destination.classify(catchException(() -> write(destination, rows("{\"id\":1}"))));
        WriteResult conflict = write(destination, rows("{\"id\":1}"));

        assertThat(notFound.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(notFound.reason()).contains("nothing is at this URL");
        assertThat(conflict.rejected()).containsOnlyKeys(0);
    }

    @Test
    void noAnswerInTimeIsAmbiguous() {
        server.enqueue(Answer.ok().after(Duration.ofSeconds(30)));
        HttpDestination destination = destination(HttpConfig.TIMEOUT_MS, "200");

        Failure failure = destination.classify(catchException(() -> write(destination, rows("{\"id\":1}"))));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
        assertThat(failure.reason()).contains(HttpConfig.TIMEOUT_MS);
    }

    @Test
    void aConnectionBrokenAfterTheRequestWasSentIsAmbiguousAndNotResentByTheClient() {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            server.enqueue(Answer.appliedButLost());
            HttpDestination destination = destination(HttpConfig.METHOD, method);

            Failure failure = destination.classify(catchException(() -> write(destination, rows("{\"id\":1}"))));

            assertThat(failure.errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
        }
        assertThat(server.requests())
                .extracting(RecordedRequest::method)
                .containsExactly("POST", "PUT", "PATCH", "DELETE");
    }

    @Test
    void aHostThatRefusesConnectionsIsRetriable() throws Exception {
        int closedPort;
        try (TestHttpServer gone = TestHttpServer.start()) {
            closedPort = gone.port();
        }
        HttpDestination destination =
                started(props(server, HttpConfig.URL, "http://127.0.0.1:" + closedPort + "/hook"), clock);

        Failure failure = destination.classify(catchException(() -> write(destination, rows("{\"id\":1}"))));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.RETRIABLE);
    }
}
