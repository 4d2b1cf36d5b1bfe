package dev.outflow.connect.core.api;

import java.util.Map;
import java.util.Objects;

/**
 * What became of a batch the app accepted. The first {@link #handled()} rows were dealt with:
 * each was written, except those in {@link #rejected()} (by index in the batch, with the reason).
 * Rows after them were not sent: they stay buffered, in order, for a later write. A destination
 * that sends one message per call (Slack without digests) handles one row per write this way,
 * and each call takes one permit from the rate limiter.
 *
 * <p>{@link #replies()} holds, by index in the batch, what the app answered for a row (its ids), for
 * the row's receipt; a row without one gets a receipt without app ids.
 */
public record WriteResult(int handled, Map<Integer, String> rejected, Map<Integer, AppReply> replies) {

    /** Every row of the batch was written or rejected. */
    public static final int ALL = Integer.MAX_VALUE;

    private static final WriteResult ALL_WRITTEN = new WriteResult(ALL, Map.of());

    public WriteResult {
        if (handled < 1) {
            throw new IllegalArgumentException("a write handles at least one row");
        }
        rejected = Map.copyOf(Objects.requireNonNull(rejected, "rejected"));
        replies = Map.copyOf(Objects.requireNonNull(replies, "replies"));
    }

    public WriteResult(int handled, Map<Integer, String> rejected) {
        this(handled, rejected, Map.of());
    }

    public static WriteResult allWritten() {
        return ALL_WRITTEN;
    }

    public static WriteResult rejecting(Map<Integer, String> reasonsByIndex) {
        return new WriteResult(ALL, reasonsByIndex);
    }

    /** The first {@code handled} rows were written (but for {@code rejected}); the rest wait for another write. */
    public static WriteResult firstRows(int handled, Map<Integer, String> rejected) {
        return new WriteResult(handled, rejected);
    }

    /** This result with what the app answered for some rows, by index in the batch. */
    public WriteResult withReplies(Map<Integer, AppReply> repliesByIndex) {
        return new WriteResult(handled, rejected, repliesByIndex);
    }
}
