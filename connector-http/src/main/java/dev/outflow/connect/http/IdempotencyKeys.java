package dev.outflow.connect.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Idempotency keys from where the records of a request are in Kafka: the connector's name, the topic,
 * the partition, and the first and last offset ({@code orders-sink:orders:3:1200-1299}; one offset for
 * a request of one record). The same records give the same key on every retry and after a restart. A
 * key longer than {@value HttpConfig#MAX_IDEMPOTENCY_KEY_CHARS} characters, or with characters a
 * structured-field string cannot hold (outside printable ASCII), is replaced by {@code sha256:} and
 * the hex digest of the long form.
 */
final class IdempotencyKeys {

    private final String connector;

    IdempotencyKeys(String connector) {
        this.connector = connector;
    }

    /** The key of a request carrying the offsets {@code first} to {@code last} of one partition. */
    String key(String topic, int partition, long first, long last) {
        String key = connector + ":" + topic + ":" + partition + ":" + (first == last ? first : first + "-" + last);
        return key.length() <= HttpConfig.MAX_IDEMPOTENCY_KEY_CHARS && printableAscii(key)
                ? key
                : "sha256:" + sha256(key);
    }

    /** The header's value: the key as a structured-field string (RFC 8941 3.3.3), quoted and escaped. */
    static String headerValue(String key) {
        return '"' + key.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static boolean printableAscii(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
