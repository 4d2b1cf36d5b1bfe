package dev.outflow.connect.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ManualClock;

/** The headers alone: what a missing, partial or odd header does to what the connector believes. */
class RateLimitHeadersTest {

    private final ManualClock clock = new ManualClock();
    private final RateLimitHeaders limits = new RateLimitHeaders(clock, ZoneOffset.UTC);

    private static HttpHeaders headers(String... pairs) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    @Test
    void noHeadersAtAllChangeNothing() {
        limits.observe(headers());

        assertThatNoException().isThrownBy(limits::checkBudget);
    }

    @Test
    void anAnswerWithoutHeadersKeepsWhatTheLastHeadersSaid() {
        limits.observe(headers(RateLimitHeaders.SECONDLY_REMAINING, "0"));
        limits.observe(headers());

        assertThat(catchThrowableOfType(limits::checkBudget, RateLimitHeaders.BudgetSpentException.class)
                        .waitFor())
                .isEqualTo(Duration.ofSeconds(10)); // no interval header: HubSpot's 10 seconds
    }

    @Test
    void aRemainingBudgetClearsASpentOne() {
        limits.observe(headers(RateLimitHeaders.DAILY_REMAINING, "0", RateLimitHeaders.REMAINING, "0"));
        limits.observe(headers(RateLimitHeaders.DAILY_REMAINING, "7", RateLimitHeaders.REMAINING, "3"));

        assertThatNoException().isThrownBy(limits::checkBudget);
    }

    @Test
    void theIntervalHeaderSetsTheWaitAndANonNumberIsIgnored() {
        limits.observe(headers(
                RateLimitHeaders.REMAINING, "0",
                RateLimitHeaders.INTERVAL_MS, "2500",
                RateLimitHeaders.DAILY_REMAINING, "many"));

        RateLimitHeaders.BudgetSpentException spent =
                catchThrowableOfType(limits::checkBudget, RateLimitHeaders.BudgetSpentException.class);
        assertThat(spent.daily()).isFalse();
        assertThat(spent.waitFor()).isEqualTo(Duration.ofMillis(2500));

        clock.advance(Duration.ofMillis(2500));
        assertThatNoException().isThrownBy(limits::checkBudget);
    }
}
