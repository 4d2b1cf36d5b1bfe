package dev.outflow.connect.core.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.testkit.ManualClock;

/** A scope is the connector's budget: its tasks together stay inside it (DESIGN.md 3.4). */
class RateLimiterShareTest {

    private final ManualClock clock = new ManualClock(0);

    /** Four tasks that each write whenever their limiter lets them, for ten minutes; returns every write's time. */
    private List<Long> writesOfTasks(QuotaScope scope, int tasks) {
        List<RateLimiter> limiters = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            limiters.add(new RateLimiter(clock, new SplittableRandom(i), tasks));
        }
        List<Long> writes = new ArrayList<>();
        for (long t = 0; t < 600_000; t += 50) {
            for (RateLimiter limiter : limiters) {
                while (limiter.tryAcquire(List.of(scope)) == 0) {
                    writes.add(clock.millis());
                }
            }
            clock.advance(50);
        }
        return writes;
    }

    private static int busiestWindow(List<Long> writes, long windowMs) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < writes.size(); to++) {
            while (writes.get(to) - writes.get(from) >= windowMs) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    @Test
    void fourTasksTogetherNeverPassTheBudgetOfAPeriodAndUseMostOfIt() {
        // Sheets at Google's 60 writes a minute: a capacity of 1, refilling 59 a minute
        QuotaScope sheets = QuotaScope.perMinute("sheets:writer", 59, 1);
        List<Long> writes = writesOfTasks(sheets, 4);

        assertThat(busiestWindow(writes, 60_000)).isLessThanOrEqualTo(60);
        long lastFiveMinutes = writes.stream().filter(t -> t >= 300_000).count();
        assertThat(lastFiveMinutes / 5.0).as("writes a minute in steady state").isGreaterThanOrEqualTo(54);
    }

    @Test
    void aBurstIsSharedToo() {
        QuotaScope channel = new QuotaScope("slack.channel:C1", 57, Duration.ofMinutes(1), 8);
        List<Long> writes = writesOfTasks(channel, 4);

        assertThat(writes.stream().filter(t -> t == 0).count())
                .as("the burst of all tasks at once")
                .isEqualTo(8);
        assertThat(busiestWindow(writes, 60_000)).isLessThanOrEqualTo(57 + 8);
    }

    @Test
    void oneTaskKeepsTheWholeScope() {
        QuotaScope scope = new QuotaScope("s", 10, Duration.ofSeconds(1), 3);
        assertThat(RateLimiter.share(scope, 1)).isEqualTo(scope);
    }

    @Test
    void aFullBucketAndAPastFreezeAreForgotten() {
        RateLimiter limiter = new RateLimiter(clock, new SplittableRandom(1), 1);
        QuotaScope a = new QuotaScope("a", 1, Duration.ofSeconds(1), 2);
        QuotaScope b = new QuotaScope("b", 1, Duration.ofSeconds(1), 2);
        limiter.tryAcquire(List.of(a));
        long thaw = limiter.freeze(List.of(b), Duration.ofSeconds(30));
        assertThat(limiter.evictIdle()).as("a is not full yet, b is frozen").isEqualTo(2);

        clock.advance(1_000);
        assertThat(limiter.evictIdle())
                .as("a is full again: forgotten; b still frozen")
                .isEqualTo(1);

        clock.advance(thaw);
        assertThat(limiter.evictIdle()).isZero();
        assertThat(limiter.tryAcquire(List.of(a)))
                .as("a forgotten bucket comes back full")
                .isZero();
        assertThat(limiter.tryAcquire(List.of(a))).isZero();
    }
}
