package dev.outflow.connect.core.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A destination's verdict on an exception from {@link Destination#write}.
 *
 * @param errorClass what the framework does next
 * @param reason     why, for logs, the DLQ header and the task's failure message: never a payload or a secret
 * @param retryAfter how long the app asked us to wait (HTTP {@code Retry-After}), or null
 */
public record Failure(ErrorClass errorClass, String reason, Duration retryAfter) {

    public Failure {
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(reason, "reason");
    }

    public static Failure retriable(String reason) {
        return new Failure(ErrorClass.RETRIABLE, reason, null);
    }

    public static Failure throttled(String reason, Duration retryAfter) {
        return new Failure(ErrorClass.RETRIABLE, reason, retryAfter);
    }

    public static Failure ambiguous(String reason) {
        return new Failure(ErrorClass.AMBIGUOUS, reason, null);
    }

    public static Failure rejected(String reason) {
        return new Failure(ErrorClass.REJECTED, reason, null);
    }

    public static Failure fatal(String reason) {
        return new Failure(ErrorClass.FATAL, reason, null);
    }
}
