package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.ReceiptsTopic;
import dev.outflow.connect.testkit.slack.SlackEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;

/**
 * Receipts of a Slack connector (issue 14): a real broker and worker, the emulator as Slack, the
 * receipts read back from their topic. Every input record has exactly one receipt with its outcome,
 * and a posted record's {@code channel}, {@code ts} and {@code thread_ts} name the message in the
 * emulator that shows that record.
 */
class SlackReceiptsIT {

    private static final String CONNECTOR = "slack-receipts";
    private static final String TOPIC = "alerts";
    private static final String RECEIPTS = "receipts";
    private static final int PARTITIONS = 2;
    private static final int RECEIPT_PARTITIONS = 3;
    private static final int RECORDS = 1_000;
    private static final List<String> CHANNELS = List.of("C0RCPTA", "C0RCPTB");
    /** Record i is in thread i % 40, whose first record (i below 40) is the thread's parent. */
    private static final int THREADS = 40;
    /** The record sent to a channel that does not exist (rejected: channel_not_found). */
    private static final int LOST = 333;
    /** The tombstone (skipped under behavior.on.null.values=ignore). */
    private static final int TOMBSTONE = 444;

    private SlackEmulator slack;
    private ConnectHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    @Test
    void everyRecordHasOneReceiptAndItsChannelAndTsNameTheMessageThatShowsIt() throws Exception {
        slack = SlackItSupport.emulator();
        slack.rateLimits().perChannel(200, 20).methodPerMinute("chat.postMessage", 100_000);
        CHANNELS.forEach(id -> slack.createChannel(id, id.toLowerCase()));
        harness = ConnectHarness.start("slack-receipts", 1, Map.of());
        harness.createTopic(TOPIC, PARTITIONS);
        ReceiptsTopic receipts = ReceiptsTopic.create(harness, RECEIPTS, RECEIPT_PARTITIONS);
        // a thread's records are all in one partition (40 is even) and one channel
        harness.produce(TOPIC, PARTITIONS, RECORDS, i -> "k" + i, i -> switch (i) {
            case TOMBSTONE -> null;
            case LOST -> value(i, "C0NOSUCH");
            default -> value(i, channelOf(i));
        });

        Map<String, String> config =
                ConnectHarness.withDeadLetterQueue(SlackItSupport.connector(slack, TOPIC), SlackItSupport.DLQ);
        config.put(SlackConfig.CHANNEL_FIELD, "to");
        config.put(SlackConfig.THREAD_KEY, "thread");
        config.put(SlackConfig.TEXT_TEMPLATE, "Alert {{id}} ({{_topic}}/{{_partition}}/{{_offset}})");
        config.put(SlackConfig.CHANNEL_PER_MINUTE, "6000");
        config.put(SlackConfig.CHANNEL_BURST, "10");
        config.put(SlackConfig.WORKSPACE_PER_MINUTE, "60000");
        config.put("behavior.on.null.values", "ignore");
        receipts.configure(config);
        harness.configureConnector(CONNECTOR, config);
        SlackItSupport.awaitCommitted(harness, CONNECTOR, TOPIC, PARTITIONS);

        ReceiptsTopic.Read read = receipts.readAll();
        assertThat(read.repeated()).as("keys receipted more than once").isEmpty();
        assertThat(read.byKey()).hasSize(RECORDS);
        Map<Integer, JsonNode> byRecord = new HashMap<>();
        read.byKey().forEach((coordinates, receipt) -> {
            int partition = receipt.get("partition").asInt();
            long offset = receipt.get("offset").asLong();
            assertThat(coordinates).isEqualTo(TOPIC + "/" + partition + "/" + offset);
            assertThat(receipt.get("connector").asText()).isEqualTo(CONNECTOR);
            byRecord.put((int) offset * PARTITIONS + partition, receipt);
        });
        assertThat(byRecord).hasSize(RECORDS);

        Map<String, Integer> outcomes = new HashMap<>();
        byRecord.forEach((i, receipt) -> {
            String outcome = receipt.get("outcome").asText();
            outcomes.merge(outcome, 1, Integer::sum);
            String coordinates = receipt.get("topic").asText() + "/"
                    + receipt.get("partition").asInt() + "/"
                    + receipt.get("offset").asLong();
            if (i == TOMBSTONE) {
                assertThat(outcome).as("the tombstone's outcome").isEqualTo("skipped");
                assertThat(receipt.get("reason").asText()).contains("behavior.on.null.values=ignore");
                assertThat(receipt.get("app").isNull()).isTrue();
                return;
            }
            if (i == LOST) {
                assertThat(outcome)
                        .as("the outcome of the record to a missing channel")
                        .isEqualTo("rejected");
                assertThat(receipt.get("reason").asText()).contains("channel_not_found");
                assertThat(receipt.get("target").asText()).isEqualTo("C0NOSUCH");
                assertThat(receipt.get("app").isNull()).isTrue();
                return;
            }
            assertThat(outcome).as("outcome of record %d", i).isEqualTo("written");
            assertThat(receipt.get("reason").isNull()).isTrue();
            JsonNode app = receipt.get("app");
            String channel = app.get("channel").asText();
            String ts = app.get("ts").asText();
            assertThat(channel).as("the channel of record %d", i).isEqualTo(channelOf(i));
            SlackMessage message = slack.message(channel, ts)
                    .orElseThrow(() -> new AssertionError("no message " + ts + " in " + channel + " for record " + i));
            assertThat(message.text()).isEqualTo("Alert " + i + " (" + coordinates + ")");
            if (i < THREADS) {
                assertThat(app.has("thread_ts"))
                        .as("a thread's parent, record %d", i)
                        .isFalse();
                assertThat(message.isReply()).isFalse();
            } else {
                String parentTs = byRecord.get(i % THREADS).get("app").get("ts").asText();
                assertThat(app.get("thread_ts").asText())
                        .as("the thread of record %d", i)
                        .isEqualTo(parentTs);
                assertThat(message.threadTs()).isEqualTo(parentTs);
            }
        });
        assertThat(outcomes)
                .containsEntry("skipped", 1)
                .containsEntry("rejected", 1)
                .containsEntry("written", RECORDS - 2);
        assertThat(CHANNELS.stream().mapToInt(slack::postCount).sum())
                .as("one message per written record")
                .isEqualTo(RECORDS - 2);
        assertThat(harness.readAll(SlackItSupport.DLQ, 1)).hasSize(1);
    }

    private static String channelOf(int i) {
        return CHANNELS.get(i % THREADS % CHANNELS.size());
    }

    private static String value(int i, String channel) {
        return "{\"id\":" + i + ",\"thread\":\"t-" + i % THREADS + "\",\"to\":\"" + channel + "\"}";
    }
}
