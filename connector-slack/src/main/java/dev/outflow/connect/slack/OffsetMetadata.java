package dev.outflow.connect.slack;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.model.Message;

import dev.outflow.connect.core.api.Row;

/**
 * The message metadata that makes Slack delivery effectively once (DESIGN.md 3.6): each message
 * says which records it holds, so the task can read the channel's history after a restart or a
 * lost answer and skip what is already there. The connector's name keeps two connectors posting to
 * one channel apart.
 *
 * <ul>
 *   <li>one record: {@code outflow_record}, payload {@code connector, topic, partition, offset}
 *       and, with a thread key, {@code key};</li>
 *   <li>a digest: {@code outflow_digest}, payload {@code connector, records} and {@code offsets}:
 *       the last offset of each partition in it, as {@code [{topic, partition, offset}]};</li>
 *   <li>a reset marker: {@code outflow_reset}, payload {@code connector} and {@code offsets}:
 *       the partitions whose offsets an operator changed, as {@code [{topic, partition, offset}]},
 *       without {@code offset} for a reset to the start. For those partitions, older messages no
 *       longer count as posted.</li>
 * </ul>
 */
final class OffsetMetadata {

    static final String RECORD_EVENT = "outflow_record";
    static final String DIGEST_EVENT = "outflow_digest";
    static final String RESET_EVENT = "outflow_reset";

    private final String connector;

    OffsetMetadata(String connector) {
        this.connector = connector;
    }

    ObjectNode forRecord(Row row, String key) {
        ObjectNode metadata = BlocksTemplate.JSON.createObjectNode();
        metadata.put("event_type", RECORD_EVENT);
        ObjectNode payload = metadata.putObject("event_payload");
        payload.put("connector", connector);
        payload.put("topic", row.topic());
        payload.put("partition", row.partition());
        payload.put("offset", row.offset());
        if (key != null) {
            payload.put("key", key);
        }
        return metadata;
    }

    ObjectNode forDigest(List<Row> rows) {
        Map<TopicPartition, Long> last = new LinkedHashMap<>();
        rows.forEach(row -> last.merge(row.topicPartition(), row.offset(), Math::max));
        ObjectNode metadata = BlocksTemplate.JSON.createObjectNode();
        metadata.put("event_type", DIGEST_EVENT);
        ObjectNode payload = metadata.putObject("event_payload");
        payload.put("connector", connector);
        payload.put("records", rows.size());
        ArrayNode offsets = payload.putArray("offsets");
        last.forEach((partition, offset) -> offsets.addObject()
                .put("topic", partition.topic())
                .put("partition", partition.partition())
                .put("offset", offset));
        return metadata;
    }

    /**
     * A reset marker (DESIGN.md 3.6), posted when the offsets REST API changed the connector's
     * offsets: per partition the new offset, or none when it was reset to its start. Slack's payload
     * types have no null, so a reset entry leaves the offset out.
     */
    ObjectNode forReset(Map<TopicPartition, Long> offsets) {
        ObjectNode metadata = BlocksTemplate.JSON.createObjectNode();
        metadata.put("event_type", RESET_EVENT);
        ObjectNode payload = metadata.putObject("event_payload");
        payload.put("connector", connector);
        ArrayNode entries = payload.putArray("offsets");
        offsets.forEach((partition, offset) -> {
            ObjectNode entry =
                    entries.addObject().put("topic", partition.topic()).put("partition", partition.partition());
            if (offset != null) {
                entry.put("offset", offset);
            }
        });
        return metadata;
    }

    /**
     * What one of this connector's messages says, or null for anyone else's.
     *
     * @param reset   a reset marker: {@code offsets} are the partitions it names, each with its new
     *                offset or null; otherwise the last offset per partition the message holds
     * @param key     the thread key it was posted for, or null
     */
    record Said(boolean reset, Map<TopicPartition, Long> offsets, String key) {}

    Said read(Message message) {
        Map<String, Object> payload = ownPayload(message);
        if (payload == null) {
            return null;
        }
        String type = message.getMetadata().getEventType();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (RECORD_EVENT.equals(type)) {
            addEntry(payload, offsets, false);
        } else if ((DIGEST_EVENT.equals(type) || RESET_EVENT.equals(type))
                && payload.get("offsets") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> typed = (Map<String, Object>) map;
                    addEntry(typed, offsets, RESET_EVENT.equals(type));
                }
            }
        }
        return new Said(
                RESET_EVENT.equals(type),
                offsets,
                payload.get("key") != null ? payload.get("key").toString() : null);
    }

    private Map<String, Object> ownPayload(Message message) {
        Message.Metadata metadata = message.getMetadata();
        if (metadata == null
                || metadata.getEventPayload() == null
                || message.getBotId() == null
                || !connector.equals(String.valueOf(metadata.getEventPayload().get("connector")))) {
            return null;
        }
        return metadata.getEventPayload();
    }

    /** One partition's entry; only a marker's may lack an offset (a reset to the start). */
    private static void addEntry(Map<String, Object> payload, Map<TopicPartition, Long> offsets, boolean marker) {
        Long partition = number(payload.get("partition"));
        Long offset = number(payload.get("offset"));
        if (payload.get("topic") instanceof String topic && partition != null && (offset != null || marker)) {
            TopicPartition key = new TopicPartition(topic, partition.intValue());
            if (offset == null) {
                offsets.put(key, null);
            } else {
                offsets.merge(key, offset, Math::max);
            }
        }
    }

    /** The client reads JSON numbers in a payload as doubles; strings are read too. */
    private static Long number(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
