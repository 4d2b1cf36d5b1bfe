package dev.outflow.examples.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.core.api.ErrorClass;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.Rows;
import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.TestHttpServer;

class WebhookDestinationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Row row(long offset, String json) {
        return Rows.fromJson("orders", 0, offset, json);
    }

    private static WebhookDestination startedAt(String url) {
        WebhookDestination destination = new WebhookDestination();
        destination.start(Map.of("webhook.url", url));
        return destination;
    }

    @Test
    void postsABatchAsOneJsonArrayOfObjectsNestedAsTheRecordsWithNumbersBooleansTextAndTimes() throws Exception {
        try (TestHttpServer receiver = TestHttpServer.start()) {
            Row withTime = new Row(new SinkRecord("orders", 0, null, "k3", null, null, 3),
                    new String[] {"id", "at", "note"},
                    new Cell[] {Cell.integer(3), Cell.timestamp(Instant.parse("2026-01-02T03:04:05Z")), Cell.NULL}, false, 50);

            startedAt(receiver.url("/hook")).write("default", List.of(
                    row(1, "{\"id\": 1, \"total\": 12.5, \"paid\": true, \"customer\": {\"name\": \"Ada\"}}"),
                    row(2, "{\"id\": 2, \"total\": 3, \"paid\": false, \"customer\": {\"name\": \"Linus\"}}"),
                    withTime));

            assertThat(receiver.applied()).hasSize(1);
            assertThat(JSON.readTree(receiver.applied().get(0).bodyText()).toString()).isEqualTo("["
                    + "{\"id\":1,\"total\":12.5,\"paid\":true,\"customer\":{\"name\":\"Ada\"}},"
                    + "{\"id\":2,\"total\":3,\"paid\":false,\"customer\":{\"name\":\"Linus\"}},"
                    + "{\"id\":3,\"at\":\"2026-01-02T03:04:05Z\",\"note\":null}]");
            assertThat(receiver.requests()).extracting(request -> request.header("Content-Type")).containsExactly("application/json");
        }
    }

    @Test
    void aStatusOtherThan2xxIsThrownAndClassifiedForTheFramework() throws Exception {
        for (int status : new int[] {429, 503, 401, 404, 400, 422}) {
            try (TestHttpServer receiver = TestHttpServer.start()) {
                receiver.answerByDefault(Answer.status(status));
                WebhookDestination destination = startedAt(receiver.url("/hook"));
                Exception refused = catchWrite(destination);
                Failure failure = destination.classify(refused);

                assertThat(failure.reason()).as("HTTP %s", status).startsWith("the webhook answered HTTP " + status);
                assertThat(failure.errorClass()).as("HTTP %s", status).isEqualTo(switch (status) {
                    case 429, 503 -> ErrorClass.RETRIABLE;
                    case 401, 404 -> ErrorClass.FATAL;
                    default -> ErrorClass.REJECTED;
                });
                assertThat(failure.throttled()).as("HTTP %s", status).isEqualTo(status == 429);
            }
        }
    }

    @Test
    void noConnectionIsRetriableAndALostAnswerIsAmbiguous() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WebhookDestination nobodyThere = startedAt("http://127.0.0.1:" + closedPort + "/hook");
        assertThat(nobodyThere.classify(catchWrite(nobodyThere)).errorClass()).isEqualTo(ErrorClass.RETRIABLE);

        try (TestHttpServer hangsUp = TestHttpServer.start()) {
            hangsUp.answerByDefault(Answer.reset());
            WebhookDestination destination = startedAt(hangsUp.url("/hook"));
            assertThat(destination.classify(catchWrite(destination)).errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
        }
    }

    @Test
    void theConnectorRefusesAConfigWithoutTheUrl() {
        Config config = new WebhookSinkConnector().validate(Map.of("topics", "orders"));

        assertThat(config.configValues()).filteredOn(value -> value.name().equals("webhook.url"))
                .singleElement().satisfies(value -> assertThat(value.errorMessages()).isNotEmpty());
    }

    private static Exception catchWrite(WebhookDestination destination) {
        try {
            destination.write("default", List.of(row(1, "{\"id\": 1}")));
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the write succeeded");
    }
}
