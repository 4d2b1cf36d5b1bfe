package dev.outflow.connect.testkit.slack;

import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The emulator's rate limits, modelled on Slack's published ones and changeable by the test.
 *
 * <ul>
 *   <li>{@code chat.postMessage} (and incoming webhooks) per channel: a token bucket, by default
 *       1 message per second with a burst of {@value #DEFAULT_CHANNEL_BURST} ("1 per second,
 *       short bursts allowed").</li>
 *   <li>Per method, workspace-wide: a token bucket holding one minute's quota of the method's tier
 *       and refilling over a minute (Tier 1: 1, Tier 2: 20, Tier 3: 50, Tier 4: 100 per minute;
 *       {@code chat.postMessage}: {@value #DEFAULT_POST_MESSAGE_PER_MINUTE} per minute, Slack's
 *       "several hundred").</li>
 * </ul>
 *
 * A refused call gets HTTP 429, {@code Retry-After} in whole seconds (at least 1) and
 * {@code {"ok":false,"error":"ratelimited"}}. Every authenticated call that reaches the limiter
 * takes a token, whether or not it later fails validation. Changing a setting refills all buckets.
 */
public final class SlackRateLimits {

    public static final double DEFAULT_CHANNEL_MESSAGES_PER_SECOND = 1.0;
    public static final int DEFAULT_CHANNEL_BURST = 3;
    public static final int DEFAULT_POST_MESSAGE_PER_MINUTE = 300;
    /** conversations.history and .replies each, per token, for {@link SlackAppKind#NON_MARKETPLACE} apps. */
    public static final int DEFAULT_NON_MARKETPLACE_HISTORY_PER_MINUTE = 1;

    /** Slack's rate-limit tiers, with the published per-minute minimum of each as default. */
    public enum Tier {
        TIER_1(1),
        TIER_2(20),
        TIER_3(50),
        TIER_4(100),
        /** {@code chat.postMessage}'s workspace-wide budget. */
        POST_MESSAGE(DEFAULT_POST_MESSAGE_PER_MINUTE);

        final int defaultPerMinute;

        Tier(int defaultPerMinute) {
            this.defaultPerMinute = defaultPerMinute;
        }
    }

    private final Clock clock;
    private final Object lock;
    private boolean enabled = true;
    private double channelPerSecond = DEFAULT_CHANNEL_MESSAGES_PER_SECOND;
    private int channelBurst = DEFAULT_CHANNEL_BURST;
    private final EnumMap<Tier, Integer> tierPerMinute = new EnumMap<>(Tier.class);
    private final Map<String, Integer> methodPerMinute = new HashMap<>();
    private int nonMarketplaceHistoryPerMinute = DEFAULT_NON_MARKETPLACE_HISTORY_PER_MINUTE;
    private final Map<String, TokenBucket> buckets = new HashMap<>();

    SlackRateLimits(Clock clock, Object lock) {
        this.clock = clock;
        this.lock = lock;
        for (Tier t : Tier.values()) {
            tierPerMinute.put(t, t.defaultPerMinute);
        }
    }

    public SlackRateLimits disable() {
        synchronized (lock) {
            enabled = false;
            buckets.clear();
        }
        return this;
    }

    public SlackRateLimits enable() {
        synchronized (lock) {
            enabled = true;
            buckets.clear();
        }
        return this;
    }

    public boolean isEnabled() {
        synchronized (lock) {
            return enabled;
        }
    }

    /** Messages per channel: a steady rate and how many may go at once after a quiet spell. */
    public SlackRateLimits perChannel(double messagesPerSecond, int burst) {
        if (!(messagesPerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("need a positive rate and a burst of at least 1");
        }
        synchronized (lock) {
            channelPerSecond = messagesPerSecond;
            channelBurst = burst;
            buckets.clear();
        }
        return this;
    }

    /** The workspace-wide budget of every method in {@code tier}. */
    public SlackRateLimits tierPerMinute(Tier tier, int perMinute) {
        requirePositive(perMinute);
        synchronized (lock) {
            tierPerMinute.put(tier, perMinute);
            buckets.clear();
        }
        return this;
    }

    /** The workspace-wide budget of one method, overriding its tier. */
    public SlackRateLimits methodPerMinute(String method, int perMinute) {
        requirePositive(perMinute);
        synchronized (lock) {
            methodPerMinute.put(method, perMinute);
            buckets.clear();
        }
        return this;
    }

    /**
     * conversations.history and conversations.replies for a {@link SlackAppKind#NON_MARKETPLACE}
     * token: each method its own bucket per token, holding one minute's quota (Slack: 1).
     */
    public SlackRateLimits nonMarketplaceHistoryPerMinute(int perMinute) {
        requirePositive(perMinute);
        synchronized (lock) {
            nonMarketplaceHistoryPerMinute = perMinute;
            buckets.clear();
        }
        return this;
    }

    /** Refills every bucket, as after a long quiet spell. */
    public SlackRateLimits refill() {
        synchronized (lock) {
            buckets.clear();
        }
        return this;
    }

    /** The tier the emulator files a Web API method under. */
    public static Tier tierOf(String method) {
        switch (method) {
            case "chat.postMessage":
                return Tier.POST_MESSAGE;
            case "auth.test":
                return Tier.TIER_4;
            default:
                return Tier.TIER_3; // chat.update, chat.delete, conversations.history/replies/info
        }
    }

    // ---- used by the emulator, under the lock ----

    /** @return 0 when allowed, else the Retry-After seconds */
    long acquireMethod(String method, String token, SlackAppKind kind) {
        if (!enabled) {
            return 0;
        }
        if (kind == SlackAppKind.NON_MARKETPLACE && isHistoryMethod(method)) {
            int perMinute = nonMarketplaceHistoryPerMinute;
            TokenBucket b = buckets.computeIfAbsent(
                    "history:" + method + ":" + token,
                    k -> new TokenBucket(perMinute, perMinute / 60.0, clock.instant()));
            return toRetryAfter(b.tryTake(clock.instant()));
        }
        int perMinute = methodPerMinute.getOrDefault(method, tierPerMinute.get(tierOf(method)));
        TokenBucket b = buckets.computeIfAbsent(
                "method:" + method, k -> new TokenBucket(perMinute, perMinute / 60.0, clock.instant()));
        return toRetryAfter(b.tryTake(clock.instant()));
    }

    static boolean isHistoryMethod(String method) {
        return method.equals("conversations.history") || method.equals("conversations.replies");
    }

    /** @return 0 when allowed, else the Retry-After seconds */
    long acquireChannel(String key) {
        if (!enabled) {
            return 0;
        }
        TokenBucket b = buckets.computeIfAbsent(
                "channel:" + key, k -> new TokenBucket(channelBurst, channelPerSecond, clock.instant()));
        return toRetryAfter(b.tryTake(clock.instant()));
    }

    private static long toRetryAfter(long waitNanos) {
        if (waitNanos == 0) {
            return 0;
        }
        return Math.max(1L, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    private static void requirePositive(int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1");
        }
    }
}
