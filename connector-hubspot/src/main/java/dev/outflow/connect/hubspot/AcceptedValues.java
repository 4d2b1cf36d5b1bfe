package dev.outflow.connect.hubspot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.outflow.connect.hubspot.ObjectBatch.Input;

/**
 * For skipping unchanged records ({@code hubspot.skip.unchanged.enabled}): a hash of the values HubSpot
 * last accepted for each object, by its id (as HubSpot compares ids), bounded to the most recently
 * written {@code maxKeys}. A hash, not the values: the memory stays small and holds no record values.
 * Only what HubSpot accepted is remembered; an object about to be written or archived is forgotten
 * first, since a write that fails may still have been applied.
 */
final class AcceptedValues {

    private final int maxKeys;
    /** By object key, least recently written first. */
    private final LinkedHashMap<String, Long> hashes;

    AcceptedValues(int maxKeys) {
        this.maxKeys = maxKeys;
        this.hashes = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > AcceptedValues.this.maxKeys;
            }
        };
    }

    /** True when HubSpot last accepted exactly these values (and association) for this object. */
    boolean unchanged(String key, Input input) {
        Long last = hashes.get(key);
        return last != null && last == hash(input);
    }

    void accepted(String key, Input input) {
        hashes.put(key, hash(input));
    }

    void forget(String key) {
        hashes.remove(key);
    }

    void forgetAll() {
        hashes.clear();
    }

    int size() {
        return hashes.size();
    }

    /**
     * 64 bits of SHA-256 over the properties in name order and the associated object's id value: a
     * collision, which would skip a changed record, is as likely as guessing a random 64-bit number.
     */
    private static long hash(Input input) {
        Map<String, String> sorted = new TreeMap<>();
        JsonNode properties = input.body().path("properties");
        properties
                .fieldNames()
                .forEachRemaining(name -> sorted.put(name, properties.get(name).asText()));
        MessageDigest digest = sha256();
        sorted.forEach((name, value) -> {
            update(digest, name);
            update(digest, value);
        });
        update(digest, input.associateWith() == null ? "" : input.associateWith());
        return ByteBuffer.wrap(digest.digest()).getLong();
    }

    /** Each part with its length first, so that no two different sequences of parts read the same. */
    private static void update(MessageDigest digest, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
