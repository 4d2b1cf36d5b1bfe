package dev.outflow.connect.testkit.sheets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when the test says so. Give it to {@link SheetsEmulator#SheetsEmulator(Clock)}
 * to step through quota windows and token expiry without waiting.
 *
 * <p>It starts at the machine's current instant by default, because the real Google clients sign
 * their JWTs with the machine clock and the emulator checks those against the machine clock too.
 */
public final class ManualClock extends Clock {

  private final ZoneId zone;
  private final AtomicReference<Instant> now;

  public ManualClock() {
    this(Instant.now());
  }

  public ManualClock(Instant start) {
    this(start, ZoneOffset.UTC);
  }

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  private ManualClock(Instant start, ZoneId zone) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), zone);
  }

  /** Moves the clock forward (or backward, with a negative duration). */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    now.updateAndGet(t -> t.plus(duration));
  }

  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new ManualClock(now, newZone); // shares the time: advancing one advances both
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + "]";
  }
}
