package dev.outflow.connect.core.internal.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.internal.offsets.OffsetTracker.Pending;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void nothingIsCommittedBeforeTheFirstRecordSettles() {
        tracker.track(P0, 10);
        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(10));
    }

    @Test
    void commitsOnePastTheLastSettledRecordBeforeTheFirstUnsettledOne() {
        Pending a = tracker.track(P0, 0);
        Pending b = tracker.track(P0, 1);
        Pending c = tracker.track(P0, 2);
        a.settle();
        c.settle(); // settled out of order: another target flushed first
        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(1));

        b.settle();
        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(3));
    }

    @Test
    void gapsInTheOffsetsDoNotHoldTheCommitBack() {
        tracker.track(P0, 3).settle();
        tracker.track(P0, 9).settle(); // 4-8 compacted away or transaction markers
        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(10));
    }

    @Test
    void partitionsAreIndependent() {
        tracker.track(P0, 0).settle();
        tracker.track(P1, 0);
        assertThat(tracker.committable())
                .containsEntry(P0, new OffsetAndMetadata(1))
                .containsEntry(P1, new OffsetAndMetadata(0));
    }

    @Test
    void aRecordHandedAgainIsNotTrackedTwice() {
        assertThat(tracker.track(P0, 0)).isNotNull();
        assertThat(tracker.track(P0, 1)).isNotNull();
        assertThat(tracker.track(P0, 0)).isNull();
        assertThat(tracker.track(P0, 1)).isNull();
        assertThat(tracker.highestSeen(P0)).isEqualTo(1);
    }

    @Test
    void forgottenPartitionsAreNotCommitted() {
        tracker.track(P0, 0).settle();
        tracker.forget(List.of(P0));
        assertThat(tracker.committable()).doesNotContainKey(P0);
        assertThat(tracker.highestSeen(P0)).isEqualTo(-1);
    }
}
