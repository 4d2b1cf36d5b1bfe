package dev.outflow.connect.testkit.slack;

import java.time.Instant;

/** A token bucket driven by the emulator's clock. Not thread-safe: callers hold the emulator lock. */
final class TokenBucket {

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long lastNanos;

    TokenBucket(double capacity, double tokensPerSecond, Instant now) {
        this.capacity = capacity;
        this.tokensPerNano = tokensPerSecond / 1e9;
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
            tokens = Math.min(capacity, tokens + (t - lastNanos) * tokensPerNano);
            lastNanos = t;
        }
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return 0;
        }
        return Math.max(1L, (long) Math.ceil((1.0 - tokens) / tokensPerNano));
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
