package dev.outflow.connect.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * What the records of one request share: the rendered URL and headers and, with idempotency keys on a
 * batched body, the partition (so a key names offsets of one partition). Its {@link #target()} names it
 * to the framework: the host, which the rate limit is per, and a digest of the rest, so that no path,
 * query or header value ever appears where targets may be shown.
 *
 * @param uri       the rendered URL
 * @param headers   the rendered {@code http.headers}
 * @param partition the records' partition, or null when requests may mix partitions
 */
record RequestShape(URI uri, List<Map.Entry<String, String>> headers, TopicPartition partition) {

    private static final char SEPARATOR = '#';

    RequestShape {
        headers = List.copyOf(headers);
    }

    String target() {
        StringBuilder whole = new StringBuilder(uri.toString());
        headers.forEach(h -> whole.append('\n').append(h.getKey()).append(':').append(h.getValue()));
        if (partition != null) {
            whole.append('\n').append(partition.topic()).append('\n').append(partition.partition());
        }
        return UrlTemplate.hostAndPort(uri) + SEPARATOR + digest(whole.toString());
    }

    /** The host (and port) of a target this class named. */
    static String host(String target) {
        int separator = target.lastIndexOf(SEPARATOR);
        return separator < 0 ? target : target.substring(0, separator);
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
