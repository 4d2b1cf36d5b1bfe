package dev.outflow.connect.http;

import dev.outflow.connect.core.api.Failure;

/**
 * The API answered a request with a status that is not a success; {@link #failure()} is what the
 * status table made of it. The message is the failure's reason: status, method and origin, never the
 * path, query, headers or body.
 */
final class StatusException extends Exception {

    private final transient Failure failure;
    private final int status;

    StatusException(int status, Failure failure) {
        super(failure.reason());
        this.status = status;
        this.failure = failure;
    }

    Failure failure() {
        return failure;
    }

    int status() {
        return status;
    }
}
