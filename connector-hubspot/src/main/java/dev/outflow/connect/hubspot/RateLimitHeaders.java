package dev.outflow.connect.hubspot;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.OptionalLong;

/**
 * What HubSpot's {@code X-HubSpot-RateLimit-*} headers last said about the account's remaining budget,
 * so that a request HubSpot would certainly refuse with a 429 is not sent: a daily budget reported spent
 * holds until the account's next day, a 10-second one for the rest of its interval. A header HubSpot
 * leaves out (on some calls it does) changes nothing of what an earlier answer said.
 */
final class RateLimitHeaders {

    static final String DAILY_REMAINING = "X-HubSpot-RateLimit-Daily-Remaining";
    static final String SECONDLY_REMAINING = "X-HubSpot-RateLimit-Secondly-Remaining";
    static final String REMAINING = "X-HubSpot-RateLimit-Remaining";
    static final String INTERVAL_MS = "X-HubSpot-RateLimit-Interval-Milliseconds";

    /** A request HubSpot's headers said would be refused: not sent, waiting like a 429 of the same policy. */
    static final class BudgetSpentException extends Exception {

        private final boolean daily;
        private final Duration wait;

        BudgetSpentException(boolean daily, Duration wait) {
            super("HubSpot's " + (daily ? DAILY_REMAINING : SECONDLY_REMAINING) + " header said 0 (policy "
                    + (daily ? "DAILY" : "TEN_SECONDLY_ROLLING") + "): request not sent");
            this.daily = daily;
            this.wait = wait;
        }

        boolean daily() {
            return daily;
        }

        /** How long until the 10-second interval has passed (daily: see {@link HubSpotErrors}). */
        Duration waitFor() {
            return wait;
        }
    }

    private final Clock clock;
    private final ZoneId accountZone;
    /** When the daily budget was last reported spent, or null while it was not. */
    private Instant dailySpentAt;
    /** Until when the 10-second budget was reported spent, or null. */
    private Instant intervalSpentUntil;

    RateLimitHeaders(Clock clock, ZoneId accountZone) {
        this.clock = clock;
        this.accountZone = accountZone;
    }

    /** Reads an answer's headers, whatever its status (a 429 carries them too). */
    void observe(HttpHeaders headers) {
        Instant now = clock.instant();
        OptionalLong daily = number(headers, DAILY_REMAINING);
        if (daily.isPresent()) {
            dailySpentAt = daily.getAsLong() <= 0 ? now : null;
        }
        OptionalLong secondly = number(headers, SECONDLY_REMAINING);
        OptionalLong window = number(headers, REMAINING);
        if (secondly.isPresent() || window.isPresent()) {
            boolean spent = secondly.orElse(1) <= 0 || window.orElse(1) <= 0;
            long intervalMs = number(headers, INTERVAL_MS).orElse(HubSpotErrors.TEN_SECOND_WINDOW.toMillis());
            intervalSpentUntil = spent ? now.plusMillis(Math.max(0, intervalMs)) : null;
        }
    }

    /** Throws when the last headers said the next request would be refused. */
    void checkBudget() throws BudgetSpentException {
        Instant now = clock.instant();
        if (dailySpentAt != null
                && day(dailySpentAt).equals(day(now))
                // as after a daily 429: asked again every hour, so a wrong account time zone cannot sleep through a day
                && now.isBefore(dailySpentAt.plus(HubSpotErrors.DAILY_RECHECK))) {
            throw new BudgetSpentException(true, null);
        }
        if (intervalSpentUntil != null && now.isBefore(intervalSpentUntil)) {
            throw new BudgetSpentException(false, Duration.between(now, intervalSpentUntil));
        }
    }

    private LocalDate day(Instant instant) {
        return instant.atZone(accountZone).toLocalDate();
    }

    /** The header's number; absent when HubSpot left it out or sent something that is not a number. */
    private static OptionalLong number(HttpHeaders headers, String name) {
        try {
            return headers.firstValue(name)
                    .map(value -> OptionalLong.of(Long.parseLong(value.trim())))
                    .orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
