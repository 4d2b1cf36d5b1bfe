package dev.outflow.connect.core.internal.receipts;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.core.api.AppReply;

/**
 * What became of one input record (DESIGN.md 3.8), as the receipts topic holds it: keyed by the
 * record's {@code topic/partition/offset}, valued by a JSON object. Never the record's payload.
 *
 * @param reason null when written; the dead-letter reason when rejected; why, when skipped
 * @param target the destination target the row was routed to, null when it had none
 * @param app    what the app answered for the row, null when it answered nothing kept
 */
public record Receipt(
        TopicPartition partition,
        long offset,
        Outcome outcome,
        String reason,
        String target,
        AppReply app,
        String connector,
        int task,
        Instant settledAt) {

    public enum Outcome {
        WRITTEN,
        REJECTED,
        SKIPPED;

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The input record's coordinates, as the key and in messages. */
    public String coordinates() {
        return key(partition, offset);
    }

    public static String key(TopicPartition partition, long offset) {
        return partition.topic() + "/" + partition.partition() + "/" + offset;
    }

    public byte[] keyBytes() {
        return coordinates().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] valueBytes() {
        ObjectNode node = JSON.createObjectNode();
        node.put("topic", partition.topic());
        node.put("partition", partition.partition());
        node.put("offset", offset);
        node.put("outcome", outcome.json());
        node.put("reason", reason);
        node.put("target", target);
        if (app == null) {
            node.putNull("app");
        } else {
            ObjectNode fields = node.putObject("app");
            app.fields().forEach(fields::put);
        }
        node.put("connector", connector);
        node.put("task", task);
        node.put("settled_at", settledAt.toString());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The receipts partition of an input partition: a stable hash of its name and number, so the
     * receipts of one input partition stay in order in one receipts partition.
     */
    public static int receiptsPartition(TopicPartition input, int partitions) {
        int hash = 31 * input.topic().hashCode() + input.partition();
        return Math.floorMod(hash, partitions);
    }
}
