package dev.outflow.connect.core.internal.offsets;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;

import dev.outflow.connect.core.api.ErrorClass;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.StoredOffsets;
import dev.outflow.connect.core.internal.delivery.Backoff;

/**
 * What the app itself stored with the data (DESIGN.md 3.6), as floors: per target and partition,
 * the last offset the app holds. A record at or below its target's floor is already in the app
 * and is settled without being written again.
 *
 * <p>Floors become unknown when partitions are opened and after a write whose outcome is unknown
 * (AMBIGUOUS); nothing may be written while any floor is unknown. They are read back from the app
 * when due: a read that fails backs off exponentially, a throttled read with a {@code Retry-After}
 * waits exactly that long (it is no failure), a FATAL read fails the task. A floor is forgotten
 * once the records at or below it have gone by, since records of a partition come in order.
 *
 * <p>Single-threaded, like the engine that owns it; time comes from the injected clock.
 */
public final class StoredOffsetFloors {

    /** Reads the offsets the app stored for some partitions: the destination's {@code storedOffsets}. */
    @FunctionalInterface
    public interface Reader {
        StoredOffsets read(Collection<TopicPartition> partitions) throws Exception;
    }

    private final Reader reader;
    private final Function<Exception, Failure> classify;
    private final Backoff backoff;
    private final Clock clock;
    private final String destinationName;
    private final Consumer<String> retried;

    /** target -> partition -> last offset the app itself stored. */
    private final Map<String, Map<TopicPartition, Long>> floors = new HashMap<>();

    private final Set<TopicPartition> unknown = new HashSet<>();
    /** Partitions the consumer was already moved past their floor: once is enough. */
    private final Set<TopicPartition> skippedAhead = new HashSet<>();

    private boolean oneTargetPerPartition;
    private int readFailures;
    private long nextReadMs;

    /**
     * @param reader          the destination's read of its stored offsets
     * @param classify        what a failed read means (the destination's classification)
     * @param backoff         the waits between failed reads
     * @param destinationName for the failure message
     * @param retried         where a failed read that will be tried again is reported (a warning summary)
     */
    public StoredOffsetFloors(
            Reader reader,
            Function<Exception, Failure> classify,
            Backoff backoff,
            Clock clock,
            String destinationName,
            Consumer<String> retried) {
        this.reader = reader;
        this.classify = classify;
        this.backoff = backoff;
        this.clock = clock;
        this.destinationName = destinationName;
        this.retried = retried;
    }

    /** The app's floors for these partitions must be read (again) before anything is written; read at once. */
    public void markUnknown(Collection<TopicPartition> partitions) {
        unknown.addAll(partitions);
        nextReadMs = 0;
    }

    /** True when no floor is waiting to be read. */
    public boolean allKnown() {
        return unknown.isEmpty();
    }

    /**
     * Reads the unknown floors when a read is due. Returns true when every floor is known
     * afterwards (nothing to read, or the read succeeded); false while they cannot be read yet.
     *
     * @throws ConnectException when the read failed for good (FATAL): the task cannot go on
     */
    public boolean readIfDue() {
        if (unknown.isEmpty()) {
            return true;
        }
        long now = clock.millis();
        if (now < nextReadMs) {
            return false;
        }
        StoredOffsets stored;
        try {
            stored = reader.read(new ArrayList<>(unknown));
        } catch (Exception e) {
            Failure failure = classify.apply(e);
            if (failure.errorClass() == ErrorClass.FATAL) {
                throw new ConnectException(destinationName + " cannot read its stored offsets: " + failure.reason());
            }
            if (failure.throttled() && failure.retryAfter() != null) {
                // the app (or the destination's own budget for reads) said when: wait that long, it is no failure
                nextReadMs = now + failure.retryAfter().toMillis();
                return false;
            }
            long delay = backoff.delayMs(++readFailures);
            nextReadMs = now + delay;
            retried.accept(
                    "could not read the stored offsets: " + failure.reason() + " (trying again in " + delay + " ms)");
            return false;
        }
        readFailures = 0;
        oneTargetPerPartition = stored.oneTargetPerPartition();
        stored.byTarget()
                .forEach((target, byPartition) -> byPartition.forEach((partition, offset) -> {
                    if (unknown.contains(partition)) {
                        floors.computeIfAbsent(target, t -> new HashMap<>()).merge(partition, offset, Math::max);
                    }
                }));
        unknown.clear();
        return true;
    }

    /**
     * When the next read may be tried, while some floor is unknown: the engine asks to be woken
     * then, not earlier (waking earlier would only spin). Meaningless when {@link #allKnown()}.
     */
    public long nextReadMs() {
        return nextReadMs;
    }

    /** True when the app already holds this record of {@code partition} in {@code target}. */
    public boolean isStored(String target, TopicPartition partition, long offset) {
        Map<TopicPartition, Long> byPartition = floors.get(target);
        if (byPartition == null) {
            return false;
        }
        Long floor = byPartition.get(partition);
        return floor != null && offset <= floor;
    }

    /** The last offset of {@code partition} the app holds, over all targets, or -1. */
    public long floor(TopicPartition partition) {
        long highest = -1;
        for (Map<TopicPartition, Long> byPartition : floors.values()) {
            Long floor = byPartition.get(partition);
            if (floor != null) {
                highest = Math.max(highest, floor);
            }
        }
        return highest;
    }

    /**
     * For a record found {@link #isStored stored}: the offset to move the consumer to, one past
     * what the app holds, so the rest need not be read (a crash after a write, before the commit).
     * Only when each partition has a single target, and once per partition; otherwise -1.
     */
    public long skipAheadTo(String target, TopicPartition partition) {
        if (!oneTargetPerPartition || !skippedAhead.add(partition)) {
            return -1;
        }
        return floors.get(target).get(partition) + 1;
    }

    /** Forgets the floors the records have gone by: a floor matters only until then, as records come in order. */
    public void evictPassed(OffsetTracker offsets) {
        floors.values()
                .forEach(byPartition -> byPartition
                        .entrySet()
                        .removeIf(floor -> offsets.highestSeen(floor.getKey()) >= floor.getValue()));
        floors.values().removeIf(Map::isEmpty);
    }

    /** Forgets everything about partitions this task no longer owns. */
    public void forget(Collection<TopicPartition> closed) {
        floors.values().forEach(byPartition -> byPartition.keySet().removeAll(closed));
        unknown.removeAll(closed);
        skippedAhead.removeAll(closed);
    }

    /** How many floors are held, over all targets. */
    public int size() {
        return floors.values().stream().mapToInt(Map::size).sum();
    }
}
