package dev.outflow.connect.sheets;

import java.io.IOException;
import java.time.Duration;

/**
 * A write timed out, and Google may still be working on it until its server deadline: the stored
 * offsets are not read (nor anything resent) before then (DESIGN.md 3.6).
 */
final class DeadlinePendingException extends IOException {

    private final Duration remaining;

    DeadlinePendingException(Duration remaining) {
        super("a write timed out; waiting " + remaining.toMillis() + " ms more for Google's deadline on it ("
                + SheetsConfig.SERVER_DEADLINE_MS + ") before reading the stored offsets");
        this.remaining = remaining;
    }

    Duration remaining() {
        return remaining;
    }
}
