package dev.outflow.connect.core.api;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110, section 10.2.3) into the wait a
 * {@link Failure#throttled} failure carries. Both forms are understood: {@code delay-seconds}
 * ({@code 120}) and an {@code HTTP-date} in any of the three formats a recipient must accept
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}, the obsolete RFC 850 and asctime forms), measured from
 * the given clock. A date already past means "now" (zero).
 *
 * <p>The wait is capped at {@link #MAX}: a header that asks for more (a typo, a misbehaving
 * gateway) would otherwise freeze a target for days. A missing or malformed header gives null, and
 * the framework backs off exponentially instead.
 */
public final class RetryAfter {

    /** The longest wait a header can impose. */
    public static final Duration MAX = Duration.ofHours(1);

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    /** {@code Sun Nov  6 08:49:37 1994}: the day padded with a space. */
    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEE MMM ")
            .padNext(2)
            .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)
            .appendPattern(" HH:mm:ss yyyy")
            .toFormatter(Locale.US)
            .withZone(ZoneOffset.UTC);

    private RetryAfter() {}

    /**
     * The wait a {@code Retry-After} value asks for, at most {@link #MAX}; null when the value is
     * absent, blank or not one of RFC 9110's forms.
     *
     * @param header the header's value, as received
     * @param clock  now, for an {@code HTTP-date}
     */
    public static Duration parse(String header, Clock clock) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (value.isEmpty()) {
            return null;
        }
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // delay-seconds = 1*DIGIT: no sign, no fraction; too many digits for a long is simply "long"
            return value.length() > 9 ? MAX : capped(Duration.ofSeconds(Long.parseLong(value)));
        }
        ZonedDateTime date = httpDate(value, clock);
        if (date == null) {
            return null;
        }
        Duration wait = Duration.between(clock.instant(), date.toInstant());
        return wait.isNegative() ? Duration.ZERO : capped(wait);
    }

    /** {@link #parse(String, Clock)} against the system clock, which an {@code HTTP-date} is meant for. */
    public static Duration parse(String header) {
        return parse(header, Clock.systemUTC());
    }

    /**
     * The wait asked for by the {@code Retry-After} header among {@code headers} (its name in any
     * case; the first value when it is repeated), or null.
     */
    public static Duration parse(Map<String, List<String>> headers, Clock clock) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if ("retry-after".equalsIgnoreCase(header.getKey())
                    && header.getValue() != null
                    && !header.getValue().isEmpty()) {
                return parse(header.getValue().get(0), clock);
            }
        }
        return null;
    }

    private static Duration capped(Duration wait) {
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }

    private static ZonedDateTime httpDate(String value, Clock clock) {
        try {
            return ZonedDateTime.parse(value, IMF_FIXDATE);
        } catch (DateTimeException e) {
            // try the obsolete forms
        }
        try {
            return ZonedDateTime.parse(value, ASCTIME);
        } catch (DateTimeException e) {
            // try RFC 850
        }
        try {
            return ZonedDateTime.parse(
                    value, rfc850(clock.instant().atZone(ZoneOffset.UTC).getYear()));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * {@code Sunday, 06-Nov-94 08:49:37 GMT}. Its two-digit year is read as RFC 9110 (5.6.7) says:
     * a year more than 50 years ahead is the most recent past year with those digits.
     */
    private static DateTimeFormatter rfc850(int thisYear) {
        return new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, thisYear - 49)
                .appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US)
                .withZone(ZoneOffset.UTC);
    }
}
