package dev.outflow.connect.core.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.testkit.ManualClock;

class RateLimiterTest {

    private final ManualClock clock = new ManualClock(0);
    private final RateLimiter limiter = new RateLimiter(clock, new SplittableRandom(1), 1);
    private final QuotaScope channel = new QuotaScope("channel:C1", 1, Duration.ofSeconds(1), 3);
    private final QuotaScope workspace = QuotaScope.perMinute("workspace", 60, 60);

    @Test
    void allowsTheBurstThenOnePermitPerRefill() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(List.of(channel))).isZero();
        }
        assertThat(limiter.tryAcquire(List.of(channel))).isEqualTo(1_000);

        clock.advance(400);
        assertThat(limiter.tryAcquire(List.of(channel))).isEqualTo(600);
        clock.advance(600);
        assertThat(limiter.tryAcquire(List.of(channel))).isZero();
    }

    @Test
    void takesAPermitFromEveryScopeOrFromNone() {
        QuotaScope tight = new QuotaScope("workspace-tight", 1, Duration.ofSeconds(10), 1);
        assertThat(limiter.tryAcquire(List.of(channel, tight))).isZero();
        // the tight scope is empty: the channel must not lose a permit to a write that cannot go
        assertThat(limiter.tryAcquire(List.of(channel, tight))).isEqualTo(10_000);
        assertThat(limiter.tryAcquire(List.of(channel))).isZero();
        assertThat(limiter.tryAcquire(List.of(channel))).isZero();
        assertThat(limiter.tryAcquire(List.of(channel))).isPositive();
    }

    @Test
    void scopesWithTheSameNameShareOneBucket() {
        QuotaScope sameChannel = new QuotaScope("channel:C1", 1, Duration.ofSeconds(1), 3);
        limiter.tryAcquire(List.of(channel));
        limiter.tryAcquire(List.of(sameChannel));
        limiter.tryAcquire(List.of(channel));
        assertThat(limiter.tryAcquire(List.of(sameChannel))).isPositive();
    }

    @Test
    void aRetryAfterFreezesTheScopesForThatLongPlusJitter() {
        long thaw = limiter.freeze(List.of(channel, workspace), Duration.ofSeconds(30));
        assertThat(thaw).isBetween(30_000L, 33_000L);

        assertThat(limiter.tryAcquire(List.of(workspace))).isEqualTo(thaw);
        clock.advance(29_999);
        assertThat(limiter.tryAcquire(List.of(channel))).isEqualTo(thaw - 29_999);
        clock.advance(thaw - 29_999);
        assertThat(limiter.tryAcquire(List.of(channel, workspace))).isZero();
    }
}
