package dev.outflow.connect.core.internal.receipts;

import org.apache.kafka.common.TopicPartition;

/**
 * Reads back the tail of a receipts partition (DESIGN.md 3.8), to learn which records of an input
 * partition a crashed attempt already receipted.
 */
public interface ReceiptReader extends AutoCloseable {

    /**
     * The highest offset of {@code input} at or below {@code atMost} whose receipt is in
     * {@code receiptsPartition}, or -1 when there is none; throws when the read fails or passes
     * its bounds.
     */
    long highestReceipted(TopicPartition input, long atMost, int receiptsPartition) throws Exception;

    @Override
    default void close() {}
}
