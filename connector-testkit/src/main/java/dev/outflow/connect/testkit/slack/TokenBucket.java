package dev.outflow.connect.testkit.slack;

import java.time.Instant;

/** A token bucket driven by the emulator's clock. Not thread-safe: callers hold the emulator lock. */
final class TokenBucket {

    /** Float dust from the refill arithmetic must not turn a whole token into 0.9999999. */
    private static final double EPSILON = 1e-9;

    private final double capacity;
    private final double tokensPerSecond;
    private double tokens;
    private long lastNanos;

    TokenBucket(double capacity, double tokensPerSecond, Instant now) {
        this.capacity = capacity;
        this.tokensPerSecond = tokensPerSecond;
        this.tokens = capacity;
        this.lastNanos = nanos(now);
    }

    /**
     * Takes one token.
     *
     * @return 0 when the token was taken, else how many nanoseconds until one will be there
     */
    long tryTake(Instant now) {
        long t = nanos(now);
        if (t > lastNanos) {
            tokens = Math.min(capacity, tokens + (t - lastNanos) * tokensPerSecond / 1e9);
            lastNanos = t;
        }
        if (tokens + EPSILON >= 1.0) {
            tokens = Math.max(0.0, tokens - 1.0);
            return 0;
        }
        return Math.max(1L, (long) Math.ceil((1.0 - tokens - EPSILON) * 1e9 / tokensPerSecond));
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
