package dev.outflow.connect.testkit.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link TestHttpServer} does with one request: answer with a status, headers and a body, or
 * drop the connection without an answer; optionally after a delay. Immutable: the {@code with}
 * methods return a new answer, so one answer can be scripted many times.
 *
 * @param ending  whether an answer is sent at all, and whether the request counts as applied
 * @param status  the HTTP status sent; for {@link Ending#APPLIED_BUT_LOST} the one that was lost, which
 *                a replay under an idempotency key sends; ignored for {@link Ending#RESET}
 * @param headers response headers, each with its values
 * @param body    the response body; empty for none
 * @param delay   how long the server waits before answering (or dropping the connection)
 */
public record Answer(Ending ending, int status, Map<String, List<String>> headers, byte[] body, Duration delay) {

    /** How an exchange ends, from the client's side and from the app's. */
    public enum Ending {
        /** An HTTP answer; a 2xx means the app applied the request, anything else that it did not. */
        RESPOND,
        /** The connection is closed without an answer and the app did not apply the request. */
        RESET,
        /** The app applied the request, then the connection broke before its answer went out. */
        APPLIED_BUT_LOST
    }

    public Answer {
        Objects.requireNonNull(ending, "ending");
        Objects.requireNonNull(delay, "delay");
        if (ending != Ending.RESET && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Map.copyOf(copy);
        body = body.clone();
    }

    /** An answer with this status, no headers and no body. */
    public static Answer status(int status) {
        return new Answer(Ending.RESPOND, status, Map.of(), new byte[0], Duration.ZERO);
    }

    public static Answer ok() {
        return status(200);
    }

    /** The connection closed without an answer, the request not applied. */
    public static Answer reset() {
        return new Answer(Ending.RESET, 0, Map.of(), new byte[0], Duration.ZERO);
    }

    /**
     * The request applied, then the connection closed before the answer: the client cannot tell it from
     * {@link #reset()}. The lost answer is a 200; {@link #withBody} and {@link #withHeader} add to it,
     * and a replay under an idempotency key sends it.
     */
    public static Answer appliedButLost() {
        return new Answer(Ending.APPLIED_BUT_LOST, 200, Map.of(), new byte[0], Duration.ZERO);
    }

    /** This answer with one more value for the header, e.g. {@code withHeader("Retry-After", "3")}. */
    public Answer withHeader(String name, String value) {
        Map<String, List<String>> more = new LinkedHashMap<>(headers);
        List<String> values = new ArrayList<>(more.getOrDefault(name, List.of()));
        values.add(value);
        more.put(name, values);
        return new Answer(ending, status, more, body, delay);
    }

    /** This answer with the text, UTF-8 encoded, as its body. */
    public Answer withBody(String text) {
        return new Answer(ending, status, headers, text.getBytes(StandardCharsets.UTF_8), delay);
    }

    /** This answer, sent only after the delay: a slow app, or one slower than the client's timeout. */
    public Answer after(Duration wait) {
        return new Answer(ending, status, headers, body, wait);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Whether the app applied the request: a 2xx answer, or an answer lost after applying it. */
    public boolean applies() {
        return ending == Ending.APPLIED_BUT_LOST || ending == Ending.RESPOND && status / 100 == 2;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Answer that
                && ending == that.ending
                && status == that.status
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body)
                && delay.equals(that.delay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ending, status, headers, Arrays.hashCode(body), delay);
    }

    @Override
    public String toString() {
        return (ending == Ending.RESPOND ? "HTTP " + status : ending.name())
                + (delay.isZero() ? "" : " after " + delay);
    }
}
