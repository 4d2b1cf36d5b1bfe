package dev.outflow.examples.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.ConnectHarness.ReadRecord;

/**
 * The guide's example on a real broker and Connect worker: a receiver that refuses any batch holding
 * a bad order (HTTP 400) gets every other order once, and the bad one lands in the dead-letter
 * queue with the webhook's answer as its reason.
 */
class WebhookSinkIT {

    @Test
    void everyGoodOrderArrivesOnceAndTheBadOneGoesToTheDeadLetterQueue() throws Exception {
        try (Receiver receiver = new Receiver(batch -> batch.findValues("bad").isEmpty() ? 200 : 400);
             ConnectHarness connect = ConnectHarness.start("webhook-it", 1, Map.of())) {
            connect.createTopic("orders", 2);
            connect.createTopic("orders-dlq", 1);
            connect.produce("orders", 2, 50, i -> "order-" + i,
                    i -> "{\"id\": " + i + ", \"total\": " + (i * 1.5) + (i == 17 ? ", \"bad\": true" : "") + "}");

            Map<String, String> config = new HashMap<>();
            config.put("connector.class", WebhookSinkConnector.class.getName());
            config.put("topics", "orders");
            config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
            config.put("row.string.json.enabled", "true");
            config.put("webhook.url", receiver.url());
            config.put("errors.tolerance", "all");
            config.put("errors.deadletterqueue.topic.name", "orders-dlq");
            config.put("errors.deadletterqueue.topic.replication.factor", "1");
            config.put("errors.deadletterqueue.context.headers.enable", "true");
            connect.configureConnector("orders-to-webhook", config);

            ConnectHarness.await("49 orders at the webhook", () -> receiver.acceptedObjects().size() >= 49);
            List<ReadRecord> dead = connect.readAll("orders-dlq", 1);

            assertThat(receiver.acceptedObjects()).extracting(order -> order.path("id").asInt())
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).filter(i -> i != 17).boxed().toList());
            assertThat(receiver.acceptedObjects()).extracting(JsonNode::toString).doesNotContain("bad");
            assertThat(dead).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("order-17");
                assertThat(record.headers()).containsEntry("__connect.errors.exception.message", "the webhook answered HTTP 400");
            });
        }
    }
}
