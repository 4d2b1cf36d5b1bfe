package dev.outflow.connect.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    /** Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date, less 2 minutes. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("1994-11-06T08:47:37Z"), ZoneOffset.UTC);

    @Test
    void delaySecondsAreTheWait() {
        assertThat(RetryAfter.parse("120", CLOCK)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 7 ", CLOCK)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("0", CLOCK)).isEqualTo(Duration.ZERO);
    }

    @Test
    void anHttpDateIsTheWaitUntilThenInEachOfTheThreeFormats() {
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", CLOCK)).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", CLOCK)).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse("Sun Nov  6 08:49:37 1994", CLOCK)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aTwoDigitYearMoreThanFiftyYearsAheadIsInThePast() {
        Clock in2026 = Clock.fixed(Instant.parse("2026-11-30T13:00:00Z"), ZoneOffset.UTC);
        assertThat(RetryAfter.parse("Monday, 30-Nov-26 13:00:30 GMT", in2026)).isEqualTo(Duration.ofSeconds(30));
        // 2094 is more than 50 years ahead: it is 1994, long past
        assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", in2026)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aDateInThePastMeansNow() {
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", CLOCK)).isEqualTo(Duration.ZERO);
    }

    @Test
    void longWaitsAreCapped() {
        assertThat(RetryAfter.parse("86400", CLOCK)).isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.parse("99999999999999999999999", CLOCK)).isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.parse("Mon, 07 Nov 1994 08:49:37 GMT", CLOCK)).isEqualTo(RetryAfter.MAX);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "  ", "-5", "1.5", "+3", "soon", "Mon, 06 Nov 1994 08:49:37 GMT", "2026-11-30T13:00:00Z"})
    void aMalformedValueIsIgnored(String header) {
        assertThat(RetryAfter.parse(header, CLOCK)).isNull();
    }

    @Test
    void anAbsentHeaderIsNull() {
        assertThat(RetryAfter.parse((String) null, CLOCK)).isNull();
        assertThat(RetryAfter.parse((Map<String, List<String>>) null, CLOCK)).isNull();
        assertThat(RetryAfter.parse(Map.of("content-type", List.of("text/plain")), CLOCK))
                .isNull();
    }

    @Test
    void theHeaderIsFoundInAnyCase() {
        assertThat(RetryAfter.parse(Map.of("retry-after", List.of("3")), CLOCK)).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse(Map.of("Retry-After", List.of("4", "9")), CLOCK))
                .isEqualTo(Duration.ofSeconds(4));
    }
}
