package dev.outflow.connect.slack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The message each key has in each channel: the thread parent in thread mode, the message edited in
 * place in update mode. Kept in memory, most recently used last, and bounded: when it is full the
 * key used longest ago is forgotten, and its next record starts a new thread or message.
 */
final class MessageIndex {

    /** A message: its channel's id (what chat.update and history need) and its ts. */
    record Ref(String channelId, String ts) {}

    private final int capacity;
    private final LinkedHashMap<String, Ref> refs;

    MessageIndex(int capacity) {
        this.capacity = capacity;
        this.refs = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Ref> eldest) {
                return size() > MessageIndex.this.capacity;
            }
        };
    }

    Ref get(String target, String key) {
        return refs.get(id(target, key));
    }

    void put(String target, String key, Ref ref) {
        refs.put(id(target, key), ref);
    }

    /** Learns a key from history, unless this task already knows a newer message for it. */
    void recover(String target, String key, Ref ref) {
        refs.putIfAbsent(id(target, key), ref);
    }

    void remove(String target, String key) {
        refs.remove(id(target, key));
    }

    private static String id(String target, String key) {
        return target + '\u0000' + key;
    }
}
