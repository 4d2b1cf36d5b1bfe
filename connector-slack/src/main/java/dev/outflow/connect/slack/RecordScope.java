package dev.outflow.connect.slack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import dev.outflow.connect.core.row.Cell;
import dev.outflow.connect.core.row.CellType;
import dev.outflow.connect.core.row.MetadataField;
import dev.outflow.connect.core.row.Row;

/**
 * What templates, routing and thread keys see of a record: the row's fields, nested by their dotted
 * names ({@code customer.name} under {@code customer}), and the record's Kafka metadata under the
 * names {@code row.metadata.fields} uses ({@code _topic}, {@code _key}, {@code _header.<name>}, ...),
 * whether or not those fields were added to the row. Values are text (booleans stay booleans, so
 * Mustache sections can test them); null values are left out.
 */
final class RecordScope {

    static final String TOPIC = MetadataField.TOPIC.fieldName();
    static final String PARTITION = MetadataField.PARTITION.fieldName();
    static final String OFFSET = MetadataField.OFFSET.fieldName();
    static final String TIMESTAMP = MetadataField.TIMESTAMP.fieldName();
    static final String KEY = MetadataField.KEY.fieldName();
    static final String HEADER = MetadataField.HEADERS.fieldName();

    /** How deep a record key that is a map or struct is opened up; deeper parts are text. */
    private static final int MAX_KEY_DEPTH = 4;

    private final Map<String, Object> values;

    private RecordScope(Map<String, Object> values) {
        this.values = values;
    }

    static RecordScope of(Row row) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            Object value = value(row.cell(i));
            if (value != null) {
                put(root, row.name(i), value);
            }
        }
        SinkRecord record = row.record();
        root.put(TOPIC, row.topic());
        root.put(PARTITION, String.valueOf(row.partition()));
        root.put(OFFSET, String.valueOf(row.offset()));
        if (record.timestamp() != null) {
            root.put(TIMESTAMP, Instant.ofEpochMilli(record.timestamp()).toString());
        }
        Object key = keyValue(record.key(), 0);
        if (key != null) {
            root.put(KEY, key);
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), header.value() instanceof byte[] bytes
                        ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(header.value()));
            }
        }
        if (!headers.isEmpty()) {
            root.put(HEADER, headers);
        }
        return new RecordScope(root);
    }

    private static Object value(Cell cell) {
        if (cell.isNull()) {
            return null;
        }
        return cell.type() == CellType.BOOLEAN ? cell.value() : cell.asText();
    }

    /** Files {@code a.b.c} under {@code a} then {@code b}; a name already holding a value keeps it. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String dottedName, Object value) {
        String[] parts = dottedName.split("\\.", -1);
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.computeIfAbsent(parts[i], p -> new LinkedHashMap<String, Object>());
            if (!(child instanceof Map)) {
                return;
            }
            node = (Map<String, Object>) child;
        }
        node.putIfAbsent(parts[parts.length - 1], value);
    }

    private static Object keyValue(Object key, int depth) {
        if (key == null) {
            return null;
        }
        if (depth < MAX_KEY_DEPTH && key instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object value = keyValue(v, depth + 1);
                if (value != null) {
                    out.put(String.valueOf(k), value);
                }
            });
            return out;
        }
        if (depth < MAX_KEY_DEPTH && key instanceof Struct struct) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Field field : struct.schema().fields()) {
                Object value = keyValue(struct.get(field), depth + 1);
                if (value != null) {
                    out.put(field.name(), value);
                }
            }
            return out;
        }
        return key instanceof Boolean ? key : String.valueOf(key);
    }

    /** The scope for Mustache: nested maps of text. */
    Map<String, Object> values() {
        return values;
    }

    /**
     * The text at a dotted path ({@code team.channel}, {@code _key}, {@code _key.id}), or null when
     * there is none or it is not a single value.
     */
    String text(String path) {
        Object node = values.get(path);
        if (node == null) {
            node = values;
            for (String part : path.split("\\.", -1)) {
                if (!(node instanceof Map<?, ?> map)) {
                    return null;
                }
                node = map.get(part);
            }
        }
        return node == null || node instanceof Map ? null : node.toString();
    }
}
