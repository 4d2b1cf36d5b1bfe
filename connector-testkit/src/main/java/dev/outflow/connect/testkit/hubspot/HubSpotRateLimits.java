package dev.outflow.connect.testkit.hubspot;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * HubSpot's request budgets on the emulator's clock: a rolling 10-second window and a daily budget
 * that resets at midnight in the account's time zone. Private-app tokens share the account's budgets;
 * each OAuth app has its own 10-second budget and no daily one (HubSpot sends no daily headers for
 * OAuth calls). A request over a budget is answered 429 and does not count; every other authenticated
 * API request counts, whatever its answer. Thread-safe.
 */
public final class HubSpotRateLimits {

    /** The {@code policyName} of a 429 body. */
    public enum Policy {
        TEN_SECONDLY_ROLLING,
        DAILY
    }

    /** Private-app budgets by HubSpot subscription (REFERENCE.md, changelog "increasing our API limits"). */
    public enum Tier {
        FREE_OR_STARTER(100, 250_000),
        PROFESSIONAL(190, 650_000),
        ENTERPRISE(190, 1_000_000);

        final int perTenSeconds;
        final long perDay;

        Tier(int perTenSeconds, long perDay) {
            this.perTenSeconds = perTenSeconds;
            this.perDay = perDay;
        }
    }

    static final long WINDOW_MILLIS = 10_000L;

    /** The outcome of asking for one request: refused by a policy (or null), and the headers to send. */
    record Admission(Policy refusedBy, Map<String, String> headers) {}

    private final Clock clock;
    private int perTenSeconds = Tier.FREE_OR_STARTER.perTenSeconds;
    private long perDay = Tier.FREE_OR_STARTER.perDay;
    private int oauthPerTenSeconds = 100;
    private ZoneId zone = ZoneOffset.UTC;
    private boolean enforced = true;
    private boolean headersSent = true;
    private final Map<String, ArrayDeque<Long>> windows = new HashMap<>();
    private LocalDate day;
    private long usedToday;
    private long refused;

    HubSpotRateLimits(Clock clock) {
        this.clock = clock;
    }

    /** The private-app budgets of a subscription tier. The default is the smallest, {@link Tier#FREE_OR_STARTER}. */
    public synchronized HubSpotRateLimits tier(Tier tier) {
        perTenSeconds = tier.perTenSeconds;
        perDay = tier.perDay;
        return this;
    }

    /** The private-app (account) budget per rolling 10 seconds, e.g. 250 with the API capacity pack. */
    public synchronized HubSpotRateLimits perTenSeconds(int n) {
        perTenSeconds = positive(n);
        return this;
    }

    public synchronized HubSpotRateLimits perDay(long n) {
        perDay = positive(n);
        return this;
    }

    /** Each OAuth app's budget per rolling 10 seconds in this account (default 100). */
    public synchronized HubSpotRateLimits oauthPerTenSeconds(int n) {
        oauthPerTenSeconds = positive(n);
        return this;
    }

    /** The account's time zone: the daily budget resets at midnight there (default UTC). */
    public synchronized HubSpotRateLimits zone(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
        return this;
    }

    /** No request is refused any more (headers are still sent and requests still counted). */
    public synchronized HubSpotRateLimits disable() {
        enforced = false;
        return this;
    }

    public synchronized HubSpotRateLimits enable() {
        enforced = true;
        return this;
    }

    /**
     * Whether answers carry the {@code X-HubSpot-RateLimit-*} headers. HubSpot leaves them out when it
     * fails to gather the numbers, and search answers never carry them: turn them off to check that a
     * client does not depend on them.
     */
    public synchronized HubSpotRateLimits headersSent(boolean sent) {
        headersSent = sent;
        return this;
    }

    /** Forgets every request counted so far (both windows and the day). */
    public synchronized HubSpotRateLimits refill() {
        windows.clear();
        usedToday = 0;
        return this;
    }

    public synchronized long usedToday() {
        rollDay();
        return usedToday;
    }

    /** 429s these budgets served (injected 429s are not counted here). */
    public synchronized long refusedCount() {
        return refused;
    }

    synchronized void resetCounters() {
        refused = 0;
    }

    /**
     * Counts one request of {@code oauthApp} (null for a private-app token) unless a budget refuses it.
     */
    synchronized Admission admit(String oauthApp) {
        long now = clock.millis();
        rollDay();
        boolean oauth = oauthApp != null;
        int limit = oauth ? oauthPerTenSeconds : perTenSeconds;
        ArrayDeque<Long> window =
                windows.computeIfAbsent(oauth ? "oauth:" + oauthApp : "account", k -> new ArrayDeque<>());
        while (!window.isEmpty() && window.peekFirst() <= now - WINDOW_MILLIS) {
            window.pollFirst();
        }
        Policy refusedBy = null;
        if (enforced && !oauth && usedToday >= perDay) {
            refusedBy = Policy.DAILY;
        } else if (enforced && window.size() >= limit) {
            refusedBy = Policy.TEN_SECONDLY_ROLLING;
        }
        if (refusedBy == null) {
            window.addLast(now);
            if (!oauth) {
                usedToday++;
            }
        } else {
            refused++;
        }
        return new Admission(refusedBy, headers(oauth, limit, Math.max(0, limit - window.size())));
    }

    private Map<String, String> headers(boolean oauth, int limit, int remaining) {
        Map<String, String> h = new LinkedHashMap<>();
        if (!headersSent) {
            return h;
        }
        if (!oauth) {
            h.put("X-HubSpot-RateLimit-Daily", Long.toString(perDay));
            h.put("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(Math.max(0, perDay - usedToday)));
        }
        h.put("X-HubSpot-RateLimit-Interval-Milliseconds", Long.toString(WINDOW_MILLIS));
        h.put("X-HubSpot-RateLimit-Max", Integer.toString(limit));
        h.put("X-HubSpot-RateLimit-Remaining", Integer.toString(remaining));
        // "Secondly" is per second: a tenth of the 10-second budget, so a client reading it never overshoots
        int perSecond = Math.max(1, limit / 10);
        h.put("X-HubSpot-RateLimit-Secondly", Integer.toString(perSecond));
        h.put("X-HubSpot-RateLimit-Secondly-Remaining", Integer.toString(Math.min(perSecond, remaining)));
        return h;
    }

    private void rollDay() {
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        if (!today.equals(day)) {
            day = today;
            usedToday = 0;
        }
    }

    private static int positive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a budget is at least 1: " + n);
        }
        return n;
    }

    private static long positive(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("a budget is at least 1: " + n);
        }
        return n;
    }
}
