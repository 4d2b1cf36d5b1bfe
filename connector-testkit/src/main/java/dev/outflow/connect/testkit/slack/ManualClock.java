package dev.outflow.connect.testkit.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when the test moves it. Give it to {@link SlackEmulator#SlackEmulator(Clock)}
 * so that rate-limit refills, {@code Retry-After} values, message timestamps and outages are
 * decided by the test instead of by wall time.
 */
public final class ManualClock extends Clock {

    /** 2023-11-14T22:13:20Z: message timestamps start at {@code 1700000000.000001}. */
    public static final Instant DEFAULT_START = Instant.ofEpochSecond(1_700_000_000L);

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public ManualClock() {
        this(DEFAULT_START);
    }

    public ManualClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Moves the clock forward (a negative duration moves it back). */
    public ManualClock advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
        return this;
    }

    public ManualClock advanceSeconds(long seconds) {
        return advance(Duration.ofSeconds(seconds));
    }

    public ManualClock set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The returned clock shares this clock's time: advancing one advances both. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new ManualClock(now, zone);
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + "]";
    }
}
