package dev.outflow.connect.core.row;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Compact JSON text for values {@link RowMapper} does not flatten (arrays, values nested deeper
 * than the flatten depth, header values). Hand-written rather than Jackson's generator because it
 * must apply the same type checks and renderings as the mapper: Structs become objects (fields in
 * schema order), Connect logical types become ISO-8601 strings, decimals plain numbers, bytes
 * base64 strings, non-finite floats the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"}.
 *
 * <p>Errors name field paths and types, never values, like the rest of the mapper. The path of an
 * array element is the array's path followed by {@code []}.
 */
final class JsonText {

    /** Decimals whose scale is outside this range are written in E notation, so "1e999999999" cannot blow up. */
    private static final int MAX_PLAIN_SCALE = 1000;

    private JsonText() {
    }

    /** The value as compact JSON. {@code schema} may be null: the value is then read by its Java type. */
    static String json(Schema schema, Object value, String path) {
        StringBuilder sb = new StringBuilder(64);
        append(sb, schema, value, path, true);
        return sb.toString();
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
        StringBuilder sb = new StringBuilder(32);
        append(sb, schema, value, path, false);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Schema schema, Object value, String path, boolean quote) {
        if (schema == null) {
            appendSchemaless(sb, value, path, quote);
        } else {
            appendWithSchema(sb, schema, value, path, quote);
        }
    }

    private static void appendSchemaless(StringBuilder sb, Object v, String path, boolean quote) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s, quote);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            sb.append(((Number) v).longValue());
        } else if (v instanceof Double d) {
            floating(sb, d, quote);
        } else if (v instanceof Float f) {
            floating(sb, RowMapper.widen(f), quote);
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof BigDecimal d) {
            sb.append(plain(d));
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = RowMapper.keyText(e.getKey(), path);
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, key, true);
                sb.append(':');
                appendSchemaless(sb, e.getValue(), path + "." + key, true);
            }
            sb.append('}');
        } else if (v instanceof List<?> list) {
            String elementPath = path + "[]";
            sb.append('[');
            for (int i = 0, n = list.size(); i < n; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendSchemaless(sb, list.get(i), elementPath, true);
            }
            sb.append(']');
        } else if (v instanceof Struct s) {
            struct(sb, s.schema(), s, path);
        } else if (v instanceof java.util.Date d) {
            string(sb, Instant.ofEpochMilli(d.getTime()).toString(), quote);
        } else if (v instanceof byte[] || v instanceof ByteBuffer) {
            string(sb, base64(v), quote);
        } else {
            throw RowMapper.unsupported(v, path);
        }
    }

    private static void appendWithSchema(StringBuilder sb, Schema schema, Object v, String path, boolean quote) {
        if (v == null) {
            if (!schema.isOptional()) {
                throw RowMapper.mismatch(path, schema, null);
            }
            sb.append("null");
            return;
        }
        switch (RowMapper.kindOf(schema)) {
            case RowMapper.K_INT8:
                if (v instanceof Byte) {
                    sb.append(((Byte) v).longValue());
                    return;
                }
                break;
            case RowMapper.K_INT16:
                if (v instanceof Short) {
                    sb.append(((Short) v).longValue());
                    return;
                }
                break;
            case RowMapper.K_INT32:
                if (v instanceof Integer) {
                    sb.append(((Integer) v).longValue());
                    return;
                }
                break;
            case RowMapper.K_INT64:
                if (v instanceof Long) {
                    sb.append(((Long) v).longValue());
                    return;
                }
                break;
            case RowMapper.K_FLOAT32:
                if (v instanceof Float f) {
                    floating(sb, RowMapper.widen(f), quote);
                    return;
                }
                break;
            case RowMapper.K_FLOAT64:
                if (v instanceof Double d) {
                    floating(sb, d, quote);
                    return;
                }
                break;
            case RowMapper.K_BOOLEAN:
                if (v instanceof Boolean b) {
                    sb.append(b.booleanValue());
                    return;
                }
                break;
            case RowMapper.K_STRING:
                if (v instanceof String s) {
                    string(sb, s, quote);
                    return;
                }
                break;
            case RowMapper.K_BYTES:
                if (v instanceof byte[] || v instanceof ByteBuffer) {
                    string(sb, base64(v), quote);
                    return;
                }
                break;
            case RowMapper.K_DECIMAL:
                if (v instanceof BigDecimal d) {
                    sb.append(plain(d));
                    return;
                }
                break;
            case RowMapper.K_DATE:
                if (v instanceof java.util.Date d) {
                    string(sb, RowMapper.toLocalDate(d).toString(), quote);
                    return;
                }
                break;
            case RowMapper.K_TIME:
                if (v instanceof java.util.Date d) {
                    string(sb, RowMapper.toLocalTime(d).toString(), quote);
                    return;
                }
                break;
            case RowMapper.K_TIMESTAMP:
                if (v instanceof java.util.Date d) {
                    string(sb, Instant.ofEpochMilli(d.getTime()).toString(), quote);
                    return;
                }
                break;
            case RowMapper.K_ARRAY:
                if (v instanceof List<?> list) {
                    Schema elementSchema = schema.valueSchema();
                    String elementPath = path + "[]";
                    sb.append('[');
                    for (int i = 0, n = list.size(); i < n; i++) {
                        if (i > 0) {
                            sb.append(',');
                        }
                        appendWithSchema(sb, elementSchema, list.get(i), elementPath, true);
                    }
                    sb.append(']');
                    return;
                }
                break;
            case RowMapper.K_MAP:
                if (v instanceof Map<?, ?> map) {
                    Schema valueSchema = schema.valueSchema();
                    sb.append('{');
                    boolean first = true;
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        String key = RowMapper.keyText(e.getKey(), path);
                        if (!first) {
                            sb.append(',');
                        }
                        first = false;
                        string(sb, key, true);
                        sb.append(':');
                        appendWithSchema(sb, valueSchema, e.getValue(), path + "." + key, true);
                    }
                    sb.append('}');
                    return;
                }
                break;
            case RowMapper.K_STRUCT:
                if (v instanceof Struct s) {
                    struct(sb, schema, s, path);
                    return;
                }
                break;
            default:
                break;
        }
        throw RowMapper.mismatch(path, schema, v);
    }

    /** Fields in the order of {@code declared}; see {@link RowMapper#fieldValue} for a Struct built with another schema. */
    private static void struct(StringBuilder sb, Schema declared, Struct s, String path) {
        List<Field> fields = declared.fields();
        sb.append('{');
        for (int i = 0, n = fields.size(); i < n; i++) {
            Field field = fields.get(i);
            if (i > 0) {
                sb.append(',');
            }
            string(sb, field.name(), true);
            sb.append(':');
            appendWithSchema(sb, field.schema(), RowMapper.fieldValue(s, declared, field), path + "." + field.name(), true);
        }
        sb.append('}');
    }

    private static void floating(StringBuilder sb, double d, boolean quote) {
        if (Double.isFinite(d)) {
            sb.append(d);
        } else {
            // JSON has no NaN or Infinity: written as strings, as Jackson does by default
            string(sb, Double.toString(d), quote);
        }
    }

    private static void string(StringBuilder sb, String s, boolean quote) {
        if (quote) {
            appendQuoted(sb, s);
        } else {
            sb.append(s);
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

    /** Base64 (RFC 4648, with padding) of a {@code byte[]} or of the remaining bytes of a ByteBuffer, which is not moved. */
    static String base64(Object bytes) {
        if (bytes instanceof byte[] array) {
            return Base64.getEncoder().encodeToString(array);
        }
        ByteBuffer buffer = ((ByteBuffer) bytes).duplicate();
        byte[] array = new byte[buffer.remaining()];
        buffer.get(array);
        return Base64.getEncoder().encodeToString(array);
    }
}
