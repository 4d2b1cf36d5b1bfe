package dev.outflow.connect.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A topic that a connector writes its receipts to (the core's receipts: one record per input record,
 * keyed by its {@code topic/partition/offset}, valued by JSON), read back by an integration test to
 * its end, so that a receipt written twice is seen and not hidden by a reader that stops early.
 */
public final class ReceiptsTopic {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectHarness harness;
    private final String topic;
    private final int partitions;

    private ReceiptsTopic(ConnectHarness harness, String topic, int partitions) {
        this.harness = harness;
        this.topic = topic;
        this.partitions = partitions;
    }

    /** Creates the topic on the harness's broker: a task does not create its receipts topic. */
    public static ReceiptsTopic create(ConnectHarness harness, String topic, int partitions) {
        harness.createTopic(topic, partitions);
        return new ReceiptsTopic(harness, topic, partitions);
    }

    /** Adds what makes a connector write its receipts here; returns the same map. */
    public Map<String, String> configure(Map<String, String> config) {
        config.put("receipts.topic", topic);
        config.put("receipts.bootstrap.servers", harness.cluster().kafka().bootstrapServers());
        return config;
    }

    /** How many receipts the topic holds now, receipts of one key written again included. */
    public long count() {
        return harness.endOffsets(topic, partitions).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /** Every receipt the topic holds now, by key, and the keys that came more than once. */
    public Read readAll() throws InterruptedException {
        Map<String, JsonNode> byKey = new HashMap<>();
        List<String> repeated = new ArrayList<>();
        for (ConnectHarness.ReadRecord record : harness.readAll(topic, Math.toIntExact(count()))) {
            if (byKey.put(record.key(), parse(record.value())) != null) {
                repeated.add(record.key());
            }
        }
        return new Read(byKey, repeated);
    }

    /**
     * The receipts read.
     *
     * @param byKey    each receipt's JSON value by its key (the last one read, for a repeated key)
     * @param repeated the keys read more than once, once for each receipt after the first
     */
    public record Read(Map<String, JsonNode> byKey, List<String> repeated) {}

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("a receipt that is not JSON", e);
        }
    }
}
