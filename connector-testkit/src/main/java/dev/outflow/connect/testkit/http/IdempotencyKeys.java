package dev.outflow.connect.testkit.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The idempotency keys a {@link TestHttpServer} honours (draft-ietf-httpapi-idempotency-key-header):
 * the first request with a key is applied and answered from the script; a retry with the same key
 * and payload gets that first answer again without being applied; the same key with another payload
 * is refused with 422, and while the first request is still being answered with 409. Only a request
 * the app applied holds its key: after an answer that did not apply (a 429, a 503, a 400 for the
 * payload, a reset) the key is free and a retry is processed as new, as Stripe does for a request
 * that never started executing.
 *
 * <p>Obtained from {@link TestHttpServer#honourIdempotencyKeys(String)}; thread-safe (it shares the
 * server's lock).
 */
public final class IdempotencyKeys {

    static final String DRAFT = "https://datatracker.ietf.org/doc/html/draft-ietf-httpapi-idempotency-key-header-07";
    /** Stripe's length limit for a key; the draft sets none, so the stricter one. */
    static final int MAX_LENGTH = 255;
    /** The header a replayed answer carries, as Stripe's do. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private final Object lock;
    private final String header;
    private volatile boolean required;
    /** Only keys of applied requests: one entry each, its payload's digest and the first answer. */
    private final Map<String, Held> held = new HashMap<>();

    private final Map<String, Integer> applications = new HashMap<>();

    IdempotencyKeys(Object lock, String header) {
        this.lock = lock;
        this.header = Objects.requireNonNull(header, "header");
    }

    /** Refuses, with 400, a request without the key (the default: a request without one is applied as usual). */
    public IdempotencyKeys required() {
        required = true;
        return this;
    }

    /** The header the key is read from, e.g. {@code Idempotency-Key}. */
    public String header() {
        return header;
    }

    /** How many times each key was applied: 1 each, unless {@link #forget()} let a key be applied again. */
    public Map<String, Integer> applications() {
        synchronized (lock) {
            return Map.copyOf(applications);
        }
    }

    /**
     * Throws an {@link AssertionError} naming every key the app applied more than once.
     *
     * @throws AssertionError when a key was applied twice or more
     */
    public void assertNoKeyAppliedTwice() {
        Map<String, Integer> twice = new TreeMap<>();
        synchronized (lock) {
            applications.forEach((key, times) -> {
                if (times > 1) {
                    twice.put(key, times);
                }
            });
        }
        if (!twice.isEmpty()) {
            throw new AssertionError("idempotency keys applied more than once (key=times): " + twice);
        }
    }

    /**
     * Forgets every key held, as a server does once its keys expire (Stripe: after 24 hours): a retry
     * after this is applied again. The counts of {@link #applications()} are kept.
     */
    public void forget() {
        synchronized (lock) {
            held.clear();
        }
    }

    /**
     * What the server does with a request, decided under the server's lock: an answer of its own (an
     * error or a replay), or the key to hold if the scripted answer applies it.
     */
    Verdict check(RecordedRequest request) {
        List<String> values = request.headers().get(header.toLowerCase(Locale.ROOT));
        if (values == null || values.isEmpty()) {
            return required
                    ? Verdict.answer(Problems.problem(
                            400,
                            DRAFT + "#section-2.7",
                            header + " is missing",
                            "This operation requires an idempotency key."))
                    : Verdict.NO_KEY;
        }
        String key = values.size() == 1 ? sfString(values.get(0)) : null;
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            return Verdict.answer(Problems.problem(
                    400,
                    DRAFT + "#section-2.1",
                    header + " is malformed",
                    "The key must be one non-empty structured-field string (RFC 8941 3.3.3) of at most " + MAX_LENGTH
                            + " characters."));
        }
        byte[] fingerprint = fingerprint(request);
        Held first = held.get(key);
        if (first == null) {
            return Verdict.apply(key, fingerprint);
        }
        if (!Arrays.equals(first.fingerprint, fingerprint)) {
            return Verdict.answer(Problems.problem(
                    422,
                    DRAFT + "#section-2.7",
                    header + " is already used",
                    "The key was used with another payload (method, path or body)."));
        }
        if (first.answer == null) {
            return Verdict.answer(Problems.problem(
                    409,
                    DRAFT + "#section-2.7",
                    "A request is outstanding for this " + header,
                    "The first request with this key is still being processed."));
        }
        return Verdict.answer(first.answer);
    }

    /** The app applied the request with this key; {@code answer} is null while the answer is still on its way. */
    void applied(Verdict verdict, Answer answer) {
        applications.merge(verdict.key, 1, Integer::sum);
        held.put(verdict.key, new Held(verdict.fingerprint, answer.delay().isZero() ? replay(answer) : null));
    }

    /** The delayed answer to a held key went out: from now on it is replayed. */
    void answered(String key, Answer answer) {
        synchronized (lock) {
            Held first = held.get(key);
            if (first != null && first.answer == null) {
                held.put(key, new Held(first.fingerprint, replay(answer)));
            }
        }
    }

    /** The first answer as a replay sends it: the status, headers and body at once; a lost one is sent this time. */
    private static Answer replay(Answer first) {
        return new Answer(Answer.Ending.RESPOND, first.status(), first.headers(), first.body(), Duration.ZERO)
                .withHeader(REPLAYED, "true");
    }

    /** The payload the draft's fingerprint (2.4) covers: method, path with query, and a digest of the body. */
    private static byte[] fingerprint(RecordedRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(request.method().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(request.target().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(request.body());
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * The value of an RFC 8941 sf-string (3.3.3), or null when the field is not one. Stricter than an
     * Item: parameters after the string are refused, since the draft defines none.
     */
    static String sfString(String field) {
        // RFC 8941 4.2 drops the spaces around a field's value, and only spaces
        int start = 0;
        int end = field.length();
        while (start < end && field.charAt(start) == ' ') {
            start++;
        }
        while (end > start && field.charAt(end - 1) == ' ') {
            end--;
        }
        String value = field.substring(start, end);
        if (value.length() < 2 || value.charAt(0) != '"') {
            return null;
        }
        StringBuilder key = new StringBuilder(value.length());
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (++i == value.length()) {
                    return null;
                }
                char escaped = value.charAt(i);
                if (escaped != '"' && escaped != '\\') {
                    return null;
                }
                key.append(escaped);
            } else if (c == '"') {
                return i == value.length() - 1 ? key.toString() : null;
            } else if (c < 0x20 || c > 0x7e) {
                return null;
            } else {
                key.append(c);
            }
        }
        return null;
    }

    private record Held(byte[] fingerprint, Answer answer) {}

    /** The outcome of {@link #check}: exactly one of an answer of the server's own, or a key to apply under. */
    static final class Verdict {

        static final Verdict NO_KEY = new Verdict(null, null, null);

        final Answer answer;
        final String key;
        final byte[] fingerprint;

        private Verdict(Answer answer, String key, byte[] fingerprint) {
            this.answer = answer;
            this.key = key;
            this.fingerprint = fingerprint;
        }

        static Verdict answer(Answer answer) {
            return new Verdict(answer, null, null);
        }

        static Verdict apply(String key, byte[] fingerprint) {
            return new Verdict(null, key, fingerprint);
        }
    }
}
