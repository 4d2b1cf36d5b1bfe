package dev.outflow.connect.core.internal.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.internal.task.ScriptedDestination.Script;
import dev.outflow.connect.testkit.ConnectHarness;

/**
 * Receipts end to end (DESIGN.md 3.8): a real broker and worker, the scripted destination as the
 * app, the receipts read back from their topic. Every assertion counts receipts; none times them.
 */
class ReceiptsIT {

    private static final String CONNECTOR = "scripted";
    private static final String RECEIPTS = "receipts";
    private static final int RECEIPT_PARTITIONS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private Map<String, String> connector(String scriptId, String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ScriptedSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put(ScriptedDestination.SCRIPT_ID, scriptId);
        config.put("batch.linger.ms", "200");
        config.put("batch.max.records", "100");
        config.put("receipts.topic", RECEIPTS);
        config.put("receipts.bootstrap.servers", harness.cluster().kafka().bootstrapServers());
        return config;
    }

    private static String json(int i) {
        return "{\"id\":" + i + "}";
    }

    /** Every receipt in the topic now, by key; fails the test on a second receipt of one key. */
    private Map<String, JsonNode> receipts() throws InterruptedException {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                harness.cluster().kafka().bootstrapServers());
        Map<String, JsonNode> byKey = new HashMap<>();
        List<String> repeated = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < RECEIPT_PARTITIONS; p++) {
                partitions.add(new TopicPartition(RECEIPTS, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            ConnectHarness.await("the receipts topic read to its end", () -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    if (byKey.put(key, parse(record.value())) != null) {
                        repeated.add(key);
                    }
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        assertThat(repeated).as("keys receipted more than once").isEmpty();
        return byKey;
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitCommittedToTheEnd(String topic, int partitions) throws InterruptedException {
        ConnectHarness.await(
                "committed offsets at the end of " + topic,
                () -> harness.committedOffsets(CONNECTOR).equals(harness.endOffsets(topic, partitions)));
    }

    @Test
    void everyRecordHasExactlyOneReceiptWithItsOutcome() throws Exception {
        Script script = Script.register("receipted", Clock.systemUTC());
        script.refuseRow =
                row -> row.get("id").value().equals(0L) || ((Long) row.get("id").value()) % 100 == 42;
        script.reply = row -> AppReply.of("id", "app-" + row.get("id").value());
        harness = ConnectHarness.start("receipts-it", 1, Map.of());
        harness.createTopic("orders", 2);
        harness.createTopic(RECEIPTS, RECEIPT_PARTITIONS);
        // every 250th record (from 7) is a tombstone: skipped
        harness.produce("orders", 2, 2_000, i -> "k" + i, i -> i % 250 == 7 ? null : json(i));

        harness.configureConnector(
                CONNECTOR, ConnectHarness.withDeadLetterQueue(connector("receipted", "orders"), "dlq"));
        awaitCommittedToTheEnd("orders", 2);

        Map<String, JsonNode> receipts = receipts();
        assertThat(receipts).hasSize(2_000);
        Map<String, Integer> outcomes = new HashMap<>();
        receipts.forEach((key, receipt) -> {
            assertThat(key)
                    .isEqualTo(receipt.get("topic").asText() + "/"
                            + receipt.get("partition").asInt() + "/"
                            + receipt.get("offset").asLong());
            outcomes.merge(receipt.get("outcome").asText(), 1, Integer::sum);
            if ("written".equals(receipt.get("outcome").asText())) {
                assertThat(receipt.get("app").get("id").asText()).startsWith("app-");
            }
            if ("rejected".equals(receipt.get("outcome").asText())) {
                assertThat(receipt.get("reason").asText()).isEqualTo("the app refused this row");
            }
        });
        assertThat(outcomes).containsEntry("skipped", 8).containsEntry("rejected", 21);
        assertThat(outcomes.get("written")).isEqualTo(2_000 - 8 - 21);
        assertThat(harness.readAll("dlq", 21)).hasSize(21);
    }

    @Test
    void aTaskThatDiesMidWayAndIsRestartedLeavesExactlyOneReceiptPerRecordWhereTheAppStoresOffsets() throws Exception {
        Script script = Script.register("receipted-once", Clock.systemUTC());
        script.storesOffsets = true;
        // commits are rare and the crash commits nothing: the restarted task gets back records the app and the
        // receipts topic already hold
        harness = ConnectHarness.start("receipts-kill-it", 1, Map.of("offset.flush.interval.ms", "60000"));
        harness.createTopic("ledger", 1);
        harness.createTopic(RECEIPTS, RECEIPT_PARTITIONS);
        harness.produce("ledger", 1, 5_000, i -> "k" + i, ReceiptsIT::json);

        harness.configureConnector(CONNECTOR, connector("receipted-once", "ledger"));
        ConnectHarness.await("2,000 records delivered", () -> script.deliveredCount() >= 2_000);
        script.crashed = true;
        harness.awaitTaskFailure(CONNECTOR);
        long committedAtFailure = harness.committedOffsets(CONNECTOR).getOrDefault(new TopicPartition("ledger", 0), 0L);
        Long held = script.storedOffset(new TopicPartition("ledger", 0));

        script.crashed = false;
        harness.cluster().restartTask(CONNECTOR, 0);
        ConnectHarness.await("5,000 records delivered", () -> script.deliveredCount() == 5_000);
        awaitCommittedToTheEnd("ledger", 1);

        assertThat(held)
                .as("the app held records past the committed offset")
                .isGreaterThanOrEqualTo(committedAtFailure);
        assertThat(script.duplicates()).isZero();
        Map<String, JsonNode> receipts = receipts();
        assertThat(receipts).hasSize(5_000);
        assertThat(receipts.values())
                .allSatisfy(
                        receipt -> assertThat(receipt.get("outcome").asText()).isEqualTo("written"));
    }

    @Test
    void aWorkerHandingItsTaskOverLeavesExactlyOneReceiptPerRecordWhereTheAppStoresOffsets() throws Exception {
        Script script = Script.register("receipted-handover", Clock.systemUTC());
        script.storesOffsets = true;
        script.writeDelayMs = 2;
        harness = ConnectHarness.start("receipts-handover-it", 1, Map.of());
        harness.createTopic("ledger", 2);
        harness.createTopic(RECEIPTS, RECEIPT_PARTITIONS);
        harness.produce("ledger", 2, 10_000, i -> "k" + i, ReceiptsIT::json);
        WorkerHandle first = harness.workers().get(0);

        harness.configureConnector(CONNECTOR, connector("receipted-handover", "ledger"));
        ConnectHarness.await("a third delivered", () -> script.deliveredCount() >= 3_000);
        harness.addWorker();
        harness.removeWorker(first);
        ConnectHarness.await("10,000 records delivered", () -> script.deliveredCount() == 10_000);
        awaitCommittedToTheEnd("ledger", 2);

        assertThat(script.duplicates()).isZero();
        assertThat(receipts()).hasSize(10_000);
    }
}
