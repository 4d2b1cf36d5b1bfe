package dev.outflow.connect.core.internal.receipts;

import java.time.Duration;
import java.util.concurrent.Future;

/** Where receipts go: the receipts topic's producer, or a fake in tests. */
public interface ReceiptSender extends AutoCloseable {

    /** The receipts topic's name, for messages. */
    String topic();

    /** How many partitions the receipts topic has; asked once, when the first receipt goes. */
    int partitions();

    /** Sends one receipt to a partition of the topic; may throw at once when the producer cannot take it. */
    Future<?> send(int partition, byte[] key, byte[] value);

    /** Waits at most {@code timeout} for what is in flight, then lets go of the producer. */
    void close(Duration timeout);

    @Override
    default void close() {
        close(Duration.ofSeconds(30));
    }
}
