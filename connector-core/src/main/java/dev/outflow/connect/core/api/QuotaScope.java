package dev.outflow.connect.core.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A quota the app enforces, named by the destination: Sheets write requests per credential, Slack
 * messages per channel and per workspace. Every write to a target takes one permit from each of
 * the target's scopes; scopes with the same name share one token bucket within a task.
 *
 * <p>A scope is the budget of the whole connector (DESIGN.md 3.4): with {@code tasks.max} = n,
 * each task gets an n-th of it, so no period sees more than {@code burst + permits} requests from
 * all tasks together. Two connectors sharing one credential must split its budget by
 * configuration: they cannot see each other.
 *
 * @param name    identifies the bucket (for example {@code slack.channel:C123})
 * @param permits requests allowed per {@code period}
 * @param period  the refill period
 * @param burst   the bucket's capacity: how many requests may go at once after a quiet spell
 */
public record QuotaScope(String name, long permits, Duration period, long burst) {

    public QuotaScope {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(period, "period");
        if (permits < 1 || burst < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("quota " + name + " needs positive permits, burst and period");
        }
    }

    public static QuotaScope perMinute(String name, long permits, long burst) {
        return new QuotaScope(name, permits, Duration.ofMinutes(1), burst);
    }
}
