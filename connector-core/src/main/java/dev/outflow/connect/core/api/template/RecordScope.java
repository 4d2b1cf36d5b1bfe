package dev.outflow.connect.core.api.template;

import java.util.Map;

import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.CellType;
import dev.outflow.connect.core.api.MetadataField;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.Rows;

/**
 * What templates (Slack messages, HTTP requests), routing and thread keys see of a record: the row's fields, nested by their dotted
 * names ({@code customer.name} under {@code customer}), and the record's Kafka metadata under the
 * names {@code row.metadata.fields} uses ({@code _topic}, {@code _key}, {@code _header.<name>}, ...),
 * whether or not those fields were added to the row. Values are text (booleans stay booleans, so
 * Mustache sections can test them); null values are left out.
 *
 * <p>Both halves come from the framework, so a template shows a record as a row shows it: the
 * nesting is {@link Row#toMap(java.util.function.Function)}, and the metadata is what the
 * framework's mapper makes of the record's key and headers ({@link Rows#metadataOf}): a
 * Struct or Map key opened into {@code _key.<field>}, a {@code byte[]} header as base64, a
 * structured header as JSON.
 */
public final class RecordScope {

    public static final String KEY = MetadataField.KEY.fieldName();

    private final Map<String, Object> values;

    private RecordScope(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * @throws org.apache.kafka.connect.errors.DataException when the record's key or a header does
     *         not match its schema (the mapper refuses those, naming the field, never the value)
     */
    public static RecordScope of(Row row) {
        Map<String, Object> root = row.toMap(RecordScope::value);
        // the record's own metadata replaces a value field of the same name, as it always has
        root.putAll(Rows.metadataOf(row.record()).toMap(RecordScope::value));
        return new RecordScope(root);
    }

    private static Object value(Cell cell) {
        if (cell.isNull()) {
            return null;
        }
        return cell.type() == CellType.BOOLEAN ? cell.value() : cell.asText();
    }

    /** The scope for Mustache: nested maps of text. */
    public Map<String, Object> values() {
        return values;
    }

    /**
     * The text at a dotted path ({@code team.channel}, {@code _key}, {@code _key.id}), or null when
     * there is none or it is not a single value. At each level the rest of the path is tried whole
     * first, since a name can stay dotted there (see {@link Row#toMap()}).
     */
    public String text(String path) {
        Object node = lookup(values, path);
        return node == null || node instanceof Map ? null : node.toString();
    }

    private static Object lookup(Map<?, ?> map, String path) {
        Object whole = map.get(path);
        if (whole != null) {
            return whole;
        }
        int dot = path.indexOf('.');
        if (dot < 0) {
            return null;
        }
        return map.get(path.substring(0, dot)) instanceof Map<?, ?> child
                ? lookup(child, path.substring(dot + 1))
                : null;
    }
}
