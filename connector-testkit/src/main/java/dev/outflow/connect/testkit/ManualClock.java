package dev.outflow.connect.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when the test moves it: the one manual clock of this project's tests.
 * Give the same instance to an emulator ({@code new SlackEmulator(clock)}, {@code new
 * SheetsEmulator(clock)}) and to the code under test (a destination, the framework's
 * {@code RateLimiter} or {@code SinkEngine}) and rate-limit refills, quota windows, {@code
 * Retry-After} values, token expiry, outages and message timestamps are decided by the test instead
 * of by wall time, the same on a loaded machine as on an idle one.
 *
 * <p>Thread-safe: the time is one atomic reference, read and moved atomically, so an emulator's
 * HTTP threads may read it while the test thread advances it. Clocks returned by {@link
 * #withZone(ZoneId)} share it: advancing one advances all.
 *
 * <p>Only the emulators' own clock moves with it. What the real Google client signs (a JWT's
 * {@code iat} and {@code exp}) is on the machine clock, and the Sheets emulator checks those against
 * the machine clock too, so a manual clock may start anywhere.
 */
public final class ManualClock extends Clock {

    /**
     * Where {@link #ManualClock()} starts: 2023-11-14T22:13:20Z, so Slack message timestamps start
     * at {@code 1700000000.000001}.
     */
    public static final Instant DEFAULT_START = Instant.ofEpochSecond(1_700_000_000L);

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock at {@link #DEFAULT_START}, in UTC. */
    public ManualClock() {
        this(DEFAULT_START);
    }

    /** A clock at {@code start}, in UTC. */
    public ManualClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /** A clock at {@code startEpochMillis} milliseconds after the epoch, in UTC. */
    public ManualClock(long startEpochMillis) {
        this(Instant.ofEpochMilli(startEpochMillis));
    }

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Moves the clock forward (a negative duration moves it back). */
    public ManualClock advance(Duration by) {
        Objects.requireNonNull(by, "by");
        now.updateAndGet(t -> t.plus(by));
        return this;
    }

    /** Moves the clock forward by {@code millis} milliseconds (back, if negative). */
    public ManualClock advance(long millis) {
        now.updateAndGet(t -> t.plusMillis(millis));
        return this;
    }

    /** Moves the clock forward by {@code seconds} seconds (back, if negative). */
    public ManualClock advanceSeconds(long seconds) {
        now.updateAndGet(t -> t.plusSeconds(seconds));
        return this;
    }

    /** Sets the clock to {@code instant}, forward or back. */
    public ManualClock set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The returned clock shares this clock's time: advancing one advances both. */
    @Override
    public ManualClock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new ManualClock(now, zone);
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + ", " + zone + "]";
    }
}
