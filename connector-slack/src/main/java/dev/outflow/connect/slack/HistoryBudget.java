package dev.outflow.connect.slack;

import java.time.Clock;
import java.time.Duration;

/**
 * The task's share of the app's history budget (conversations.history and .replies together): a
 * token bucket of whole requests. Non-Marketplace apps get 1 request a minute, so every request is
 * spent on purpose: a request that would be refused is not sent, and the caller is told how long to
 * wait instead of drawing a 429 (Slack warns that apps which keep ignoring 429s may lose their token).
 */
final class HistoryBudget {

    /** The code of the "not yet" a read answers while the budget is spent; classified as throttled. */
    static final String SPENT = "history_budget_spent";

    private final Clock clock;
    private final double perMilli;
    private final double capacity;
    private double tokens;
    private long lastMs;

    /**
     * @param perMinute the connector's budget, divided among {@code tasks}
     * @param clock     the time the refill follows
     */
    HistoryBudget(int perMinute, int tasks, Clock clock) {
        this.clock = clock;
        double share = (double) perMinute / Math.max(1, tasks);
        this.perMilli = share / 60_000.0;
        // Slack's tiers are budgets per minute with bursts tolerated: a minute's share may go at once (Tier 3: 50),
        // and where the budget is 1 a minute that is one request, then one a minute
        this.capacity = Math.max(1, Math.floor(share));
        this.tokens = capacity;
        this.lastMs = clock.millis();
    }

    /** Takes one request, or throws how long until one is available. */
    void take(String method) throws SlackCallException {
        long now = clock.millis();
        tokens = Math.min(capacity, tokens + (now - lastMs) * perMilli);
        lastMs = now;
        if (tokens >= 1) {
            tokens -= 1;
            return;
        }
        long waitMs = (long) Math.ceil((1 - tokens) / perMilli);
        throw new SlackCallException(method, SPENT, 200, Duration.ofMillis(Math.max(1, waitMs)), null);
    }
}
