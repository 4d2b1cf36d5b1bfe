package dev.outflow.connect.core.internal.receipts;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;

import dev.outflow.connect.core.api.config.SinkConfig;
import dev.outflow.connect.core.internal.delivery.Backoff;

/**
 * What the receipts topic already holds, per input partition since it was opened: the highest
 * offset with a receipt, read back once (DESIGN.md 3.8, exactly one receipt where the destination is
 * exactly-once). A read that fails is tried again with backoff for at most {@code retry.timeout.ms};
 * then the task fails.
 */
public final class ReceiptReadBack {

    private final Receipts receipts;
    private final Clock clock;
    private final Backoff backoff;
    private final long retryTimeoutMs;
    private final Consumer<String> retried;
    private final Map<TopicPartition, Long> receiptedUpTo = new HashMap<>();

    private int failures;
    private long failingSinceMs;
    private long nextReadMs;

    /** @param retried told, without payload, of each failed read that will be tried again */
    public ReceiptReadBack(
            Receipts receipts, Clock clock, Backoff backoff, long retryTimeoutMs, Consumer<String> retried) {
        this.receipts = receipts;
        this.clock = clock;
        this.backoff = backoff;
        this.retryTimeoutMs = retryTimeoutMs;
        this.retried = retried;
    }

    /** The highest offset already receipted, when it has been read since the partition was opened; else null. */
    public Long known(TopicPartition partition) {
        return receiptedUpTo.get(partition);
    }

    /**
     * The highest offset of the partition up to {@code floor} that has a receipt, reading it back if
     * needed; null when it cannot be read now (try again at {@link #nextReadMs()}).
     *
     * @throws ConnectException when reads have failed for {@code retry.timeout.ms}
     */
    public Long upTo(TopicPartition partition, long floor) {
        Long known = receiptedUpTo.get(partition);
        if (known != null) {
            return known;
        }
        long now = clock.millis();
        if (now < nextReadMs) {
            return null;
        }
        try {
            long upTo = receipts.highestReceipted(partition, floor);
            failures = 0;
            receiptedUpTo.put(partition, upTo);
            return upTo;
        } catch (Exception e) {
            if (failures++ == 0) {
                failingSinceMs = now;
            }
            if (now - failingSinceMs >= retryTimeoutMs) {
                throw new ConnectException(
                        "The receipts of " + partition + " could not be read back from " + receipts.topic() + " for "
                                + retryTimeoutMs + " ms (" + SinkConfig.RETRY_TIMEOUT_MS + "): " + e,
                        e);
            }
            long delay = backoff.delayMs(failures);
            nextReadMs = now + delay;
            retried.accept("reading back the receipts of " + partition + " failed (" + e.getMessage()
                    + "); retrying in " + delay + " ms");
            return null;
        }
    }

    /** When a read that failed may be tried again. */
    public long nextReadMs() {
        return nextReadMs;
    }

    /** These partitions were opened or closed: what was read for them may be stale. */
    public void forget(Collection<TopicPartition> partitions) {
        receiptedUpTo.keySet().removeAll(partitions);
    }
}
