package dev.outflow.connect.sheets;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One developer metadata entry of offsets: what one task of one connector wrote to one tab, for
 * every partition it wrote there, in one value. Google counts every character of key and value
 * against 30,000 per sheet, so the value is compact: partitions and offsets in base 36, e.g.
 * {@code {"c":"sink","t":"orders","k":0,"o":{"orders":"0.2s,1.5x"}}}, about 10 characters a
 * partition for offsets below 2 billion.
 *
 * @param connector the connector's name
 * @param tab       the tab (the routed target, as configured)
 * @param task      the task's number: each task writes only its own entry, so tasks never overwrite
 *                  each other's partitions
 * @param offsets   partition -> the last offset written to the tab
 */
record OffsetEntry(String connector, String tab, int task, Map<TopicPartition, Long> offsets) {

    static final String KEY = "outflow.offsets";
    /** Google's limit of developer metadata characters (key plus value, all entries) per sheet. */
    static final int SHEET_BUDGET = 30_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    String encode() {
        Map<String, StringBuilder> byTopic = new TreeMap<>();
        offsets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(
                        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)))
                .forEach(e -> {
                    StringBuilder list = byTopic.computeIfAbsent(e.getKey().topic(), t -> new StringBuilder());
                    if (list.length() > 0) {
                        list.append(',');
                    }
                    list.append(Integer.toString(e.getKey().partition(), 36))
                            .append('.')
                            .append(Long.toString(e.getValue(), 36));
                });
        ObjectNode value =
                JSON.createObjectNode().put("c", connector).put("t", tab).put("k", task);
        ObjectNode topics = value.putObject("o");
        byTopic.forEach((topic, list) -> topics.put(topic, list.toString()));
        return value.toString();
    }

    /** Characters this entry spends of its sheet's budget. */
    int size() {
        return KEY.length() + encode().length();
    }

    /** The entry a value holds, or null when it is not an entry of this format (someone else's). */
    static OffsetEntry decode(String text) {
        try {
            JsonNode value = text == null ? null : JSON.readTree(text);
            if (value == null
                    || !value.path("c").isTextual()
                    || !value.path("t").isTextual()
                    || !value.path("k").isInt()
                    || !value.path("o").isObject()) {
                return null;
            }
            Map<TopicPartition, Long> offsets = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> topics = value.get("o").fields();
            while (topics.hasNext()) {
                Map.Entry<String, JsonNode> topic = topics.next();
                for (String pair : topic.getValue().asText().split(",")) {
                    int dot = pair.indexOf('.');
                    if (dot > 0) {
                        offsets.put(
                                new TopicPartition(topic.getKey(), Integer.parseInt(pair.substring(0, dot), 36)),
                                Long.parseLong(pair.substring(dot + 1), 36));
                    }
                }
            }
            return new OffsetEntry(
                    value.get("c").asText(),
                    value.get("t").asText(),
                    value.get("k").asInt(),
                    offsets);
        } catch (IOException | NumberFormatException e) {
            return null; // not ours to read
        }
    }
}
