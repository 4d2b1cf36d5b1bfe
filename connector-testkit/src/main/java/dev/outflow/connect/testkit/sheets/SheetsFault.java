package dev.outflow.connect.testkit.sheets;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the emulator can inject instead of (or around) a normal answer. Register one with
 * {@link SheetsEmulator#failNext(int, SheetsFault)} or {@link SheetsEmulator#failMatching}.
 */
public final class SheetsFault {

  enum Kind { STATUS, STALL, RESET, APPLIED_BUT_LOST }

  final Kind kind;
  final int status;
  final Duration stall;

  private SheetsFault(Kind kind, int status, Duration stall) {
    this.kind = kind;
    this.status = status;
    this.stall = stall;
  }

  /** HTTP 500 {@code INTERNAL} "Internal error encountered."; nothing is applied. */
  public static SheetsFault internalError() {
    return new SheetsFault(Kind.STATUS, 500, null);
  }

  /** HTTP 503 {@code UNAVAILABLE} "The service is currently unavailable."; nothing is applied. */
  public static SheetsFault unavailable() {
    return new SheetsFault(Kind.STATUS, 503, null);
  }

  /**
   * HTTP 429 {@code RESOURCE_EXHAUSTED} with the per-user quota body (a "429 storm" when used for
   * many requests); counted like a real 429. Nothing is applied.
   */
  public static SheetsFault rateLimited() {
    return new SheetsFault(Kind.STATUS, 429, null);
  }

  /**
   * Holds the request for {@code duration} (real time) before handling it normally. With a client
   * read timeout shorter than the stall the client gives up while the request is still applied
   * afterwards: the ambiguous outcome of a timeout.
   */
  public static SheetsFault stall(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative stall");
    }
    return new SheetsFault(Kind.STALL, 0, duration);
  }

  /** Reads the request, applies nothing, and closes the connection without any response. */
  public static SheetsFault connectionReset() {
    return new SheetsFault(Kind.RESET, 0, null);
  }

  /** Handles the request normally (a batchUpdate is applied), then closes the connection without the response. */
  public static SheetsFault appliedButResponseLost() {
    return new SheetsFault(Kind.APPLIED_BUT_LOST, 0, null);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case STATUS -> "SheetsFault[HTTP " + status + "]";
      case STALL -> "SheetsFault[stall " + stall + "]";
      case RESET -> "SheetsFault[connection reset]";
      case APPLIED_BUT_LOST -> "SheetsFault[applied, response lost]";
    };
  }
}
