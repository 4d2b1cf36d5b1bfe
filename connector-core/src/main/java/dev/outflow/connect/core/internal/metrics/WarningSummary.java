package dev.outflow.connect.core.internal.metrics;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * One kind of repeated warning (records rejected, writes retried) logged as DESIGN.md 3.9 asks:
 * the first occurrence at once, then at most one line per interval with how many more there were
 * and the first of them, so a flood of bad records is a few lines, not one per record. The details
 * passed in must already be free of payloads and secrets; each occurrence also goes to DEBUG.
 */
public final class WarningSummary {

    private final String what;
    private final Clock clock;
    private final long intervalMs;
    private final Consumer<String> warn;
    private final Consumer<String> debug;

    private boolean windowOpen;
    private long windowStartMs;
    private long count;
    private String first;

    /**
     * @param what  what happened, as a plural noun phrase ("records rejected by SheetsSinkTask")
     * @param warn  where summary lines go (a logger's WARN)
     * @param debug where each occurrence goes (a logger's DEBUG)
     */
    public WarningSummary(String what, Clock clock, long intervalMs, Consumer<String> warn, Consumer<String> debug) {
        this.what = what;
        this.clock = clock;
        this.intervalMs = intervalMs;
        this.warn = warn;
        this.debug = debug;
    }

    public void record(String detail) {
        debug.accept(what + ": " + detail);
        flush();
        if (!windowOpen) {
            windowOpen = true;
            windowStartMs = clock.millis();
            warn.accept(what + ": " + detail + " (more within " + intervalMs / 1000 + " s are summarised in one line)");
            return;
        }
        if (count++ == 0) {
            first = detail;
        }
    }

    /** Logs the summary of the interval that has passed, if any; call it now and then. */
    public void flush() {
        long now = clock.millis();
        if (!windowOpen || now < windowStartMs + intervalMs) {
            return;
        }
        if (count == 0) {
            windowOpen = false;
            return;
        }
        warn.accept(
                count + " more " + what + " in the last " + (now - windowStartMs) / 1000 + " s; the first: " + first);
        windowStartMs = now;
        count = 0;
        first = null;
    }
}
