package dev.outflow.connect.slack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.model.Message;

import dev.outflow.connect.core.row.Row;

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
 *       the last offset of each partition in it, as {@code [{topic, partition, offset}]}.</li>
 * </ul>
 */
final class OffsetMetadata {

    static final String RECORD_EVENT = "outflow_record";
    static final String DIGEST_EVENT = "outflow_digest";

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
                .put("topic", partition.topic()).put("partition", partition.partition()).put("offset", offset));
        return metadata;
    }

    /** Adds what a message from history says was posted to {@code floors}: partition -> highest offset. */
    void readOffsets(Message message, Map<TopicPartition, Long> floors) {
        Map<String, Object> payload = ownPayload(message);
        if (payload == null) {
            return;
        }
        if (RECORD_EVENT.equals(message.getMetadata().getEventType())) {
            addFloor(payload, floors);
        } else if (DIGEST_EVENT.equals(message.getMetadata().getEventType()) && payload.get("offsets") instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> typed = (Map<String, Object>) map;
                    addFloor(typed, floors);
                }
            }
        }
    }

    /** The thread key a message from history was posted for, or null. */
    String key(Message message) {
        Map<String, Object> payload = ownPayload(message);
        return payload != null && payload.get("key") != null ? payload.get("key").toString() : null;
    }

    private Map<String, Object> ownPayload(Message message) {
        Message.Metadata metadata = message.getMetadata();
        if (metadata == null || metadata.getEventPayload() == null || message.getBotId() == null
                || !connector.equals(String.valueOf(metadata.getEventPayload().get("connector")))) {
            return null;
        }
        return metadata.getEventPayload();
    }

    private static void addFloor(Map<String, Object> payload, Map<TopicPartition, Long> floors) {
        Long partition = number(payload.get("partition"));
        Long offset = number(payload.get("offset"));
        if (payload.get("topic") instanceof String topic && partition != null && offset != null) {
            floors.merge(new TopicPartition(topic, partition.intValue()), offset, Math::max);
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
