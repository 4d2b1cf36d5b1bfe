package dev.outflow.connect.core.internal.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import dev.outflow.connect.core.api.QuotaScope;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;

/**
 * One token bucket per quota scope (DESIGN.md 3.4), on the task's clock so tests need no sleeping.
 * A write takes a permit from every scope of its target, or from none. After a 429 the scopes of
 * the target freeze until the app's {@code Retry-After} has passed, plus jitter. Each bucket holds
 * this task's share of the scope ({@link #share}). A bucket that is full again, and a freeze that
 * has passed, are forgotten ({@link #evictIdle}): a new bucket would be the same, so state stays
 * bounded however many scopes come and go.
 *
 * <p>Used from the task's thread only.
 */
public final class RateLimiter {

    /** Jitter added to a Retry-After: up to this share of it, and at least {@link #MIN_JITTER_MS}. */
    private static final double JITTER_SHARE = 0.1;

    private static final long MIN_JITTER_MS = 100;

    private final Clock clock;
    private final RandomGenerator random;
    private final int tasks;
    private final TimeMeter timeMeter;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final Map<String, Long> frozenUntilMs = new HashMap<>();
    private final Map<String, Long> capacities = new HashMap<>();

    /** @param tasks how many tasks the connector runs: each bucket holds a {@code 1/tasks} share of its scope */
    public RateLimiter(Clock clock, RandomGenerator random, int tasks) {
        if (tasks < 1) {
            throw new IllegalArgumentException("a connector runs at least one task");
        }
        this.clock = clock;
        this.random = random;
        this.tasks = tasks;
        this.timeMeter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /**
     * Takes one permit from each scope if all have one now.
     *
     * @return 0 when the permits were taken, else how many milliseconds to wait before asking again
     */
    public long tryAcquire(List<QuotaScope> scopes) {
        long now = clock.millis();
        long waitMs = 0;
        for (QuotaScope scope : scopes) {
            long frozen = frozenUntilMs.getOrDefault(scope.name(), 0L) - now;
            if (frozen > 0) {
                waitMs = Math.max(waitMs, frozen);
                continue;
            }
            EstimationProbe probe = bucket(scope).estimateAbilityToConsume(1);
            if (!probe.canBeConsumed()) {
                waitMs = Math.max(waitMs, Math.max(1, (probe.getNanosToWaitForRefill() + 999_999) / 1_000_000));
            }
        }
        if (waitMs > 0) {
            return waitMs;
        }
        for (QuotaScope scope : scopes) {
            bucket(scope).tryConsume(1);
        }
        return 0;
    }

    /**
     * The app said "not before {@code retryAfter}": no scope of this target sends until then.
     * Returns the time the scopes thaw.
     */
    public long freeze(List<QuotaScope> scopes, Duration retryAfter) {
        long afterMs = Math.max(0, retryAfter.toMillis());
        long jitter = random.nextLong(Math.max(MIN_JITTER_MS, (long) (afterMs * JITTER_SHARE)) + 1);
        long until = clock.millis() + afterMs + jitter;
        for (QuotaScope scope : scopes) {
            frozenUntilMs.merge(scope.name(), until, Math::max);
        }
        return until;
    }

    /**
     * One task's share of a scope among {@code tasks}. A bucket of capacity {@code b} refilling
     * {@code p} per period lets at most {@code b + p} through in one period; the shares keep that
     * sum for all tasks together: each gets {@code b/tasks} capacity (at least one) and the rest of
     * the period's budget, spread over {@code tasks} periods. Only a budget smaller than one request
     * per task and period is exceeded (each task keeps a capacity of one): give such a connector
     * fewer tasks.
     */
    public static QuotaScope share(QuotaScope scope, int tasks) {
        if (tasks == 1) {
            return scope;
        }
        long capacity = Math.max(1, scope.burst() / tasks);
        long refill = Math.max(1, scope.burst() + scope.permits() - tasks * capacity);
        return new QuotaScope(scope.name(), refill, scope.period().multipliedBy(tasks), capacity);
    }

    /** Forgets buckets that are full again and freezes that have passed; returns how many scopes are still held. */
    public int evictIdle() {
        long now = clock.millis();
        frozenUntilMs.values().removeIf(until -> until <= now);
        buckets.entrySet()
                .removeIf(entry -> !frozenUntilMs.containsKey(entry.getKey())
                        && entry.getValue().getAvailableTokens() >= capacities.get(entry.getKey()));
        capacities.keySet().retainAll(buckets.keySet());
        return heldScopes();
    }

    /** How many scopes the limiter holds state for (buckets and freezes), evicting nothing. */
    public int heldScopes() {
        return buckets.size() + frozenUntilMs.size();
    }

    private Bucket bucket(QuotaScope scope) {
        return buckets.computeIfAbsent(scope.name(), name -> {
            QuotaScope mine = share(scope, tasks);
            capacities.put(name, mine.burst());
            return Bucket.builder()
                    .addLimit(limit -> limit.capacity(mine.burst()).refillGreedy(mine.permits(), mine.period()))
                    .withCustomTimePrecision(timeMeter)
                    .withSynchronizationStrategy(SynchronizationStrategy.NONE)
                    .build();
        });
    }
}
