package dev.outflow.connect.core.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A destination's verdict on an exception from {@link Destination#write}.
 *
 * @param errorClass what the framework does next
 * @param reason     why, for logs, the DLQ header and the task's failure message: never a payload or a secret
 * @param retryAfter how long the app asked us to wait (HTTP {@code Retry-After}), or null
 * @param throttled  the app said "too many requests" (HTTP 429): back-pressure, not an error, so
 *                   it freezes the target's quota scopes and does not count toward {@code retry.timeout.ms}
 */
public record Failure(ErrorClass errorClass, String reason, Duration retryAfter, boolean throttled) {

    public Failure {
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(reason, "reason");
        if (throttled && errorClass != ErrorClass.RETRIABLE) {
            throw new IllegalArgumentException("only a RETRIABLE failure can be a throttle");
        }
    }

    public static Failure retriable(String reason) {
        return new Failure(ErrorClass.RETRIABLE, reason, null, false);
    }

    /** A 429; {@code retryAfter} may be null when the app gives none (the framework then backs off exponentially). */
    public static Failure throttled(String reason, Duration retryAfter) {
        return new Failure(ErrorClass.RETRIABLE, reason, retryAfter, true);
    }

    public static Failure ambiguous(String reason) {
        return new Failure(ErrorClass.AMBIGUOUS, reason, null, false);
    }

    public static Failure rejected(String reason) {
        return new Failure(ErrorClass.REJECTED, reason, null, false);
    }

    public static Failure fatal(String reason) {
        return new Failure(ErrorClass.FATAL, reason, null, false);
    }
}
