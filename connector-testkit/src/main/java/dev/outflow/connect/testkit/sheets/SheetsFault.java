package dev.outflow.connect.testkit.sheets;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the emulator can inject instead of (or around) a normal answer. Register one with
 * {@link SheetsEmulator#failNext(int, SheetsFault)} or {@link SheetsEmulator#failMatching}.
 */
public final class SheetsFault {

    enum Kind {
        STATUS,
        STALL,
        HELD,
        RESET,
        APPLIED_BUT_LOST
    }

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
     * Holds the request for {@code duration} (real time) before handling it. Within the emulator's
     * server deadline ({@link SheetsEmulator#setServerDeadline}, 180 s by default) the request is then
     * handled and answered normally: with a client read timeout shorter than the stall the client
     * gives up while the request is still applied afterwards (the ambiguous outcome of a timeout).
     * Longer than the deadline it is the "applied late" fault: answered at the deadline with Google's
     * timeout error (504 {@code DEADLINE_EXCEEDED}), then handled when the stall ends, its real answer
     * discarded and its outcome recorded ({@link SheetsEmulator#lateWrites}).
     * {@link SheetsEmulator#releaseHeld()} ends a stall early.
     */
    public static SheetsFault stall(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative stall");
        }
        return new SheetsFault(Kind.STALL, 0, duration);
    }

    /**
     * Holds the request until the test calls {@link SheetsEmulator#releaseHeld()}. If it is still
     * held at the server deadline it is answered then with Google's timeout error (504
     * {@code DEADLINE_EXCEEDED}) and stays held; when released it is handled against the
     * spreadsheet as it is at that moment (validated and applied atomically, or refused whole), even
     * if its client has long gone. Use {@link SheetsEmulator#awaitHeld} or
     * {@link SheetsEmulator#heldCount()} to wait until it is being held.
     */
    public static SheetsFault heldUntilReleased() {
        return new SheetsFault(Kind.HELD, 0, null);
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
            case HELD -> "SheetsFault[held until released]";
            case RESET -> "SheetsFault[connection reset]";
            case APPLIED_BUT_LOST -> "SheetsFault[applied, response lost]";
        };
    }
}
