package dev.outflow.connect.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class TestHttpServerIdempotencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();

    private static HttpRequest request(String url, String body, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request.build();
    }

    private HttpResponse<String> post(String url, String body, String... headers)
            throws IOException, InterruptedException {
        return client.send(request(url, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postWithKey(TestHttpServer server, String path, String body, String key)
            throws IOException, InterruptedException {
        return post(server.url(path), body, "Idempotency-Key", "\"" + key + "\"");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String section) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).endsWith("#section-" + section);
        assertThat(problem.path("title").asText()).isNotBlank();
    }

    @Test
    void aRetryWithTheSameKeyAndPayloadGetsTheFirstAnswerReplayedAndIsNotAppliedAgain() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            IdempotencyKeys keys = server.honourIdempotencyKeys("Idempotency-Key");
            server.enqueue(
                    Answer.status(201).withHeader("Location", "/orders/7").withBody("{\"id\":7}"));

            HttpResponse<String> first = postWithKey(server, "/orders", "order-7", "t-0-41");
            HttpResponse<String> retry = postWithKey(server, "/orders", "order-7", "t-0-41");

            assertThat(first.statusCode()).isEqualTo(201);
            assertThat(first.headers().firstValue(IdempotencyKeys.REPLAYED)).isEmpty();
            assertThat(retry.statusCode()).isEqualTo(201);
            assertThat(retry.body()).isEqualTo("{\"id\":7}");
            assertThat(retry.headers().firstValue("Location")).hasValue("/orders/7");
            assertThat(retry.headers().firstValue(IdempotencyKeys.REPLAYED)).hasValue("true");
            assertThat(server.requests()).hasSize(2);
            assertThat(server.applied()).hasSize(1);
            assertThat(keys.applications()).isEqualTo(Map.of("t-0-41", 1));
            keys.assertNoKeyAppliedTwice();
        }
    }

    @Test
    void aRetryAfterAnAppliedButLostAnswerGetsTheLostAnswerReplayed() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            IdempotencyKeys keys = server.honourIdempotencyKeys("Idempotency-Key");
            server.enqueue(Answer.appliedButLost().withBody("accepted"));

            assertThatThrownBy(() -> postWithKey(server, "/batch", "rows", "k-1"))
                    .isInstanceOf(IOException.class);
            HttpResponse<String> retry = postWithKey(server, "/batch", "rows", "k-1");

            assertThat(retry.statusCode()).isEqualTo(200);
            assertThat(retry.body()).isEqualTo("accepted");
            assertThat(retry.headers().firstValue(IdempotencyKeys.REPLAYED)).hasValue("true");
            assertThat(server.applied()).extracting(RecordedRequest::bodyText).containsExactly("rows");
            assertThat(keys.applications()).isEqualTo(Map.of("k-1", 1));
        }
    }

    @Test
    void aRetryWhileTheFirstAnswerIsDelayedGets409ThenTheReplayOnceItWentOut() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            IdempotencyKeys keys = server.honourIdempotencyKeys("Idempotency-Key");
            server.enqueue(Answer.status(202).withBody("queued").after(Duration.ofMillis(300)));

            CompletableFuture<HttpResponse<String>> first = client.sendAsync(
                    request(server.url("/batch"), "rows", "Idempotency-Key", "\"k-2\""),
                    HttpResponse.BodyHandlers.ofString());
            server.awaitRequests(1, Duration.ofSeconds(10));
            HttpResponse<String> concurrent = postWithKey(server, "/batch", "rows", "k-2");

            assertProblem(concurrent, 409, "2.7");
            assertThat(first.get().statusCode()).isEqualTo(202);
            HttpResponse<String> afterwards = postWithKey(server, "/batch", "rows", "k-2");
            assertThat(afterwards.statusCode()).isEqualTo(202);
            assertThat(afterwards.body()).isEqualTo("queued");
            assertThat(afterwards.headers().firstValue(IdempotencyKeys.REPLAYED))
                    .hasValue("true");
            assertThat(keys.applications()).isEqualTo(Map.of("k-2", 1));
        }
    }

    @Test
    void theSameKeyWithAnotherBodyOrPathGets422AndIsNotApplied() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.honourIdempotencyKeys("Idempotency-Key");

            assertThat(postWithKey(server, "/batch", "rows", "k-3").statusCode())
                    .isEqualTo(200);
            assertProblem(postWithKey(server, "/batch", "other rows", "k-3"), 422, "2.7");
            assertProblem(postWithKey(server, "/elsewhere", "rows", "k-3"), 422, "2.7");

            assertThat(server.applied()).extracting(RecordedRequest::bodyText).containsExactly("rows");
        }
    }

    @Test
    void aMissingKeyGets400WhenRequiredAndIsAppliedAsUsualWhenNot() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            IdempotencyKeys keys = server.honourIdempotencyKeys("Idempotency-Key");

            assertThat(post(server.url("/batch"), "optional").statusCode()).isEqualTo(200);
            keys.required();
            assertProblem(post(server.url("/batch"), "required"), 400, "2.7");

            assertThat(server.applied()).extracting(RecordedRequest::bodyText).containsExactly("optional");
            assertThat(keys.applications()).isEmpty();
        }
    }

    @Test
    void aKeyThatIsNotOneStructuredFieldStringGets400() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.honourIdempotencyKeys("X-Key");

            for (String malformed : new String[] {
                "bare-token", "\"unterminated", "\"a\";p=1", "\"bad \\x escape\"", "\"\"", "\"" + "k".repeat(256) + "\""
            }) {
                assertProblem(post(server.url("/batch"), "rows", "X-Key", malformed), 400, "2.1");
            }
            assertProblem(post(server.url("/batch"), "rows", "X-Key", "\"a\"", "X-Key", "\"a\""), 400, "2.1");

            assertThat(server.applied()).isEmpty();
        }
    }

    @Test
    void structuredFieldStringsAreDecodedByRfc8941() {
        assertThat(IdempotencyKeys.sfString("\"8e03978e-40d5\"")).isEqualTo("8e03978e-40d5");
        assertThat(IdempotencyKeys.sfString("  \"a\\\"b\\\\c\"  ")).isEqualTo("a\"b\\c");
        assertThat(IdempotencyKeys.sfString("\"tab\there\"")).isNull();
        assertThat(IdempotencyKeys.sfString("\t\"tab around\"")).isNull();
        assertThat(IdempotencyKeys.sfString("\"é\"")).isNull();
        assertThat(IdempotencyKeys.sfString("\"ends with backslash\\")).isNull();
    }

    @Test
    void anAnswerThatDidNotApplyLeavesTheKeyFreeSoARetryIsProcessedAgain() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            IdempotencyKeys keys = server.honourIdempotencyKeys("Idempotency-Key");
            server.enqueue(
                    Answer.status(429).withHeader("Retry-After", "2"),
                    Answer.status(503).withHeader("Retry-After", "1"),
                    Answer.reset());

            HttpResponse<String> limited = postWithKey(server, "/batch", "rows", "k-4");
            HttpResponse<String> unavailable = postWithKey(server, "/batch", "rows", "k-4");
            assertThatThrownBy(() -> postWithKey(server, "/batch", "rows", "k-4"))
                    .isInstanceOf(IOException.class);
            HttpResponse<String> applied = postWithKey(server, "/batch", "rows", "k-4");

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(applied.statusCode()).isEqualTo(200);
            assertThat(applied.headers().firstValue(IdempotencyKeys.REPLAYED)).isEmpty();
            assertThat(keys.applications()).isEqualTo(Map.of("k-4", 1));
        }
    }

    @Test
    void aPayloadTheDefaultAnswerRefusesIsNeverAppliedNorHeld() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            IdempotencyKeys keys = server.honourIdempotencyKeys("Idempotency-Key");
            server.answerByDefault(request -> request.bodyText().contains("poison") ? Answer.status(400) : Answer.ok());

            assertThat(postWithKey(server, "/batch", "[poison]", "k-5").statusCode())
                    .isEqualTo(400);
            assertThat(postWithKey(server, "/batch", "[poison]", "k-5").statusCode())
                    .isEqualTo(400);
            assertThat(postWithKey(server, "/batch", "[fine]", "k-6").statusCode())
                    .isEqualTo(200);

            assertThat(keys.applications()).isEqualTo(Map.of("k-6", 1));
            assertThat(server.applied()).extracting(RecordedRequest::bodyText).containsExactly("[fine]");
        }
    }

    @Test
    void aForgottenKeyCanBeAppliedTwiceAndTheAssertionNamesIt() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            IdempotencyKeys keys = server.honourIdempotencyKeys("Idempotency-Key");

            postWithKey(server, "/batch", "rows", "k-7");
            keys.forget();
            HttpResponse<String> again = postWithKey(server, "/batch", "rows", "k-7");

            assertThat(again.headers().firstValue(IdempotencyKeys.REPLAYED)).isEmpty();
            assertThat(keys.applications()).isEqualTo(Map.of("k-7", 2));
            assertThatThrownBy(keys::assertNoKeyAppliedTwice)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("k-7=2");
        }
    }
}
