package dev.outflow.connect.core.internal.row;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.Row;

/**
 * A row's flattened names opened back into nested maps: {@code customer.name} under
 * {@code customer}. Used for templates and JSON bodies, which want {@code {"customer":{"name":..}}}
 * rather than dotted keys. Names are split at dots in row order; when a part of a name already
 * holds a value (a field {@code a} before a field {@code a.b}), the rest of the name stays one key
 * at that level ({@code "a.b"}) so nothing is lost; a value whose name is already a group (a field
 * {@code a} after {@code a.b}) is left out of the tree ({@link Row#get} still has it).
 */
public final class RowTree {

    private RowTree() {}

    /**
     * The row as nested {@link LinkedHashMap}s in row order, each leaf {@code valueOf(cell)}; a cell
     * for which it gives null is left out when {@code keepNulls} is false, kept as a null otherwise.
     */
    public static Map<String, Object> of(Row row, Function<? super Cell, ?> valueOf, boolean keepNulls) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (int i = 0, n = row.size(); i < n; i++) {
            Object value = valueOf.apply(row.cell(i));
            if (value != null || keepNulls) {
                put(root, row.name(i), value);
            }
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String name, Object value) {
        Map<String, Object> node = root;
        int start = 0;
        int dot;
        while ((dot = name.indexOf('.', start)) >= 0) {
            String part = name.substring(start, dot);
            Object child = node.get(part);
            if (child == null && !node.containsKey(part)) {
                child = new LinkedHashMap<String, Object>();
                node.put(part, child);
            } else if (!(child instanceof Map)) {
                break; // the part holds a value: the rest of the name stays one key here
            }
            node = (Map<String, Object>) child;
            start = dot + 1;
        }
        String last = start == 0 ? name : name.substring(start);
        if (!node.containsKey(last)) {
            node.put(last, value);
        }
    }

    /** The row as one compact JSON object, nested as {@link #of}, every cell kept ({@link JsonWriter#appendCell}). */
    public static String json(Row row) {
        StringBuilder sb = new StringBuilder(16 + row.sizeBytes());
        if (isFlat(row)) {
            appendFlat(sb, row);
        } else {
            appendObject(sb, of(row, Function.identity(), true));
        }
        return sb.toString();
    }

    /** Most rows at most this wide and without dotted names, for which the tree would be the row itself. */
    private static final int FLAT_MAX_FIELDS = 16;

    /**
     * True when the tree of the row is the row as it is: no dotted name and no name twice (a value
     * field named like a metadata field). Checked pairwise, which for a narrow row costs less than
     * building the tree it spares: the JSON body of every HTTP request is made of these.
     */
    private static boolean isFlat(Row row) {
        int n = row.size();
        if (n > FLAT_MAX_FIELDS) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            String name = row.name(i);
            if (name.indexOf('.') >= 0) {
                return false;
            }
            for (int j = 0; j < i; j++) {
                if (name.equals(row.name(j))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void appendFlat(StringBuilder sb, Row row) {
        sb.append('{');
        for (int i = 0, n = row.size(); i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonWriter.appendQuoted(sb, row.name(i));
            sb.append(':');
            JsonWriter.appendCell(sb, row.cell(i));
        }
        sb.append('}');
    }

    private static void appendObject(StringBuilder sb, Map<?, ?> node) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : node.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            JsonWriter.appendQuoted(sb, (String) e.getKey());
            sb.append(':');
            if (e.getValue() instanceof Map<?, ?> child) {
                appendObject(sb, child);
            } else {
                JsonWriter.appendCell(sb, (Cell) e.getValue());
            }
        }
        sb.append('}');
    }
}
