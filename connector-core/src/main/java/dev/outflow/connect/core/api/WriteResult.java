package dev.outflow.connect.core.api;

import java.util.Map;
import java.util.Objects;

/**
 * What became of each row of a batch that the app accepted as a whole: every row was written
 * except those in {@link #rejected()}, keyed by their index in the batch, with the reason.
 */
public record WriteResult(Map<Integer, String> rejected) {

    private static final WriteResult ALL_WRITTEN = new WriteResult(Map.of());

    public WriteResult {
        rejected = Map.copyOf(Objects.requireNonNull(rejected, "rejected"));
    }

    public static WriteResult allWritten() {
        return ALL_WRITTEN;
    }

    public static WriteResult rejecting(Map<Integer, String> reasonsByIndex) {
        return new WriteResult(reasonsByIndex);
    }
}
