package dev.outflow.examples.webhook;

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
 * The guide's example on a real broker and Connect worker: a receiver that refuses any batch holding
 * a bad order (HTTP 400) gets every other order once, and the bad one lands in the dead-letter
 * queue with the webhook's answer as its reason.
 */
class WebhookSinkIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every object of every batch the receiver accepted, in arrival order. */
    private static List<JsonNode> acceptedObjects(TestHttpServer receiver) {
        List<JsonNode> objects = new ArrayList<>();
        for (RecordedRequest batch : receiver.applied()) {
            try {
                JSON.readTree(batch.bodyText()).forEach(objects::add);
            } catch (JsonProcessingException e) {
                throw new AssertionError("the webhook got a batch that is not JSON", e);
            }
        }
        return objects;
    }

    @Test
    void everyGoodOrderArrivesOnceAndTheBadOneGoesToTheDeadLetterQueue() throws Exception {
        try (TestHttpServer receiver = TestHttpServer.start();
             ConnectHarness connect = ConnectHarness.start("webhook-it", 1, Map.of())) {
            receiver.answerByDefault(batch -> batch.bodyText().contains("\"bad\"") ? Answer.status(400) : Answer.ok());
            connect.createTopic("orders", 2);
            connect.createTopic("orders-dlq", 1);
            connect.produce("orders", 2, 50, i -> "order-" + i,
                    i -> "{\"id\": " + i + ", \"total\": " + (i * 1.5) + (i == 17 ? ", \"bad\": true" : "") + "}");

            Map<String, String> config = new HashMap<>();
            config.put("connector.class", WebhookSinkConnector.class.getName());
            config.put("topics", "orders");
            config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
            config.put("row.string.json.enabled", "true");
            config.put("webhook.url", receiver.url("/hook"));
            config.put("errors.tolerance", "all");
            config.put("errors.deadletterqueue.topic.name", "orders-dlq");
            config.put("errors.deadletterqueue.topic.replication.factor", "1");
            config.put("errors.deadletterqueue.context.headers.enable", "true");
            connect.configureConnector("orders-to-webhook", config);

            ConnectHarness.await("49 orders at the webhook", () -> acceptedObjects(receiver).size() >= 49);
            List<ReadRecord> dead = connect.readAll("orders-dlq", 1);

            assertThat(acceptedObjects(receiver)).extracting(order -> order.path("id").asInt())
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).filter(i -> i != 17).boxed().toList());
            assertThat(acceptedObjects(receiver)).extracting(JsonNode::toString).doesNotContain("bad");
            assertThat(dead).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("order-17");
                assertThat(record.headers()).containsEntry("__connect.errors.exception.message", "the webhook answered HTTP 400");
            });
        }
    }
}
