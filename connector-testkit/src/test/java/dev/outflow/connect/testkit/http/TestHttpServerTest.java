package dev.outflow.connect.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class TestHttpServerTest {

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> post(String url, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void recordsMethodTargetHeadersAndBodyAndAnswers200ByDefault() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            HttpResponse<String> response =
                    post(server.url("/hook?tenant=a"), "{\"é\": 1}", "X-Trace", "t-1", "X-Trace", "t-2");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(server.requests()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.target()).isEqualTo("/hook?tenant=a");
                assertThat(request.path()).isEqualTo("/hook");
                assertThat(request.header("x-TRACE")).isEqualTo("t-1");
                assertThat(request.headers().get("x-trace")).containsExactly("t-1", "t-2");
                assertThat(request.bodyText()).isEqualTo("{\"é\": 1}");
                assertThat(request.body()).isEqualTo("{\"é\": 1}".getBytes(StandardCharsets.UTF_8));
            });
            assertThat(server.applied()).hasSize(1);
        }
    }

    @Test
    void scriptedAnswersAreUsedInOrderThenTheDefault() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.enqueue(
                    Answer.status(429).withHeader("Retry-After", "7"),
                    Answer.status(503).withBody("busy"));
            server.answerByDefault(Answer.status(201));

            HttpResponse<String> first = post(server.url("/a"), "1");
            HttpResponse<String> second = post(server.url("/a"), "2");
            HttpResponse<String> third = post(server.url("/a"), "3");

            assertThat(first.statusCode()).isEqualTo(429);
            assertThat(first.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.body()).isEqualTo("busy");
            assertThat(third.statusCode()).isEqualTo(201);
            assertThat(server.requests()).extracting(RecordedRequest::bodyText).containsExactly("1", "2", "3");
            assertThat(server.applied()).extracting(RecordedRequest::bodyText).containsExactly("3");
        }
    }

    @Test
    void theDefaultAnswerCanDependOnTheRequest() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.answerByDefault(request -> request.bodyText().contains("bad") ? Answer.status(400) : Answer.ok());

            assertThat(post(server.url("/"), "good").statusCode()).isEqualTo(200);
            assertThat(post(server.url("/"), "bad").statusCode()).isEqualTo(400);
            assertThat(server.applied()).extracting(RecordedRequest::bodyText).containsExactly("good");
        }
    }

    @Test
    void aResetAndALostAnswerBothBreakTheConnectionButOnlyTheLostOneIsApplied() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.enqueue(Answer.reset(), Answer.appliedButLost());

            assertThatThrownBy(() -> post(server.url("/"), "reset")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> post(server.url("/"), "lost")).isInstanceOf(IOException.class);

            assertThat(server.requests()).extracting(RecordedRequest::bodyText).containsExactly("reset", "lost");
            assertThat(server.applied()).extracting(RecordedRequest::bodyText).containsExactly("lost");
        }
    }

    @Test
    void aDelayedAnswerOutlastsAShorterClientTimeoutWithoutHoldingUpOtherRequests() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.enqueue(Answer.ok().after(Duration.ofSeconds(5)));
            HttpRequest slow = HttpRequest.newBuilder(URI.create(server.url("/slow")))
                    .timeout(Duration.ofMillis(300))
                    .POST(HttpRequest.BodyPublishers.ofString("slow"))
                    .build();

            CompletableFuture<HttpResponse<String>> timedOut =
                    client.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
            server.awaitRequests(1, Duration.ofSeconds(5));

            assertThat(post(server.url("/fast"), "fast").statusCode()).isEqualTo(200);
            assertThat(timedOut)
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOf(HttpTimeoutException.class);
        }
    }

    @Test
    void awaitRequestsReturnsOnceEnoughArrivedAndFailsWhenTheyDoNot() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            List<CompletableFuture<HttpResponse<String>>> sent = IntStream.range(0, 5)
                    .mapToObj(i -> client.sendAsync(
                            HttpRequest.newBuilder(URI.create(server.url("/n")))
                                    .POST(HttpRequest.BodyPublishers.ofString("r" + i))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .toList();

            assertThat(server.awaitRequests(5, Duration.ofSeconds(10)))
                    .extracting(RecordedRequest::bodyText)
                    .containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4");
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
            assertThatThrownBy(() -> server.awaitRequests(6, Duration.ofMillis(100)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("received 5");
        }
    }

    @Test
    void aRecordedRequestCannotBeChangedThroughItsBody() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            post(server.url("/"), "abc");
            RecordedRequest request = server.requests().get(0);

            request.body()[0] = 'x';

            assertThat(request.bodyText()).isEqualTo("abc");
            assertThat(request.toString()).isEqualTo("POST / (3 bytes)").doesNotContain("abc");
        }
    }

    @Test
    void requestsAndAnswersAreEqualByContentNotByTheirBodyArrays() {
        assertThat(new RecordedRequest(
                        "POST", "/a", Map.of("X-A", List.of("1")), "abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new RecordedRequest(
                        "POST", "/a", Map.of("x-a", List.of("1")), "abc".getBytes(StandardCharsets.UTF_8)))
                .hasSameHashCodeAs(new RecordedRequest(
                        "POST", "/a", Map.of("x-a", List.of("1")), "abc".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(new RecordedRequest(
                        "POST", "/a", Map.of("x-a", List.of("1")), "abd".getBytes(StandardCharsets.UTF_8)));
        assertThat(Answer.status(503).withBody("busy"))
                .isEqualTo(Answer.status(503).withBody("busy"))
                .hasSameHashCodeAs(Answer.status(503).withBody("busy"))
                .isNotEqualTo(Answer.status(503).withBody("full"));
    }

    @Test
    void listensOnAGivenPort() throws Exception {
        int port;
        try (TestHttpServer probe = TestHttpServer.start()) {
            port = probe.port();
        }
        try (TestHttpServer server = TestHttpServer.start(port)) {
            assertThat(server.url("/x")).isEqualTo("http://127.0.0.1:" + port + "/x");
            assertThat(post(server.url("/x"), "").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withRecordingOffOnlyTheCountsAreKeptAndAwaitingStillWorks() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.recordRequests(false);
            server.enqueue(Answer.status(500));

            post(server.url("/"), "refused");
            post(server.url("/"), "applied");

            assertThat(server.awaitRequests(2, Duration.ofSeconds(5))).isEmpty();
            assertThat(server.requestCount()).isEqualTo(2);
            assertThat(server.appliedCount()).isEqualTo(1);
            assertThat(server.requests()).isEmpty();
            assertThat(server.applied()).isEmpty();
        }
    }
}
