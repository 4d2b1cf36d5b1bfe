package dev.outflow.connect.core.internal.receipts;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receipts of one task in flight (DESIGN.md 3.8). A record's offset may pass only once its
 * receipt is acknowledged: the caller hands an action that settles it, run when the ack is seen.
 * Receipts go out in the order they are given; one the producer cannot take at once (metadata or
 * buffer space not there within its {@code max.block.ms}) is tried again, with those after it,
 * until {@code giveUpAfterMs} has passed since its first try. A receipt that fails fails the task,
 * naming the record's coordinates and the receipts topic, never the payload.
 *
 * <p>Without a sender (receipts off) every action runs at once. Single-threaded, like the engine.
 */
public final class Receipts {

    private static final Logger log = LoggerFactory.getLogger(Receipts.class);

    private static final class InFlight {
        final Receipt receipt;
        final Runnable acked;
        final long firstTriedMs;
        Future<?> future;

        InFlight(Receipt receipt, Runnable acked, long firstTriedMs) {
            this.receipt = receipt;
            this.acked = acked;
            this.firstTriedMs = firstTriedMs;
        }
    }

    private final ReceiptSender sender;
    private final ReceiptReader reader;
    private final int maxInFlight;
    private final long giveUpAfterMs;
    private final Clock clock;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private int partitions;
    private long acked;

    /**
     * @param maxInFlight   the most receipts in flight before {@link #hasRoom()} says no
     * @param giveUpAfterMs how long a receipt the producer cannot take is tried again
     */
    public Receipts(ReceiptSender sender, ReceiptReader reader, int maxInFlight, long giveUpAfterMs, Clock clock) {
        this.sender = sender;
        this.reader = reader;
        this.maxInFlight = maxInFlight;
        this.giveUpAfterMs = giveUpAfterMs;
        this.clock = clock;
    }

    /** No receipts: every record settles as soon as the engine says so. */
    public static Receipts off(Clock clock) {
        return new Receipts(null, null, Integer.MAX_VALUE, 0, clock);
    }

    public boolean enabled() {
        return sender != null;
    }

    /** The receipts topic, for messages; null when off. */
    public String topic() {
        return sender == null ? null : sender.topic();
    }

    /** Receipts given and not yet acknowledged. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Receipts acknowledged so far. */
    public long acked() {
        return acked;
    }

    /** False while {@code receipts.buffer.max.records} receipts are in flight: nothing more is written then. */
    public boolean hasRoom() {
        return inFlight.size() < maxInFlight;
    }

    /** Sends a receipt; {@code onAcked} runs once Kafka has acknowledged it (at once when receipts are off). */
    public void send(Receipt receipt, Runnable onAcked) {
        if (sender == null) {
            onAcked.run();
            return;
        }
        inFlight.addLast(new InFlight(receipt, onAcked, clock.millis()));
        sendWaiting();
    }

    /** Runs the actions of the receipts acknowledged, in order; throws when one failed. */
    public void check() {
        if (sender == null) {
            return;
        }
        sendWaiting();
        for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
            InFlight receipt = it.next();
            if (receipt.future == null || !receipt.future.isDone()) {
                continue;
            }
            it.remove();
            try {
                receipt.future.get();
            } catch (ExecutionException e) {
                throw failed(receipt.receipt, e.getCause() == null ? e : e.getCause());
            } catch (CancellationException e) {
                throw failed(receipt.receipt, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed(receipt.receipt, e);
            }
            acked++;
            receipt.acked.run();
        }
    }

    /**
     * The partitions were revoked: waits, at most {@code timeout} in all, for their receipts in
     * flight, so the next owner of a partition reads them back, then forgets them (their records
     * were not committed, so they come back).
     */
    public void forget(Collection<TopicPartition> closed, Duration timeout) {
        if (sender == null) {
            return;
        }
        sendWaiting();
        long deadline = clock.millis() + timeout.toMillis();
        for (InFlight receipt : inFlight) {
            if (receipt.future == null || !closed.contains(receipt.receipt.partition())) {
                continue;
            }
            long left = deadline - clock.millis();
            try {
                receipt.future.get(Math.max(0, left), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | CancellationException | TimeoutException e) {
                log.debug("A receipt of a revoked partition did not complete: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        inFlight.removeIf(receipt -> closed.contains(receipt.receipt.partition()));
    }

    /**
     * The highest offset of {@code input} at or below {@code atMost} that has a receipt in the
     * receipts topic, or -1 (see {@link ReceiptReader}).
     */
    public long highestReceipted(TopicPartition input, long atMost) throws Exception {
        return reader.highestReceipted(input, atMost, receiptsPartition(input));
    }

    public void close(Duration timeout) {
        if (sender != null) {
            sender.close(timeout);
        }
        if (reader != null) {
            reader.close();
        }
    }

    private int receiptsPartition(TopicPartition input) {
        if (partitions == 0) {
            partitions = sender.partitions();
        }
        return Receipt.receiptsPartition(input, partitions);
    }

    /** Hands the producer what it has not taken yet, in order, stopping at the first it cannot take. */
    private void sendWaiting() {
        for (InFlight receipt : inFlight) {
            if (receipt.future != null) {
                continue;
            }
            try {
                receipt.future = sender.send(
                        receiptsPartition(receipt.receipt.partition()),
                        receipt.receipt.keyBytes(),
                        receipt.receipt.valueBytes());
            } catch (RetriableException e) {
                if (clock.millis() - receipt.firstTriedMs >= giveUpAfterMs) {
                    throw failed(receipt.receipt, e);
                }
                log.debug("The receipts producer cannot take a receipt yet: {}", e.toString());
                return;
            } catch (RuntimeException e) {
                throw failed(receipt.receipt, e);
            }
        }
    }

    private ConnectException failed(Receipt receipt, Throwable cause) {
        return new ConnectException(
                "The receipt of record " + receipt.coordinates() + " could not be written to the receipts topic "
                        + sender.topic() + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                        + "). The task stops rather than lose it; its offset is not committed.",
                cause);
    }
}
