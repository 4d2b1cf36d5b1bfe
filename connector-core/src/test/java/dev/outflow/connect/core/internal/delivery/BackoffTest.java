package dev.outflow.connect.core.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(100, 5_000, new SplittableRandom(42));

    @Test
    void theCeilingDoublesWithEachFailureUpToTheMaximum() {
        assertThat(backoff.ceilingMs(1)).isEqualTo(100);
        assertThat(backoff.ceilingMs(2)).isEqualTo(200);
        assertThat(backoff.ceilingMs(3)).isEqualTo(400);
        assertThat(backoff.ceilingMs(6)).isEqualTo(3_200);
        assertThat(backoff.ceilingMs(7)).isEqualTo(5_000);
        assertThat(backoff.ceilingMs(1_000))
                .as("no overflow after many failures")
                .isEqualTo(5_000);
    }

    @Test
    void fullJitterDrawsUniformlyBetweenZeroAndTheCeiling() {
        long min = Long.MAX_VALUE;
        long max = 0;
        long sum = 0;
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            long delay = backoff.delayMs(3);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
            sum += delay;
        }
        assertThat(min).isBetween(0L, 5L);
        assertThat(max).isBetween(395L, 400L);
        assertThat((double) sum / draws).isBetween(190.0, 210.0);
    }

    @Test
    void refusesAMaximumBelowTheInitialDelay() {
        assertThatThrownBy(() -> new Backoff(500, 100, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
