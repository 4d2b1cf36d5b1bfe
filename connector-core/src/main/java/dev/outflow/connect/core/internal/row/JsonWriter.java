package dev.outflow.connect.core.internal.row;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import dev.outflow.connect.core.api.Cell;

/**
 * Compact JSON text of a value, for what a row does not flatten (arrays, values nested deeper than
 * the flatten depth, header values). Values are read by {@link ValueWalker}, so they are checked
 * and rendered as the cells of a row are: Structs become objects (fields in schema order), Connect
 * logical types ISO-8601 strings, decimals plain numbers, bytes base64 strings, non-finite floats
 * the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (JSON has no such numbers).
 * Hand-written rather than Jackson's generator because those renderings are ours, not Jackson's.
 *
 * <p>One instance writes one value; errors name field paths and types, never values. The path of
 * an array element is the array's path followed by {@code []}.
 */
final class JsonWriter implements ValueVisitor {

    /** Decimals whose scale is outside this range are written in E notation, so "1e999999999" cannot blow up. */
    private static final int MAX_PLAIN_SCALE = 1000;

    private final StringBuilder sb;
    /** False for {@link #text}: a string at the top is written bare; inside a container strings are always quoted. */
    private final boolean quoteTop;

    private int depth;

    private JsonWriter(int capacity, boolean quoteTop) {
        this.sb = new StringBuilder(capacity);
        this.quoteTop = quoteTop;
    }

    /** The value as compact JSON. {@code schema} may be null: the value is then read by its Java type. */
    static String json(Schema schema, Object value, String path) {
        JsonWriter writer = new JsonWriter(64, true);
        ValueWalker.walk(schema, value, path, 0, writer);
        return writer.sb.toString();
    }

    /**
     * The value as text: like {@link #json} except that a value rendered as a JSON string at the top
     * (text, timestamps, bytes) is given without quotes or escapes. Null for null.
     */
    static String text(Schema schema, Object value, String path) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s && (schema == null || schema.type() == Schema.Type.STRING)) {
            return s;
        }
        JsonWriter writer = new JsonWriter(32, false);
        ValueWalker.walk(schema, value, path, 0, writer);
        return writer.sb.toString();
    }

    // ---------------------------------------------------------------- leaves

    @Override
    public void nullValue(String path, Schema schema, int level) {
        sb.append("null");
    }

    @Override
    public void text(String path, String value) {
        string(value);
    }

    @Override
    public void integer(String path, long value) {
        sb.append(value);
    }

    @Override
    public void floating(String path, double value) {
        if (Double.isFinite(value)) {
            sb.append(value);
        } else {
            string(Double.toString(value));
        }
    }

    @Override
    public void bool(String path, boolean value) {
        sb.append(value);
    }

    @Override
    public void decimal(String path, BigDecimal value) {
        sb.append(plain(value));
    }

    @Override
    public void date(String path, LocalDate value) {
        string(value.toString());
    }

    @Override
    public void time(String path, LocalTime value) {
        string(value.toString());
    }

    @Override
    public void timestamp(String path, Instant value) {
        string(value.toString());
    }

    // ---------------------------------------------------------------- containers: always opened

    @Override
    public void struct(String path, int level, Schema declared, Struct value) {
        List<Field> fields = declared.fields();
        sb.append('{');
        depth++;
        for (int i = 0, n = fields.size(); i < n; i++) {
            Field field = fields.get(i);
            if (i > 0) {
                sb.append(',');
            }
            appendQuoted(sb, field.name());
            sb.append(':');
            ValueWalker.walk(
                    field.schema(), ValueWalker.fieldValue(value, declared, field), path + "." + field.name(), 0, this);
        }
        depth--;
        sb.append('}');
    }

    @Override
    public void map(String path, int level, Schema mapSchema, Map<?, ?> value) {
        Schema valueSchema = mapSchema == null ? null : mapSchema.valueSchema();
        sb.append('{');
        depth++;
        boolean first = true;
        for (Map.Entry<?, ?> e : value.entrySet()) {
            String key = ValueWalker.keyText(e.getKey(), path);
            if (!first) {
                sb.append(',');
            }
            first = false;
            appendQuoted(sb, key);
            sb.append(':');
            ValueWalker.walk(valueSchema, e.getValue(), path + "." + key, 0, this);
        }
        depth--;
        sb.append('}');
    }

    @Override
    public void array(String path, int level, Schema arraySchema, List<?> value) {
        Schema elementSchema = arraySchema == null ? null : arraySchema.valueSchema();
        String elementPath = path + "[]";
        sb.append('[');
        depth++;
        for (int i = 0, n = value.size(); i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            ValueWalker.walk(elementSchema, value.get(i), elementPath, 0, this);
        }
        depth--;
        sb.append(']');
    }

    private void string(String s) {
        if (quoteTop || depth > 0) {
            appendQuoted(sb, s);
        } else {
            sb.append(s);
        }
    }

    // ---------------------------------------------------------------- shared renderings

    /**
     * A cell's value as JSON, rendered as the same value is rendered inside JSON text: what
     * {@link Row#toJson()} writes.
     */
    static void appendCell(StringBuilder sb, Cell cell) {
        Object v = cell.value();
        switch (cell.type()) {
            case NULL -> sb.append("null");
            case INTEGER, BOOLEAN -> sb.append(v);
            case DECIMAL -> sb.append(plain((BigDecimal) v));
            case FLOAT -> {
                double d = (Double) v;
                if (Double.isFinite(d)) {
                    sb.append(d);
                } else {
                    appendQuoted(sb, Double.toString(d));
                }
            }
            case TEXT, TIMESTAMP, DATE, TIME -> appendQuoted(sb, v.toString());
        }
    }

    /** Appends {@code s} as a JSON string literal, escaping quotes, backslashes and control characters. */
    static void appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        int start = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                sb.append(s, start, i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    default -> {
                        sb.append("\\u00");
                        sb.append(Character.forDigit(c >> 4, 16));
                        sb.append(Character.forDigit(c & 0xF, 16));
                    }
                }
                start = i + 1;
            }
        }
        sb.append(s, start, length);
        sb.append('"');
    }

    /** A decimal as a plain JSON number ({@code 1E+3} is written {@code 1000}), unless its scale is absurd. */
    static String plain(BigDecimal d) {
        int scale = d.scale();
        return scale >= -MAX_PLAIN_SCALE && scale <= MAX_PLAIN_SCALE ? d.toPlainString() : d.toString();
    }
}
