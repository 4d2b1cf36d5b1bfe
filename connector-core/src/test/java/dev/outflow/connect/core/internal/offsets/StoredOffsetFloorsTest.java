package dev.outflow.connect.core.internal.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.StoredOffsets;
import dev.outflow.connect.core.internal.delivery.Backoff;
import dev.outflow.connect.testkit.ManualClock;

class StoredOffsetFloorsTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    /** The app's side of a destination that stores offsets: answers reads as scripted, and counts them. */
    private static final class FakeApp {
        final Deque<Object> answers = new ArrayDeque<>();
        final List<List<TopicPartition>> reads = new ArrayList<>();

        StoredOffsets read(Collection<TopicPartition> partitions) throws Exception {
            reads.add(List.copyOf(partitions));
            Object answer = answers.isEmpty() ? StoredOffsets.none() : answers.pollFirst();
            if (answer instanceof Failure failure) {
                throw new FailedRead(failure);
            }
            return (StoredOffsets) answer;
        }

        FakeApp answer(Object... next) {
            answers.addAll(List.of(next));
            return this;
        }
    }

    private static final class FailedRead extends Exception {
        final Failure failure;

        FailedRead(Failure failure) {
            super(failure.reason());
            this.failure = failure;
        }
    }

    /** Full jitter at its ceiling, so the waits are exact: 100, 200, 400, ... ms. */
    private static final RandomGenerator CEILING = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    private final ManualClock clock = new ManualClock(1_000_000);
    private final FakeApp app = new FakeApp();
    private final List<String> retried = new ArrayList<>();
    private final StoredOffsetFloors floors = new StoredOffsetFloors(
            app::read,
            e -> ((FailedRead) e).failure,
            new Backoff(100, 1_000, CEILING),
            clock,
            "Scripted",
            retried::add);

    private static StoredOffsets stored(String target, TopicPartition tp, long offset, boolean oneTargetPerPartition) {
        return new StoredOffsets(Map.of(target, Map.of(tp, offset)), oneTargetPerPartition);
    }

    @Test
    void withNothingUnknownThereIsNothingToReadAndNothingIsStored() {
        assertThat(floors.allKnown()).isTrue();
        assertThat(floors.readIfDue()).isTrue();
        assertThat(app.reads).isEmpty();
        assertThat(floors.isStored("default", P0, 0)).isFalse();
        assertThat(floors.size()).isZero();
    }

    @Test
    void rowsAtOrBelowTheirTargetsFloorAreStoredAndNoOthers() {
        app.answer(new StoredOffsets(Map.of("a", Map.of(P0, 9L), "b", Map.of(P0, 4L, P1, 2L)), false));
        floors.markUnknown(List.of(P0, P1));
        assertThat(floors.allKnown()).isFalse();

        assertThat(floors.readIfDue()).isTrue();
        assertThat(floors.allKnown()).isTrue();
        assertThat(app.reads).singleElement().satisfies(read -> assertThat(read).containsExactlyInAnyOrder(P0, P1));
        assertThat(floors.isStored("a", P0, 9)).as("at the floor").isTrue();
        assertThat(floors.isStored("a", P0, 0)).as("below it").isTrue();
        assertThat(floors.isStored("a", P0, 10)).as("above it").isFalse();
        assertThat(floors.isStored("b", P0, 5)).as("another target's floor").isFalse();
        assertThat(floors.isStored("a", P1, 0))
                .as("a partition the target holds nothing of")
                .isFalse();
        assertThat(floors.isStored("c", P0, 0)).as("an unknown target").isFalse();
        assertThat(floors.size()).isEqualTo(3);
    }

    @Test
    void onlyThePartitionsAskedForGetFloors() {
        app.answer(new StoredOffsets(Map.of("a", Map.of(P0, 9L, P1, 9L)), false));
        floors.markUnknown(List.of(P0));
        floors.readIfDue();
        assertThat(floors.isStored("a", P0, 9)).isTrue();
        assertThat(floors.isStored("a", P1, 9)).as("not this task's to skip").isFalse();
    }

    @Test
    void aFailedReadBacksOffAndIsTriedAgainUntilItSucceeds() {
        app.answer(Failure.retriable("503"), Failure.retriable("503"), stored("a", P0, 9, false));
        floors.markUnknown(List.of(P0));

        assertThat(floors.readIfDue()).isFalse();
        assertThat(floors.nextReadMs()).isEqualTo(clock.millis() + 100);
        assertThat(retried)
                .singleElement()
                .isEqualTo("could not read the stored offsets: 503 (trying again in 100 ms)");

        clock.advance(99);
        assertThat(floors.readIfDue()).as("still backing off").isFalse();
        assertThat(app.reads).hasSize(1);

        clock.advance(1);
        assertThat(floors.readIfDue()).isFalse();
        assertThat(app.reads).hasSize(2);
        assertThat(floors.nextReadMs()).as("the second wait doubles").isEqualTo(clock.millis() + 200);

        clock.advance(200);
        assertThat(floors.readIfDue()).isTrue();
        assertThat(app.reads).hasSize(3);
        assertThat(floors.isStored("a", P0, 9)).isTrue();

        // a success starts the backoff over
        app.answer(Failure.retriable("503"));
        floors.markUnknown(List.of(P1));
        floors.readIfDue();
        assertThat(floors.nextReadMs()).isEqualTo(clock.millis() + 100);
    }

    @Test
    void aThrottledReadWaitsExactlyItsRetryAfterAndCountsAsNoFailure() {
        app.answer(Failure.throttled("history budget spent", Duration.ofSeconds(60)), Failure.retriable("503"));
        floors.markUnknown(List.of(P0));

        assertThat(floors.readIfDue()).isFalse();
        assertThat(floors.nextReadMs()).isEqualTo(clock.millis() + 60_000);
        assertThat(retried).as("a throttle is no failure to warn about").isEmpty();

        clock.advance(59_999);
        assertThat(floors.readIfDue()).isFalse();
        assertThat(app.reads).as("not before the Retry-After").hasSize(1);

        clock.advance(1);
        assertThat(floors.readIfDue()).isFalse();
        assertThat(app.reads).hasSize(2);
        assertThat(floors.nextReadMs())
                .as("the first failure after a throttle waits the first step")
                .isEqualTo(clock.millis() + 100);
    }

    @Test
    void aThrottleWithoutRetryAfterBacksOff() {
        app.answer(Failure.throttled("429", null));
        floors.markUnknown(List.of(P0));
        assertThat(floors.readIfDue()).isFalse();
        assertThat(floors.nextReadMs()).isEqualTo(clock.millis() + 100);
    }

    @Test
    void aFatalReadFailsTheTaskWithTheReason() {
        app.answer(Failure.fatal("the spreadsheet was deleted"));
        floors.markUnknown(List.of(P0));
        assertThatThrownBy(floors::readIfDue)
                .isInstanceOf(ConnectException.class)
                .hasMessage("Scripted cannot read its stored offsets: the spreadsheet was deleted");
        assertThat(floors.allKnown()).isFalse();
    }

    @Test
    void markingPartitionsUnknownReadsAtOnceEvenWhileBackingOff() {
        app.answer(Failure.retriable("503"));
        floors.markUnknown(List.of(P0));
        floors.readIfDue();
        assertThat(floors.nextReadMs()).isGreaterThan(clock.millis());

        // an AMBIGUOUS write: its outcome must be known before anything is resent
        app.answer(stored("a", P1, 3, false));
        floors.markUnknown(List.of(P1));
        assertThat(floors.readIfDue()).isTrue();
        assertThat(app.reads.get(1)).containsExactlyInAnyOrder(P0, P1);
    }

    @Test
    void aFloorReadAgainOnlyRises() {
        app.answer(stored("a", P0, 9, false), stored("a", P0, 5, false));
        floors.markUnknown(List.of(P0));
        floors.readIfDue();
        floors.markUnknown(List.of(P0));
        floors.readIfDue();
        assertThat(floors.isStored("a", P0, 9)).isTrue();
    }

    @Test
    void floorsAreForgottenOnceTheRecordsHaveGoneByThem() {
        app.answer(new StoredOffsets(Map.of("a", Map.of(P0, 9L), "b", Map.of(P1, 4L)), false));
        floors.markUnknown(List.of(P0, P1));
        floors.readIfDue();
        OffsetTracker offsets = new OffsetTracker();
        offsets.track(P0, 8);
        offsets.track(P1, 4);

        floors.evictPassed(offsets);
        assertThat(floors.size()).as("P1 reached its floor; P0 not yet").isEqualTo(1);
        assertThat(floors.isStored("b", P1, 4)).isFalse();
        assertThat(floors.isStored("a", P0, 9)).isTrue();

        offsets.track(P0, 9);
        floors.evictPassed(offsets);
        assertThat(floors.size()).isZero();
    }

    @Test
    void closedPartitionsAreForgottenAltogether() {
        app.answer(new StoredOffsets(Map.of("a", Map.of(P0, 9L, P1, 9L)), true), Failure.retriable("503"));
        floors.markUnknown(List.of(P0, P1));
        floors.readIfDue();
        assertThat(floors.skipAheadTo("a", P0)).isEqualTo(10);
        floors.markUnknown(List.of(P0));
        floors.readIfDue();

        floors.forget(List.of(P0));
        assertThat(floors.allKnown())
                .as("no read is awaited for a partition no longer owned")
                .isTrue();
        assertThat(floors.isStored("a", P0, 0)).isFalse();
        assertThat(floors.isStored("a", P1, 9)).isTrue();
        assertThat(floors.size()).isEqualTo(1);
    }

    @Test
    void theConsumerIsMovedPastTheFloorOncePerPartitionAndOnlyWhenAPartitionHasOneTarget() {
        app.answer(new StoredOffsets(Map.of("a", Map.of(P0, 9L, P1, 2L)), true));
        floors.markUnknown(List.of(P0, P1));
        floors.readIfDue();
        assertThat(floors.skipAheadTo("a", P0)).isEqualTo(10);
        assertThat(floors.skipAheadTo("a", P0)).as("once").isEqualTo(-1);
        assertThat(floors.skipAheadTo("a", P1)).isEqualTo(3);

        app.answer(new StoredOffsets(Map.of("a", Map.of(P0, 20L)), false));
        floors.forget(List.of(P0));
        floors.markUnknown(List.of(P0));
        floors.readIfDue();
        assertThat(floors.isStored("a", P0, 20)).isTrue();
        assertThat(floors.skipAheadTo("a", P0))
                .as("records of a partition may go to several targets")
                .isEqualTo(-1);
    }
}
