package dev.outflow.connect.core.delivery;

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
 * the target freeze until the app's {@code Retry-After} has passed, plus jitter.
 *
 * <p>Used from the task's thread only.
 */
public final class RateLimiter {

    /** Jitter added to a Retry-After: up to this share of it, and at least {@link #MIN_JITTER_MS}. */
    private static final double JITTER_SHARE = 0.1;
    private static final long MIN_JITTER_MS = 100;

    private final Clock clock;
    private final RandomGenerator random;
    private final TimeMeter timeMeter;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final Map<String, Long> frozenUntilMs = new HashMap<>();

    public RateLimiter(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
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

    private Bucket bucket(QuotaScope scope) {
        return buckets.computeIfAbsent(scope.name(), name -> Bucket.builder()
                .addLimit(limit -> limit.capacity(scope.burst()).refillGreedy(scope.permits(), scope.period()))
                .withCustomTimePrecision(timeMeter)
                .withSynchronizationStrategy(SynchronizationStrategy.NONE)
                .build());
    }
}
