package dev.outflow.connect.core.internal.receipts;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.outflow.connect.core.api.config.SinkConfig;

/**
 * Reads a receipts partition backwards, a chunk at a time from its end, until a chunk holds a
 * receipt of the input partition at or below the offset asked about, or the partition's start.
 * Bounded in records and time: past either it throws, and the engine tries again later.
 */
public final class KafkaReceiptReader implements ReceiptReader {

    static final int CHUNK = 1_000;
    static final long MAX_RECORDS = 1_000_000;
    static final Duration MAX_TIME = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<String, Object> props;
    private final String topic;
    private final Clock clock;
    private KafkaConsumer<byte[], byte[]> consumer;

    KafkaReceiptReader(Map<String, Object> props, String topic, Clock clock) {
        this.props = props;
        this.topic = topic;
        this.clock = clock;
    }

    /** A reader with the receipts cluster's settings; its consumer is created at its first read. */
    public static KafkaReceiptReader create(SinkConfig config, Clock clock) {
        Map<String, Object> props = new HashMap<>(config.receiptsClientProps());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.receiptsBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "outflow-receipts-reader-" + config.connectorName() + "-" + config.taskIndex());
        // producer-only settings under receipts.kafka. would only make the consumer warn
        props.keySet().removeIf(key -> !ConsumerConfig.configNames().contains(key));
        return new KafkaReceiptReader(props, config.receiptsTopic(), clock);
    }

    @Override
    public long highestReceipted(TopicPartition input, long atMost, int receiptsPartition) {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        TopicPartition partition = new TopicPartition(topic, receiptsPartition);
        consumer.assign(List.of(partition));
        long start = consumer.beginningOffsets(List.of(partition)).get(partition);
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        long deadline = clock.millis() + MAX_TIME.toMillis();
        String prefix = input.topic() + "/" + input.partition() + "/";
        long highest = -1;
        long read = 0;
        long chunkEnd = end;
        while (chunkEnd > start && highest < 0) {
            long chunkStart = Math.max(start, chunkEnd - CHUNK);
            consumer.seek(partition, chunkStart);
            while (consumer.position(partition) < chunkEnd) {
                if (clock.millis() > deadline || read > MAX_RECORDS) {
                    throw new IllegalStateException("reading back the receipts of " + input + " from " + partition
                            + " passed its bounds (" + MAX_TIME.toSeconds() + " s, " + MAX_RECORDS + " records)");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    read++;
                    if (record.offset() >= chunkEnd || record.key() == null) {
                        continue;
                    }
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    if (!key.startsWith(prefix)) {
                        continue;
                    }
                    long offset = Long.parseLong(key.substring(prefix.length()));
                    if (offset <= atMost) {
                        highest = Math.max(highest, offset);
                    }
                }
            }
            chunkEnd = chunkStart;
        }
        return highest;
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
