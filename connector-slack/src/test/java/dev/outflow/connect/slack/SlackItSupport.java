package dev.outflow.connect.slack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.slack.SlackEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;

/**
 * What the Slack integration tests share: an emulator with a bot token holding every scope, a
 * connector config for the real Slack client pointed at it, and readers of what arrived, by the
 * offsets in the messages' metadata.
 */
final class SlackItSupport {

    static final String TOKEN = "xoxb-4242-it-secret-token";
    static final String DLQ = "slack-dlq";

    private SlackItSupport() {}

    static SlackEmulator emulator() {
        SlackEmulator slack = new SlackEmulator();
        slack.createBotToken(TOKEN, SlackEmulator.ALL_BOT_SCOPES);
        return slack;
    }

    static Map<String, String> connector(SlackEmulator slack, String topics) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", SlackSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", topics);
        config.put(SlackConfig.BOT_TOKEN, TOKEN);
        config.put(SlackConfig.API_URL, slack.apiUrl());
        config.put(SlackConfig.REQUEST_TIMEOUT_MS, "5000");
        return config;
    }

    /** Waits until the connector's committed offsets reach the end of the topic. */
    static void awaitCommitted(ConnectHarness harness, String connector, String topic, int partitions)
            throws InterruptedException {
        ConnectHarness.await(
                "committed offsets at the end of " + topic,
                () -> harness.committedOffsets(connector).equals(harness.endOffsets(topic, partitions)));
    }

    /** Per partition, the offsets of single-record messages in the order they were posted. */
    static Map<TopicPartition, List<Long>> offsetsInPostOrder(List<SlackMessage> messages) {
        Map<TopicPartition, List<Long>> order = new HashMap<>();
        for (SlackMessage message : messages) {
            Map<String, Object> payload = message.metadataPayload();
            TopicPartition partition =
                    new TopicPartition((String) payload.get("topic"), ((Number) payload.get("partition")).intValue());
            order.computeIfAbsent(partition, p -> new ArrayList<>()).add(((Number) payload.get("offset")).longValue());
        }
        return order;
    }
}
