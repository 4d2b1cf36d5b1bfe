package dev.outflow.connect.core.internal.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.common.TopicPartition;

/**
 * The rows waiting for one target, in arrival order (so per-partition order is kept), with the
 * target's retry state and its bisection plan (DESIGN.md 3.3 and 3.5).
 *
 * <p>Bisection: when the app rejects a batch of n rows as a whole, the next batches are its halves,
 * then their halves, until the bad rows stand alone. The plan is a stack of batch sizes that cover
 * the head of the buffer in order, so it survives waiting for rate limits between attempts.
 */
public final class TargetBuffer {

    private final String target;
    /** The task's buffers, whose total row count this buffer keeps up to date; null when standalone. */
    private final TargetBuffers owner;

    private final ArrayDeque<BufferedRow> rows = new ArrayDeque<>();
    private final ArrayDeque<Integer> bisection = new ArrayDeque<>();
    private long bytes;

    private int failures;
    private long firstFailureMs;
    private int throttles;
    private long notBeforeMs;
    private long lastAddedMs;

    public TargetBuffer(String target) {
        this(target, null);
    }

    TargetBuffer(String target, TargetBuffers owner) {
        this.target = target;
        this.owner = owner;
    }

    /** Every change of {@link #size()} goes through here, so the owner's total is never adjusted by hand. */
    private void counted(int delta) {
        if (owner != null) {
            owner.rows += delta;
        }
    }

    public String target() {
        return target;
    }

    public void add(BufferedRow row) {
        rows.addLast(row);
        counted(1);
        bytes += row.row().sizeBytes();
        lastAddedMs = row.arrivedMs();
    }

    /** When the last row arrived: how long the target has been idle. */
    public long lastAddedMs() {
        return lastAddedMs;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public int size() {
        return rows.size();
    }

    /** When the oldest row arrived; only meaningful when not empty. */
    public long oldestArrivalMs() {
        return rows.isEmpty() ? Long.MAX_VALUE : rows.peekFirst().arrivedMs();
    }

    /**
     * A batch is due when it is full by count or bytes, when a bisection is under way, or when its
     * oldest row has lingered long enough.
     */
    public boolean isDue(long nowMs, int maxRecords, long maxBytes, long lingerMs) {
        return !rows.isEmpty() && nowMs >= dueAtMs(maxRecords, maxBytes, lingerMs);
    }

    /** When the next batch becomes due (0: now); {@link Long#MAX_VALUE} when empty. */
    public long dueAtMs(int maxRecords, long maxBytes, long lingerMs) {
        if (rows.isEmpty()) {
            return Long.MAX_VALUE;
        }
        if (rows.size() >= maxRecords || bytes >= maxBytes || !bisection.isEmpty()) {
            return 0;
        }
        return oldestArrivalMs() + lingerMs;
    }

    /** The next batch from the head: at most {@code maxRecords} rows and {@code maxBytes} bytes (at least one row), or the bisection's next size. */
    public List<BufferedRow> nextBatch(int maxRecords, long maxBytes) {
        int limit = bisection.isEmpty() ? maxRecords : Math.min(maxRecords, bisection.peekFirst());
        List<BufferedRow> batch = new ArrayList<>(Math.min(limit, rows.size()));
        long batchBytes = 0;
        for (BufferedRow row : rows) {
            if (batch.size() == limit
                    || (!batch.isEmpty() && batchBytes + row.row().sizeBytes() > maxBytes)) {
                break;
            }
            batch.add(row);
            batchBytes += row.row().sizeBytes();
        }
        return batch;
    }

    /** The head {@code count} rows are done with (written, or rejected one by one): drop them. */
    public void removeHead(int count) {
        for (int i = 0; i < count; i++) {
            bytes -= rows.pollFirst().row().sizeBytes();
        }
        counted(-count);
        consumeBisection(count);
        failures = 0;
        throttles = 0;
        notBeforeMs = 0;
    }

    /** The app rejected the head batch of {@code count} rows as a whole: try its halves next. */
    public void split(int count) {
        if (count < 2) {
            throw new IllegalArgumentException("a single row cannot be split");
        }
        consumeBisection(count);
        bisection.addFirst(count - count / 2);
        bisection.addFirst(count / 2);
    }

    private void consumeBisection(int count) {
        int left = count;
        while (left > 0 && !bisection.isEmpty()) {
            int top = bisection.pollFirst();
            if (top > left) {
                bisection.addFirst(top - left);
                left = 0;
            } else {
                left -= top;
            }
        }
    }

    /** Removes the rows matching {@code drop} (already in the app, or of closed partitions); returns them. */
    public List<BufferedRow> removeIf(Predicate<BufferedRow> drop) {
        List<BufferedRow> removed = new ArrayList<>();
        Iterator<BufferedRow> it = rows.iterator();
        while (it.hasNext()) {
            BufferedRow row = it.next();
            if (drop.test(row)) {
                it.remove();
                bytes -= row.row().sizeBytes();
                removed.add(row);
            }
        }
        if (!removed.isEmpty()) {
            counted(-removed.size());
            // the plan covered rows that are gone; batches start over from full size
            bisection.clear();
        }
        return removed;
    }

    public List<BufferedRow> removePartitions(Collection<TopicPartition> partitions) {
        return removeIf(row -> partitions.contains(row.row().topicPartition()));
    }

    /** Records a retriable failure; returns how many in a row there have been. */
    public int recordFailure(long nowMs) {
        if (failures == 0) {
            firstFailureMs = nowMs;
        }
        return ++failures;
    }

    /** Records a 429; returns how many in a row there have been. */
    public int recordThrottle() {
        return ++throttles;
    }

    /** How long the head batch has been failing, or 0. */
    public long failingForMs(long nowMs) {
        return failures == 0 ? 0 : nowMs - firstFailureMs;
    }

    /** No attempt before this time (backoff after a failure). */
    public long notBeforeMs() {
        return notBeforeMs;
    }

    public void notBefore(long timeMs) {
        notBeforeMs = timeMs;
    }
}
