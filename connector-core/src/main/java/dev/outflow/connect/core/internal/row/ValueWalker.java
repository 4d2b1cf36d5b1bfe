package dev.outflow.connect.core.internal.row;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The one place that knows Connect's types: given a value and its schema (or none), it checks the
 * value's Java type against the schema, converts it (Connect logical types to {@code java.time},
 * FLOAT32 to the double its decimal text denotes, bytes to base64) and hands it to a
 * {@link ValueVisitor}. Cells and JSON text are both produced through here, so a type is read the
 * same way wherever it ends up (a cell, a nested JSON value, a header).
 *
 * <p>Stateless; containers are not opened here but handed to the visitor, which decides whether
 * to flatten them into fields or write them as JSON, and walks their children through here again.
 */
final class ValueWalker {

    // What a schema holds: the value of one switch per value. Ints, not an enum, so that compiled
    // layouts store them and the switch needs no ordinal lookup.
    static final int K_INT8 = 0;
    static final int K_INT16 = 1;
    static final int K_INT32 = 2;
    static final int K_INT64 = 3;
    static final int K_FLOAT32 = 4;
    static final int K_FLOAT64 = 5;
    static final int K_BOOLEAN = 6;
    static final int K_STRING = 7;
    static final int K_BYTES = 8;
    static final int K_DECIMAL = 9;
    static final int K_DATE = 10;
    static final int K_TIME = 11;
    static final int K_TIMESTAMP = 12;
    static final int K_ARRAY = 13;
    static final int K_MAP = 14;
    static final int K_STRUCT = 15;

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private ValueWalker() {}

    /** Walks {@code v}, read by {@code schema}, or by its Java type when {@code schema} is null. */
    static void walk(Schema schema, Object v, String path, int level, ValueVisitor out) {
        if (schema == null) {
            walkSchemaless(v, path, level, out);
        } else {
            walkKind(kindOf(schema), schema, v, path, level, out);
        }
    }

    /** As {@link #walk} with the schema's {@link #kindOf kind} already known (compiled layouts keep it). */
    static void walkKind(int kind, Schema schema, Object v, String path, int level, ValueVisitor out) {
        if (v == null) {
            if (!schema.isOptional()) {
                throw mismatch(path, schema, null);
            }
            out.nullValue(path, schema, level);
            return;
        }
        switch (kind) {
            case K_STRING:
                if (v instanceof String s) {
                    out.text(path, s);
                    return;
                }
                break;
            case K_INT64:
                if (v instanceof Long l) {
                    out.integer(path, l);
                    return;
                }
                break;
            case K_INT32:
                if (v instanceof Integer i) {
                    out.integer(path, i);
                    return;
                }
                break;
            case K_INT16:
                if (v instanceof Short s) {
                    out.integer(path, s);
                    return;
                }
                break;
            case K_INT8:
                if (v instanceof Byte b) {
                    out.integer(path, b);
                    return;
                }
                break;
            case K_FLOAT64:
                if (v instanceof Double d) {
                    out.floating(path, d);
                    return;
                }
                break;
            case K_FLOAT32:
                if (v instanceof Float f) {
                    out.floating(path, widen(f));
                    return;
                }
                break;
            case K_BOOLEAN:
                if (v instanceof Boolean b) {
                    out.bool(path, b);
                    return;
                }
                break;
            case K_BYTES:
                if (v instanceof byte[] || v instanceof ByteBuffer) {
                    out.text(path, base64(v));
                    return;
                }
                break;
            case K_DECIMAL:
                if (v instanceof BigDecimal d) {
                    out.decimal(path, d);
                    return;
                }
                break;
            case K_DATE:
                if (v instanceof java.util.Date d) {
                    out.date(path, toLocalDate(d));
                    return;
                }
                break;
            case K_TIME:
                if (v instanceof java.util.Date d) {
                    out.time(path, toLocalTime(d));
                    return;
                }
                break;
            case K_TIMESTAMP:
                if (v instanceof java.util.Date d) {
                    out.timestamp(path, Instant.ofEpochMilli(d.getTime()));
                    return;
                }
                break;
            case K_ARRAY:
                if (v instanceof List<?> list) {
                    out.array(path, level, schema, list);
                    return;
                }
                break;
            case K_MAP:
                if (v instanceof Map<?, ?> map) {
                    out.map(path, level, schema, map);
                    return;
                }
                break;
            case K_STRUCT:
                if (v instanceof Struct struct) {
                    out.struct(path, level, schema, struct);
                    return;
                }
                break;
            default:
                break;
        }
        throw mismatch(path, schema, v);
    }

    /**
     * A value without a schema, by its Java type: the types Connect's converters produce without
     * schemas come first (JsonConverter: String, Long, Double, Boolean, Map, List, BigDecimal).
     */
    static void walkSchemaless(Object v, String path, int level, ValueVisitor out) {
        if (v == null) {
            out.nullValue(path, null, level);
        } else if (v instanceof String s) {
            out.text(path, s);
        } else if (v instanceof Long l) {
            out.integer(path, l);
        } else if (v instanceof Integer i) {
            out.integer(path, i);
        } else if (v instanceof Double d) {
            out.floating(path, d);
        } else if (v instanceof Boolean b) {
            out.bool(path, b);
        } else if (v instanceof Map<?, ?> map) {
            out.map(path, level, null, map);
        } else if (v instanceof BigDecimal d) {
            out.decimal(path, d);
        } else if (v instanceof List<?> list) {
            out.array(path, level, null, list);
        } else if (v instanceof Struct struct) {
            out.struct(path, level, struct.schema(), struct);
        } else if (v instanceof Float f) {
            out.floating(path, widen(f));
        } else if (v instanceof Short s) {
            out.integer(path, s);
        } else if (v instanceof Byte b) {
            out.integer(path, b);
        } else if (v instanceof java.util.Date d) {
            out.timestamp(path, Instant.ofEpochMilli(d.getTime()));
        } else if (v instanceof byte[] || v instanceof ByteBuffer) {
            out.text(path, base64(v));
        } else {
            throw unsupported(v, path);
        }
    }

    /** The kind of a schema: its Connect type, or the logical type (Decimal, Date, Time, Timestamp) it carries. */
    static int kindOf(Schema schema) {
        String logical = schema.name();
        switch (schema.type()) {
            case INT8:
                return K_INT8;
            case INT16:
                return K_INT16;
            case INT32:
                if (logical != null) {
                    if (Date.LOGICAL_NAME.equals(logical)) {
                        return K_DATE;
                    }
                    if (Time.LOGICAL_NAME.equals(logical)) {
                        return K_TIME;
                    }
                }
                return K_INT32;
            case INT64:
                return Timestamp.LOGICAL_NAME.equals(logical) ? K_TIMESTAMP : K_INT64;
            case FLOAT32:
                return K_FLOAT32;
            case FLOAT64:
                return K_FLOAT64;
            case BOOLEAN:
                return K_BOOLEAN;
            case STRING:
                return K_STRING;
            case BYTES:
                return Decimal.LOGICAL_NAME.equals(logical) ? K_DECIMAL : K_BYTES;
            case ARRAY:
                return K_ARRAY;
            case MAP:
                return K_MAP;
            case STRUCT:
                return K_STRUCT;
            default:
                throw new UnmappableRecordException("unsupported schema type " + schema.type());
        }
    }

    /**
     * The value of {@code field} (a field of {@code declared}) in {@code struct}. A Struct built with
     * another schema object is read by field name, so a changed field order cannot shift values
     * into the wrong columns; a field it lacks reads as null.
     */
    static Object fieldValue(Struct struct, Schema declared, Field field) {
        Schema actual = struct.schema();
        if (actual == declared) {
            return struct.get(field);
        }
        Field actualField = actual.field(field.name());
        return actualField == null ? null : struct.get(actualField);
    }

    /** A map key as a name: its {@code toString()}. {@code path} names the map, for the error on a null key. */
    static String keyText(Object key, String path) {
        if (key instanceof String s) {
            return s;
        }
        if (key == null) {
            throw new UnmappableRecordException("null map key at field " + path);
        }
        return key.toString();
    }

    /** A FLOAT32 as the double its decimal text denotes: 0.1f is 0.1, not 0.10000000149011612. */
    static double widen(float f) {
        return Float.isFinite(f) ? Double.parseDouble(Float.toString(f)) : f;
    }

    /** Connect's Date: midnight UTC of the day. */
    static LocalDate toLocalDate(java.util.Date date) {
        return LocalDate.ofEpochDay(Math.floorDiv(date.getTime(), MILLIS_PER_DAY));
    }

    /** Connect's Time: milliseconds since midnight UTC. */
    static LocalTime toLocalTime(java.util.Date date) {
        return LocalTime.ofNanoOfDay(Math.floorMod(date.getTime(), MILLIS_PER_DAY) * 1_000_000L);
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

    /** The schema's type for messages: the logical type's short name (Decimal, Date, ...) or the Connect type. */
    private static String typeName(Schema schema) {
        return switch (kindOf(schema)) {
            case K_DECIMAL -> "Decimal";
            case K_DATE -> "Date";
            case K_TIME -> "Time";
            case K_TIMESTAMP -> "Timestamp";
            default -> schema.type().name();
        };
    }

    private static String className(Object value) {
        String name = value.getClass().getSimpleName();
        return name.isEmpty() ? value.getClass().getName() : name;
    }

    /** A value that does not match its schema; names the path and the types, never the value. */
    static UnmappableRecordException mismatch(String path, Schema schema, Object value) {
        return new UnmappableRecordException("schema mismatch at field " + path + ": expected " + typeName(schema)
                + ", got " + (value == null ? "null (the field is required)" : className(value)));
    }

    static UnmappableRecordException unsupported(Object value, String path) {
        return new UnmappableRecordException("unsupported value type " + className(value) + " at field " + path);
    }
}
