package dev.outflow.connect.core.api;

import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.TopicPartition;

/**
 * The offsets an app itself recorded together with the data (DESIGN.md 3.6): for each target,
 * for each partition, the offset of the last record of that partition written to that target.
 * Every record of the partition routed to the target at or below that offset is in the app.
 *
 * @param byTarget               target -> partition -> last stored offset
 * @param oneTargetPerPartition  true when all records of a partition go to one target (for example
 *                               a Sheets tab named after the topic): the framework may then rewind
 *                               the consumer to one past the stored offset instead of skipping
 */
public record StoredOffsets(Map<String, Map<TopicPartition, Long>> byTarget, boolean oneTargetPerPartition) {

    public StoredOffsets {
        Objects.requireNonNull(byTarget, "byTarget");
    }

    public static StoredOffsets none() {
        return new StoredOffsets(Map.of(), false);
    }
}
