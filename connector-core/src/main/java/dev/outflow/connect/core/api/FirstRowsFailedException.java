package dev.outflow.connect.core.api;

import java.util.Objects;

/**
 * Thrown by {@link Destination#write} when the write sent only the first {@link #rows()} rows of the
 * batch it was handed, and failed. The framework classifies {@link #getCause()} with
 * {@link Destination#classify} as usual, and applies the verdict to those rows alone: the rows after
 * them were never sent and stay buffered, in order, for the next write.
 *
 * <p>So a destination that sends one row per call (one Slack message) rejects exactly that row,
 * with the reason {@code classify} gives, without the framework bisecting a batch of which nothing
 * else was sent; a refused call that carried several rows (a digest) is bisected among those rows
 * only. A retriable failure is retried for those rows, and after {@code retry.timeout.ms} only
 * they are rejected.
 */
public final class FirstRowsFailedException extends Exception {

    private final int rows;

    /**
     * @param rows  how many rows, from the head of the batch, the failed write carried (at least one)
     * @param cause what the write threw, classified by {@link Destination#classify}
     */
    public FirstRowsFailedException(int rows, Exception cause) {
        super(
                "a write of " + rows + " row(s) failed ("
                        + Objects.requireNonNull(cause, "cause").getClass().getSimpleName() + ")",
                cause);
        if (rows < 1) {
            throw new IllegalArgumentException("a failed write carried at least one row");
        }
        this.rows = rows;
    }

    /** The failed write carried the first {@code rows} rows of the batch and no other. */
    public int rows() {
        return rows;
    }

    /** What the write threw. */
    @Override
    public synchronized Exception getCause() {
        return (Exception) super.getCause();
    }
}
