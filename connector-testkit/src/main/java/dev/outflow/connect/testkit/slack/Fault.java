package dev.outflow.connect.testkit.slack;

import java.time.Duration;
import java.util.Objects;

/**
 * Something going wrong between the client and Slack. Inject it with
 * {@link SlackEmulator#inject(FaultRule)} or {@link SlackEmulator#failNext(int, Fault)}.
 */
public final class Fault {

    public enum Kind {
        /** Answer with an HTTP status (500, 503, ...) and do nothing. */
        HTTP_STATUS,
        /** Answer 429 with a {@code Retry-After}, as a rate limit would, and do nothing. */
        RATE_LIMITED,
        /**
         * Hold the request without answering until {@link SlackEmulator#releaseStalled()} (or the
         * hold time passes), then carry it out and answer: the client that timed out meanwhile
         * cannot know whether it was applied.
         */
        STALL,
        /** Close the connection without an answer; nothing is applied. */
        CONNECTION_RESET,
        /** Carry the request out (the message is stored), then close the connection without an answer. */
        RESPONSE_LOST,
        /**
         * Hold the request without answering until {@link SlackEmulator#releaseStalled()}, then
         * carry it out and close the connection: a write applied after its client gave up, which
         * the client can only learn of by reading back.
         */
        LATE_APPLY,
        /**
         * Carry the post out without its metadata and answer {@code ok} with the
         * {@code invalid_metadata_schema} warning, as Slack does for metadata it will not keep.
         */
        METADATA_DROPPED
    }

    private final Kind kind;
    private final int status;
    private final long retryAfterSeconds;
    private final Duration hold;

    private Fault(Kind kind, int status, long retryAfterSeconds, Duration hold) {
        this.kind = kind;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.hold = hold;
    }

    public static Fault httpStatus(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx: " + status);
        }
        return new Fault(Kind.HTTP_STATUS, status, 0, null);
    }

    public static Fault serverError() {
        return httpStatus(500);
    }

    public static Fault serviceUnavailable() {
        return httpStatus(503);
    }

    public static Fault rateLimited(long retryAfterSeconds) {
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("Retry-After is at least 1 second");
        }
        return new Fault(Kind.RATE_LIMITED, 429, retryAfterSeconds, null);
    }

    /** Holds the request until {@link SlackEmulator#releaseStalled()} or the emulator closes. */
    public static Fault stall() {
        return new Fault(Kind.STALL, 0, 0, null);
    }

    /** Holds the request for {@code hold} of real time (or until released), then carries it out. */
    public static Fault stall(Duration hold) {
        Objects.requireNonNull(hold, "hold");
        return new Fault(Kind.STALL, 0, 0, hold);
    }

    /** Holds the request until {@link SlackEmulator#releaseStalled()}, then applies it and answers nothing. */
    public static Fault lateApply() {
        return new Fault(Kind.LATE_APPLY, 0, 0, null);
    }

    /** Posts (or edits) the message but drops its metadata, answering ok with a warning. */
    public static Fault metadataDropped() {
        return new Fault(Kind.METADATA_DROPPED, 0, 0, null);
    }

    public static Fault connectionReset() {
        return new Fault(Kind.CONNECTION_RESET, 0, 0, null);
    }

    public static Fault responseLost() {
        return new Fault(Kind.RESPONSE_LOST, 0, 0, null);
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Real-time hold of a {@link Kind#STALL}; null means until released. */
    public Duration hold() {
        return hold;
    }

    @Override
    public String toString() {
        switch (kind) {
            case HTTP_STATUS:
                return "HTTP " + status;
            case RATE_LIMITED:
                return "429 Retry-After " + retryAfterSeconds;
            case STALL:
                return hold == null ? "stall until released" : "stall " + hold;
            default:
                return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
