package dev.outflow.connect.core.internal.delivery;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th wait is uniform in [0, min(max, initial * 2^(n-1))].
 * Full jitter spreads the retries of many tasks that failed together, so a recovering app is not
 * hit by all of them at the same instant.
 */
public final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private final RandomGenerator random;

    public Backoff(long initialMs, long maxMs, RandomGenerator random) {
        if (initialMs < 1 || maxMs < initialMs) {
            throw new IllegalArgumentException("backoff needs 1 <= initial <= max");
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** The ceiling of the wait after the {@code failures}-th consecutive failure (1-based). */
    public long ceilingMs(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 62));
        long ceiling = initialMs << doublings;
        return ceiling <= 0 || ceiling > maxMs || (ceiling >> doublings) != initialMs ? maxMs : ceiling;
    }

    /** The wait after the {@code failures}-th consecutive failure: uniform in [0, ceiling]. */
    public long delayMs(int failures) {
        return random.nextLong(ceilingMs(failures) + 1);
    }
}
