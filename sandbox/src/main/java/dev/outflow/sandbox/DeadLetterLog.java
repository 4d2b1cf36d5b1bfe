package dev.outflow.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * The latest dead letters with what the worker's context headers say about them: the reason, the
 * connector, and the topic/partition/offset each record came from.
 */
final class DeadLetterLog {

    static final int KEPT = 100;
    static final int VALUE_CHARS = 500;

    /** A dead letter as the web page shows it; {@code value} is cut to {@value #VALUE_CHARS} characters. */
    record DeadLetter(
            String topic,
            int partition,
            long offset,
            long timestamp,
            String key,
            String value,
            String reason,
            String connector,
            String origin,
            String stage) {}

    private final Deque<DeadLetter> latest = new ArrayDeque<>();
    private final Map<TopicPartition, Long> highestOffsets = new HashMap<>();
    private long total;

    /**
     * Adds a dead letter, once: a reader that rejoins its group after a new dead-letter queue
     * appears reads its partitions again from the start.
     */
    synchronized void add(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() <= highestOffsets.getOrDefault(partition, -1L)) {
            return;
        }
        highestOffsets.put(partition, record.offset());
        String origin = header(record, "__connect.errors.topic") + "/" + header(record, "__connect.errors.partition")
                + "/" + header(record, "__connect.errors.offset");
        latest.addFirst(new DeadLetter(
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                text(record.key()),
                cut(text(record.value())),
                header(record, "__connect.errors.exception.message"),
                header(record, "__connect.errors.connector.name"),
                origin,
                header(record, "__connect.errors.stage")));
        if (latest.size() > KEPT) {
            latest.removeLast();
        }
        total++;
    }

    /** The latest {@value #KEPT} dead letters, newest first. */
    synchronized List<DeadLetter> latest() {
        return new ArrayList<>(latest);
    }

    /** How many arrived since the sandbox started. */
    synchronized long total() {
        return total;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : text(header.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String cut(String value) {
        return value == null || value.length() <= VALUE_CHARS ? value : value.substring(0, VALUE_CHARS) + "…";
    }
}
