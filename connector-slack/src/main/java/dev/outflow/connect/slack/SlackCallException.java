package dev.outflow.connect.slack;

import java.time.Duration;

/**
 * Slack answered, and said no: an {@code ok: false} Web API answer ({@code channel_not_found},
 * {@code ratelimited}, ...) or an incoming webhook's error status and code. The message is the
 * method and the code: Slack's codes never carry a message's content.
 */
final class SlackCallException extends Exception {

    private final String method;
    private final String code;
    private final int httpStatus;
    private final Duration retryAfter;
    private final String neededScope;

    SlackCallException(String method, String code, int httpStatus, Duration retryAfter, String neededScope) {
        super(method + ": " + code);
        this.method = method;
        this.code = code;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.neededScope = neededScope;
    }

    String method() {
        return method;
    }

    /** Slack's error code, e.g. {@code channel_not_found}. */
    String code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }

    /** Slack's {@code Retry-After}, or null. */
    Duration retryAfter() {
        return retryAfter;
    }

    /** For {@code missing_scope}: the scope Slack asked for, or null. */
    String neededScope() {
        return neededScope;
    }
}
