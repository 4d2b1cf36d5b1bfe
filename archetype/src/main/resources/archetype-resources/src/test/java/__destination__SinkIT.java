package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.ConnectHarness.ReadRecord;
import dev.outflow.connect.testkit.http.Answer;
import dev.outflow.connect.testkit.http.RecordedRequest;
import dev.outflow.connect.testkit.http.TestHttpServer;

/**
 * The connector on a real broker and Connect worker: an app that refuses any batch holding a bad
 * order (HTTP 400) gets every other order, each request with the token, and the bad one lands in
 * the dead-letter queue with the app's answer as its reason.
 */
class ${destination}SinkIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every object of every batch the app applied. */
    private static List<JsonNode> appliedOrders(TestHttpServer app) {
        List<JsonNode> orders = new ArrayList<>();
        for (RecordedRequest batch : app.applied()) {
            try {
                JSON.readTree(batch.bodyText()).forEach(orders::add);
            } catch (JsonProcessingException e) {
                throw new AssertionError("the app got a batch that is not JSON", e);
            }
        }
        return orders;
    }

    @Test
    void everyGoodOrderArrivesAndTheBadOneGoesToTheDeadLetterQueue() throws Exception {
        try (TestHttpServer app = TestHttpServer.start();
             ConnectHarness connect = ConnectHarness.start("${configPrefix}-it", 1, Map.of())) {
            app.answerByDefault(batch -> batch.bodyText().contains("\"bad\"") ? Answer.status(400) : Answer.ok());
            connect.createTopic("orders", 2);
            connect.createTopic("orders-dlq", 1);
            connect.produce("orders", 2, 50, i -> "order-" + i,
                    i -> "{\"id\": " + i + ", \"total\": " + (i * 1.5) + (i == 17 ? ", \"bad\": true" : "") + "}");

            Map<String, String> config = new HashMap<>();
            config.put("connector.class", ${destination}SinkConnector.class.getName());
            config.put("topics", "orders");
            config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
            config.put("row.string.json.enabled", "true");
            config.put(${destination}Config.URL, app.url("/orders"));
            config.put(${destination}Config.TOKEN, "it-token");
            connect.configureConnector("orders-to-${configPrefix}", ConnectHarness.withDeadLetterQueue(config, "orders-dlq"));

            ConnectHarness.await("49 orders applied", () -> appliedOrders(app).size() >= 49);
            List<ReadRecord> dead = connect.readAll("orders-dlq", 1);

            assertThat(appliedOrders(app)).extracting(order -> order.path("id").asInt())
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).filter(i -> i != 17).boxed().toList());
            assertThat(app.requests()).extracting(request -> request.header("Authorization")).containsOnly("Bearer it-token");
            assertThat(dead).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("order-17");
                assertThat(record.headers()).containsEntry("__connect.errors.exception.message", "${destination} answered HTTP 400");
            });
        }
    }
}
