package dev.outflow.connect.core.internal.offsets;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed (DESIGN.md 3.6): per partition, everything before the first
 * record that is still unsent. A record is settled when it was written, reported to the
 * dead-letter queue, or skipped on purpose; settling can happen out of order (different targets
 * flush at different times), committing never skips an unsettled record. Gaps in the offsets
 * (compaction, transaction markers) are harmless: the commit is "one past the last settled".
 */
public final class OffsetTracker {

    /** One record in flight. */
    public static final class Pending {
        private final TopicPartition partition;
        private final long offset;
        private boolean settled;

        private Pending(TopicPartition partition, long offset) {
            this.partition = partition;
            this.offset = offset;
        }

        public TopicPartition partition() {
            return partition;
        }

        public long offset() {
            return offset;
        }

        public void settle() {
            settled = true;
        }

        public boolean isSettled() {
            return settled;
        }
    }

    private static final class PartitionState {
        final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
        long highestSeen = -1;
        long nextToCommit = -1;
    }

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

    /**
     * Starts tracking a record. Returns null when the offset was seen before: the worker hands the
     * same records again after a {@code RetriableException}, and a buffering task must not hold a
     * record twice.
     */
    public Pending track(TopicPartition partition, long offset) {
        PartitionState state = partitions.computeIfAbsent(partition, tp -> new PartitionState());
        if (offset <= state.highestSeen) {
            return null;
        }
        state.highestSeen = offset;
        Pending pending = new Pending(partition, offset);
        state.inFlight.addLast(pending);
        return pending;
    }

    /** The highest offset handed to this task for the partition, or -1. */
    public long highestSeen(TopicPartition partition) {
        PartitionState state = partitions.get(partition);
        return state == null ? -1 : state.highestSeen;
    }

    /**
     * The offsets to commit: for each partition that has one, one past the last record before the
     * first unsettled one. Unchanged positions are returned again; the worker skips them.
     */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        partitions.forEach((tp, state) -> {
            while (!state.inFlight.isEmpty() && state.inFlight.peekFirst().isSettled()) {
                state.nextToCommit = state.inFlight.pollFirst().offset + 1;
            }
            if (!state.inFlight.isEmpty()) {
                // an unsettled record holds the line; everything before it is done
                state.nextToCommit = Math.max(state.nextToCommit, state.inFlight.peekFirst().offset);
            }
            if (state.nextToCommit >= 0) {
                result.put(tp, new OffsetAndMetadata(state.nextToCommit));
            }
        });
        return result;
    }

    /** Stops tracking partitions this task no longer owns: their unsent records will be redelivered. */
    public void forget(Collection<TopicPartition> closed) {
        closed.forEach(partitions::remove);
    }
}
