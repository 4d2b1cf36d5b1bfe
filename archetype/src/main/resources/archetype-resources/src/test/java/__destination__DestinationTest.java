package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.core.api.ErrorClass;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.Rows;
import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.RecordedRequest;
import dev.outflow.connect.testkit.http.TestHttpServer;

/** The destination against a scripted HTTP server: what it sends, and what each answer means to the framework. */
class ${destination}DestinationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cret-token-value";

    private static Row row(long offset, String json) {
        return Rows.fromJson("orders", 0, offset, json);
    }

    private static ${destination}Destination startedAt(String url, String token) {
        Map<String, String> props = new HashMap<>();
        props.put(${destination}Config.URL, url);
        if (token != null) {
            props.put(${destination}Config.TOKEN, token);
        }
        props.put(${destination}Config.REQUEST_TIMEOUT_MS, "1000");
        ${destination}Destination destination = new ${destination}Destination();
        destination.start(props);
        return destination;
    }

    /** What the write threw; fails the test when it succeeded. */
    private static Exception failedWrite(${destination}Destination destination) {
        try {
            destination.write("default", List.of(row(1, "{\"id\": 1}")));
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the write succeeded");
    }

    @Test
    void postsABatchAsOneJsonArrayWithTheBearerToken() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            startedAt(server.url("/in"), TOKEN).write("default", List.of(
                    row(1, "{\"id\": 1, \"total\": 12.5, \"paid\": true, \"customer\": {\"name\": \"Ada\"}}"),
                    row(2, "{\"id\": 2, \"total\": 3, \"paid\": false, \"customer\": {\"name\": \"Linus\"}}")));

            RecordedRequest request = server.requests().get(0);
            assertThat(server.requests()).hasSize(1);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/in");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(JSON.readTree(request.bodyText())).isEqualTo(JSON.readTree("["
                    + "{\"id\":1,\"total\":12.5,\"paid\":true,\"customer\":{\"name\":\"Ada\"}},"
                    + "{\"id\":2,\"total\":3,\"paid\":false,\"customer\":{\"name\":\"Linus\"}}]"));
        }
    }

    @Test
    void withoutATokenNoAuthorizationHeaderIsSent() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            startedAt(server.url("/in"), null).write("default", List.of(row(1, "{\"id\": 1}")));

            assertThat(server.requests()).singleElement().satisfies(request -> {
                assertThat(request.header("Authorization")).isNull();
                assertThat(request.header("Content-Type")).isEqualTo("application/json");
            });
        }
    }

    @Test
    void aTooManyRequestsAnswerIsThrottledForItsRetryAfter() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.enqueue(Answer.status(429).withHeader("Retry-After", "7"));
            ${destination}Destination destination = startedAt(server.url("/in"), TOKEN);

            Failure failure = destination.classify(failedWrite(destination));

            assertThat(failure.errorClass()).isEqualTo(ErrorClass.RETRIABLE);
            assertThat(failure.throttled()).isTrue();
            assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        }
    }

    @Test
    void eachOtherStatusIsClassifiedForTheFramework() throws Exception {
        Map<Integer, ErrorClass> expected = Map.of(500, ErrorClass.RETRIABLE, 503, ErrorClass.RETRIABLE,
                401, ErrorClass.FATAL, 403, ErrorClass.FATAL, 404, ErrorClass.FATAL,
                400, ErrorClass.REJECTED, 422, ErrorClass.REJECTED);
        try (TestHttpServer server = TestHttpServer.start()) {
            ${destination}Destination destination = startedAt(server.url("/in"), TOKEN);
            for (Map.Entry<Integer, ErrorClass> status : expected.entrySet()) {
                server.enqueue(Answer.status(status.getKey()));

                Failure failure = destination.classify(failedWrite(destination));

                assertThat(failure.errorClass()).as("HTTP %s", status.getKey()).isEqualTo(status.getValue());
                assertThat(failure.throttled()).as("HTTP %s", status.getKey()).isFalse();
                assertThat(failure.reason()).as("HTTP %s", status.getKey())
                        .startsWith("${destination} answered HTTP " + status.getKey());
            }
        }
    }

    @Test
    void aFatalAnswerNamesTheKeyToFix() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.enqueue(Answer.status(401), Answer.status(404));
            ${destination}Destination destination = startedAt(server.url("/in"), TOKEN);

            assertThat(destination.classify(failedWrite(destination)).reason()).endsWith("check " + ${destination}Config.TOKEN);
            assertThat(destination.classify(failedWrite(destination)).reason()).endsWith("check " + ${destination}Config.URL);
        }
    }

    @Test
    void nothingSentIsRetriableAndARequestThatMayHaveArrivedIsAmbiguous() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ${destination}Destination nobodyThere = startedAt("http://127.0.0.1:" + closedPort + "/in", TOKEN);
        assertThat(nobodyThere.classify(failedWrite(nobodyThere)).errorClass()).isEqualTo(ErrorClass.RETRIABLE);

        try (TestHttpServer server = TestHttpServer.start()) {
            server.enqueue(Answer.reset(), Answer.appliedButLost(), Answer.ok().after(Duration.ofSeconds(5)));
            ${destination}Destination destination = startedAt(server.url("/in"), TOKEN);

            assertThat(destination.classify(failedWrite(destination)).errorClass()).as("reset").isEqualTo(ErrorClass.AMBIGUOUS);
            assertThat(destination.classify(failedWrite(destination)).errorClass()).as("lost").isEqualTo(ErrorClass.AMBIGUOUS);
            assertThat(destination.classify(failedWrite(destination)).errorClass()).as("timed out").isEqualTo(ErrorClass.AMBIGUOUS);
        }
    }

    @Test
    void noMessageHoldsTheToken() throws Exception {
        List<String> messages = new ArrayList<>();
        try (TestHttpServer server = TestHttpServer.start()) {
            server.enqueue(Answer.status(401), Answer.status(429), Answer.status(400), Answer.status(503), Answer.reset());
            ${destination}Destination destination = startedAt(server.url("/in"), TOKEN);
            for (int i = 0; i < 5; i++) {
                Exception error = failedWrite(destination);
                messages.add(String.valueOf(error));
                messages.add(destination.classify(error).reason());
            }
        }
        Map<String, String> props = Map.of("topics", "orders", ${destination}Config.URL, "not a url", ${destination}Config.TOKEN, TOKEN);
        for (ConfigValue value : new ${destination}SinkConnector().validate(props).configValues()) {
            messages.add(String.valueOf(value));
        }
        messages.add(String.valueOf(new ${destination}Config(Map.of(${destination}Config.URL, "http://127.0.0.1/", ${destination}Config.TOKEN, TOKEN)).token()));

        assertThat(messages).hasSizeGreaterThan(10).noneMatch(message -> message.contains(TOKEN));
    }

    @Test
    void theConnectorRefusesAConfigWithoutAnHttpUrl() {
        for (Map<String, String> props : List.of(Map.of("topics", "orders"),
                Map.of("topics", "orders", ${destination}Config.URL, "ftp://example.com/in"))) {
            Config config = new ${destination}SinkConnector().validate(props);

            assertThat(config.configValues()).as("%s", props).filteredOn(value -> value.name().equals(${destination}Config.URL))
                    .singleElement().satisfies(value -> assertThat(value.errorMessages()).isNotEmpty());
        }
    }
}
