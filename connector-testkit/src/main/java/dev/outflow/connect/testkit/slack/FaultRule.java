package dev.outflow.connect.testkit.slack;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * When to inject a {@link Fault}: for the next N requests (default 1), optionally only those for
 * one Web API method ({@code "chat.postMessage"}, or {@value SlackEmulator#WEBHOOK_METHOD} for
 * incoming webhooks) and/or one channel (by id or name, whichever way the request named it). Configure it, then
 * hand it to {@link SlackEmulator#inject(FaultRule)}; the first matching active rule wins.
 */
public final class FaultRule {

    /** {@link #times(int)} value for a rule that never runs out. */
    public static final int ALWAYS = Integer.MAX_VALUE;

    private final Fault fault;
    private volatile String method;
    private volatile String channel;
    private final AtomicInteger remaining = new AtomicInteger(1);
    private final AtomicInteger triggered = new AtomicInteger();

    private FaultRule(Fault fault) {
        this.fault = Objects.requireNonNull(fault, "fault");
    }

    public static FaultRule of(Fault fault) {
        return new FaultRule(fault);
    }

    public FaultRule method(String method) {
        this.method = method;
        return this;
    }

    public FaultRule channel(String channel) {
        this.channel = channel;
        return this;
    }

    public FaultRule times(int times) {
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative");
        }
        remaining.set(times);
        return this;
    }

    public FaultRule always() {
        return times(ALWAYS);
    }

    /** Stops the rule. */
    public void cancel() {
        remaining.set(0);
    }

    public Fault fault() {
        return fault;
    }

    public int remaining() {
        return remaining.get();
    }

    /** How many requests this rule has hit. */
    public int triggered() {
        return triggered.get();
    }

    boolean matches(String requestMethod, SlackChannel target, String channelAsSent) {
        if (method != null && !method.equals(requestMethod)) {
            return false;
        }
        if (channel != null) {
            String c = strip(channel);
            boolean hit = c.equals(strip(channelAsSent))
                    || (target != null && (c.equals(target.id()) || c.equals(target.name())));
            if (!hit) {
                return false;
            }
        }
        return true;
    }

    private static String strip(String channel) {
        return channel != null && channel.startsWith("#") ? channel.substring(1) : channel;
    }

    /** Takes one use of the rule; false when it has run out. */
    boolean take() {
        while (true) {
            int r = remaining.get();
            if (r <= 0) {
                return false;
            }
            if (r == ALWAYS || remaining.compareAndSet(r, r - 1)) {
                triggered.incrementAndGet();
                return true;
            }
        }
    }

    @Override
    public String toString() {
        return "FaultRule[" + fault + (method == null ? "" : " method=" + method)
                + (channel == null ? "" : " channel=" + channel) + " remaining=" + remaining + "]";
    }
}
