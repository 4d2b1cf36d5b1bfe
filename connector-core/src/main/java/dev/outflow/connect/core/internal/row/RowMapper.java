package dev.outflow.connect.core.internal.row;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.MetadataField;
import dev.outflow.connect.core.api.Row;

/**
 * Turns a {@link SinkRecord} into a {@link Row} of named, typed cells: the one mapping path every
 * destination uses (DESIGN.md section 3.2). Instances are immutable apart from an internal schema
 * cache and are safe to share between threads; one per task is the intended use.
 *
 * <h2>Record values</h2>
 * <ul>
 *   <li>A {@link Struct}: one field per schema field, in schema order. The record's value schema
 *       is the contract: when the Struct was built with another schema object, its fields are read
 *       by name and checked against the record's schema.</li>
 *   <li>A {@link Map} without a schema (or with a MAP schema): one field per entry, in the map's
 *       iteration order; keys become names through {@code toString()}. (Connect's JsonConverter
 *       builds a HashMap, so its fields do not come in document order: match columns by name.)</li>
 *   <li>A {@link String} when {@code parseJsonStrings} is true (no schema or a STRING schema): a
 *       JSON object becomes one field per member, in document order; any other JSON value becomes
 *       one field named {@code value}. Text that is not one valid JSON value (including trailing
 *       content) is refused with its line and column, never its text.</li>
 *   <li>Anything else (a primitive, a String when parsing is off, an array): one field named
 *       {@code value}.</li>
 *   <li>Null: a tombstone. The row has {@link Row#isDelete()} true and holds only the key fields
 *       (always, whether or not {@link MetadataField#KEY} is configured: a destination needs the key
 *       to delete) and the other configured metadata fields. Whether tombstones are ignored,
 *       deleted or fatal ({@code behavior.on.null.values}) is the caller's decision.</li>
 * </ul>
 *
 * <h2>Types</h2>
 * INT8/16/32/64 become {@link CellType#INTEGER} (Long); FLOAT32/64 {@link CellType#FLOAT} (Double;
 * NaN and infinities kept; a FLOAT32 is widened through its shortest decimal text, so
 * {@code 0.1f} becomes {@code 0.1} and not {@code 0.10000000149011612}); BOOLEAN; STRING
 * {@link CellType#TEXT}; BYTES ({@code byte[]} or {@link ByteBuffer}) base64 TEXT. Connect logical
 * types: {@link Decimal} {@link CellType#DECIMAL}, {@link Date} {@link CellType#DATE} (UTC),
 * {@link Time} {@link CellType#TIME} (UTC millisecond of day), {@link Timestamp}
 * {@link CellType#TIMESTAMP}; other logical types are mapped by their base type. Without a schema:
 * Byte/Short/Integer/Long INTEGER, Float/Double FLOAT, BigDecimal DECIMAL, {@link java.util.Date}
 * TIMESTAMP, String, Boolean, {@code byte[]}/ByteBuffer as above; any other class is refused.
 * In JSON text: integers that fit a long INTEGER, larger integers and every number with a fraction
 * or exponent DECIMAL (exact, as written: {@code 1.50} keeps its scale), true/false BOOLEAN, null
 * {@link CellType#NULL}.
 *
 * <p>A null in an optional field is {@link Cell#NULL} and the field is still present, so columns
 * stay stable; a null optional Struct that would be flattened gives a NULL for each of its
 * flattened fields. A Struct field with a schema default reads as the default when unset (Connect's
 * {@link Struct#get(Field)}).
 *
 * <h2>Flattening</h2>
 * The top-level Struct, Map or JSON object of a value (or of a key) is always expanded: its fields
 * are at <em>nesting level 0</em>. A Struct, Map or JSON object held by a field at level {@code L}
 * is flattened when {@code L < flattenMaxDepth}: its fields become {@code name.child} at level
 * {@code L + 1}. Otherwise the field holds the whole nested value as compact JSON text. So names
 * have at most {@code flattenMaxDepth + 1} dot-separated parts. With {@code {"a":{"b":{"c":1}}}}:
 * depth 0 gives {@code a = {"b":{"c":1}}}; depth 1 gives {@code a.b = {"c":1}}; depth 2 gives
 * {@code a.b.c = 1}. A flattened empty Map or JSON object contributes no field. Arrays (Connect
 * ARRAY, {@link List}, JSON arrays) are always JSON text, at any level. In JSON text, Structs are
 * objects, logical types ISO-8601 strings ({@code 2024-05-01}, {@code 13:45:00.250},
 * {@code 2024-05-01T13:45:00.250Z}), decimals plain numbers, bytes base64 strings, non-finite
 * floats the strings {@code "NaN"}/{@code "Infinity"}/{@code "-Infinity"}.
 *
 * <h2>Metadata fields</h2>
 * Configured {@link MetadataField}s come after the value fields, in the enum's order:
 * {@code _topic} (TEXT, {@link SinkRecord#originalTopic()}), {@code _partition} (INTEGER,
 * {@link SinkRecord#originalKafkaPartition()}), {@code _offset} (INTEGER,
 * {@link SinkRecord#originalKafkaOffset()}), {@code _timestamp} (TIMESTAMP, or NULL when the
 * record has none), the key, and the headers. A primitive key is {@code _key}; a Struct or Map
 * key is expanded to {@code _key.<field>} with the flattening rules above; a String key is never
 * JSON-parsed. Each header is {@code _header.<name>} as TEXT (bytes as base64, structured values as JSON
 * text; null as NULL); when a name repeats, the field keeps the position of its first header and
 * the value of its last.
 *
 * <h2>Refused records</h2>
 * {@link UnmappableRecordException}, whose message names field paths and type names but never a
 * value: a value whose Java type does not match its schema (checked while mapping, field by field,
 * including a required field that is null), a schemaless value of an unsupported class, a null map
 * key, invalid JSON, and two fields that end up with the same name (for example a map key
 * {@code "a.b"} next to a map {@code "a"} holding {@code "b"}, or a value field named
 * {@code _topic} while {@code _topic} is configured). The path of an array element is the array's
 * path followed by {@code []}; the record's own value is {@code value}, its key {@code _key}.
 *
 * <h2>Size estimate</h2>
 * {@link Row#sizeBytes()} is the sum over cells of: the name's length, plus the value's size
 * (TEXT: its length in UTF-16 chars; INTEGER, FLOAT, BOOLEAN, TIMESTAMP, DATE, TIME: 8; DECIMAL:
 * {@code unscaledValue().bitLength() / 8 + 1}; NULL: 0), plus 4 ({@code CELL_OVERHEAD_BYTES}) for
 * the quotes, separators and framing a destination adds around each cell. It is what
 * {@code batch.max.bytes} counts, an estimate rather than an exact wire size.
 *
 * <h2>Speed</h2>
 * The layout of a Struct schema (flattened names, per-field kinds) is compiled once and cached by
 * schema identity ({@link StructLayout}), so the per-record work is one pass of cheap
 * {@code instanceof} checks and cell allocations; the duplicate-name check runs once per Struct
 * layout and per record only for maps, JSON and headers, whose names vary.
 *
 * <h2>How it is built</h2>
 * This class decides what a record contributes (value, key, metadata) and checks the names. The
 * Connect type dispatch is {@link ValueWalker}'s alone; it hands values to a {@link CellSink}
 * (cells, and the flattening rule) or a {@link JsonWriter} (JSON text). JSON strings are read by
 * {@link JsonDocumentReader}. None of these call back into this class.
 */
public final class RowMapper {

    /** What {@link Row#sizeBytes()} adds per cell on top of its name and value. */
    static final int CELL_OVERHEAD_BYTES = CellSink.CELL_OVERHEAD_BYTES;

    private static final String VALUE_FIELD = "value";
    private static final String KEY_FIELD = MetadataField.KEY.fieldName();
    private static final String KEY_PREFIX = KEY_FIELD + ".";
    private static final String HEADER_PREFIX = MetadataField.HEADERS.fieldName() + ".";
    private static final String TOPIC_FIELD = MetadataField.TOPIC.fieldName();
    private static final String PARTITION_FIELD = MetadataField.PARTITION.fieldName();
    private static final String OFFSET_FIELD = MetadataField.OFFSET.fieldName();
    private static final String TIMESTAMP_FIELD = MetadataField.TIMESTAMP.fieldName();

    private static final int JSON_FIELDS_GUESS = 16;
    private static final int DUPLICATE_SCAN_LIMIT = 48;

    /** Key "shapes" whose names never vary, for the once-per-layout duplicate check (see {@link StructLayout#verifiedKey}). */
    private static final Object NO_KEY = new Object();

    private static final Object SCALAR_KEY = new Object();

    private final int flattenMaxDepth;
    private final boolean parseJsonStrings;
    private final boolean metaTopic;
    private final boolean metaPartition;
    private final boolean metaOffset;
    private final boolean metaTimestamp;
    private final boolean metaKey;
    private final boolean metaHeaders;
    private final int fixedMetaCount;
    private final JsonDocumentReader json = new JsonDocumentReader();
    private final StructLayout.Cache valueLayouts;
    private final StructLayout.Cache keyLayouts;

    /**
     * @param flattenMaxDepth  how many levels of nested Structs, Maps and JSON objects flatten into
     *                         {@code parent.child} names (see the class comment); 0 or more
     * @param parseJsonStrings whether a String value holding JSON is parsed into fields
     * @param metadataFields   the Kafka metadata to add as fields; may be empty
     */
    public RowMapper(int flattenMaxDepth, boolean parseJsonStrings, Set<MetadataField> metadataFields) {
        if (flattenMaxDepth < 0) {
            throw new IllegalArgumentException("flattenMaxDepth must be 0 or more, not " + flattenMaxDepth);
        }
        Set<MetadataField> meta =
                metadataFields.isEmpty() ? EnumSet.noneOf(MetadataField.class) : EnumSet.copyOf(metadataFields);
        this.flattenMaxDepth = flattenMaxDepth;
        this.parseJsonStrings = parseJsonStrings;
        this.metaTopic = meta.contains(MetadataField.TOPIC);
        this.metaPartition = meta.contains(MetadataField.PARTITION);
        this.metaOffset = meta.contains(MetadataField.OFFSET);
        this.metaTimestamp = meta.contains(MetadataField.TIMESTAMP);
        this.metaKey = meta.contains(MetadataField.KEY);
        this.metaHeaders = meta.contains(MetadataField.HEADERS);
        this.fixedMetaCount =
                (metaTopic ? 1 : 0) + (metaPartition ? 1 : 0) + (metaOffset ? 1 : 0) + (metaTimestamp ? 1 : 0);
        this.valueLayouts = new StructLayout.Cache("", VALUE_FIELD, flattenMaxDepth);
        this.keyLayouts = new StructLayout.Cache(KEY_PREFIX, KEY_FIELD, flattenMaxDepth);
    }

    /**
     * Maps one record; see the class comment for the rules.
     *
     * @throws UnmappableRecordException when the record can never become a row; the message is
     *                                   safe to log (field paths and type names only)
     */
    public Row toRow(SinkRecord record) {
        Objects.requireNonNull(record, "record");
        Object value = record.value();
        if (value == null) {
            CellSink out = sink(metadataCapacity(record, true));
            emitMetadata(record, out, true);
            return finish(record, out, true, true);
        }
        Schema schema = record.valueSchema();
        if (value instanceof Struct struct) {
            Schema declared = schema != null ? schema : struct.schema();
            if (declared.type() != Schema.Type.STRUCT) {
                throw ValueWalker.mismatch(VALUE_FIELD, declared, value);
            }
            StructLayout layout = valueLayouts.get(declared);
            CellSink out = sink(layout.expectedCells + metadataCapacity(record, metaKey));
            layout.emit(struct, out);
            Object keyShape = emitMetadata(record, out, metaKey);
            // a fixed layout with fixed metadata names needs the duplicate check only once
            boolean verifiable = layout.fixed && keyShape != null;
            boolean verified = verifiable && layout.verifiedKey == keyShape;
            Row row = finish(record, out, false, !verified);
            if (verifiable && !verified) {
                layout.verifiedKey = keyShape;
            }
            return row;
        }
        CellSink out;
        if (value instanceof Map<?, ?> map && (schema == null || schema.type() == Schema.Type.MAP)) {
            out = sink(map.size() + metadataCapacity(record, metaKey));
            out.entries(schema, map, "", VALUE_FIELD, 0);
        } else if (parseJsonStrings
                && value instanceof String text
                && (schema == null || schema.type() == Schema.Type.STRING)) {
            out = sink(JSON_FIELDS_GUESS + metadataCapacity(record, metaKey));
            json.read(text, VALUE_FIELD, out);
        } else {
            out = sink(1 + metadataCapacity(record, metaKey));
            // Structs and Maps that match their schema were handled above; level -1 writes any
            // other container as JSON text, and a STRUCT or MAP schema here is a mismatch
            ValueWalker.walk(schema, value, VALUE_FIELD, -1, out);
        }
        emitMetadata(record, out, metaKey);
        return finish(record, out, false, true);
    }

    /**
     * The configured metadata fields of a record alone, by the rules of {@link #toRow} (a row with
     * no value fields, never a delete): for a destination that shows a record's metadata (a
     * template's {@code _key}, {@code _header.<name>}) whether or not the connector's rows carry it.
     *
     * @throws UnmappableRecordException when the key or a header does not match its schema
     */
    public Row metadataRow(SinkRecord record) {
        Objects.requireNonNull(record, "record");
        CellSink out = sink(metadataCapacity(record, metaKey));
        emitMetadata(record, out, metaKey);
        return finish(record, out, false, metaHeaders || metaKey);
    }

    private CellSink sink(int capacity) {
        return new CellSink(capacity, flattenMaxDepth);
    }

    private static Row finish(SinkRecord record, CellSink out, boolean delete, boolean checkDuplicates) {
        String[] names = out.names;
        Cell[] cells = out.cells;
        int n = out.n;
        if (n != names.length) {
            names = Arrays.copyOf(names, n);
            cells = Arrays.copyOf(cells, n);
        }
        if (checkDuplicates) {
            checkDuplicates(names);
        }
        return new Row(record, names, cells, delete, (int) Math.min(out.bytes, Integer.MAX_VALUE));
    }

    static void checkDuplicates(String[] names) {
        int n = names.length;
        if (n <= DUPLICATE_SCAN_LIMIT) {
            // pairwise on cached hash codes: cheaper than a HashSet for the usual handful of fields
            for (int i = 1; i < n; i++) {
                String a = names[i];
                int h = a.hashCode();
                for (int j = 0; j < i; j++) {
                    String b = names[j];
                    if (b.hashCode() == h && b.equals(a)) {
                        throw duplicate(a);
                    }
                }
            }
        } else {
            Set<String> seen = new HashSet<>(n * 2);
            for (String name : names) {
                if (!seen.add(name)) {
                    throw duplicate(name);
                }
            }
        }
    }

    private static UnmappableRecordException duplicate(String name) {
        return new UnmappableRecordException("two fields flatten to the same name " + name);
    }

    // ---------------------------------------------------------------- metadata

    private int metadataCapacity(SinkRecord record, boolean withKey) {
        int capacity = fixedMetaCount;
        if (withKey) {
            Object key = record.key();
            if (key instanceof Struct struct) {
                Schema keySchema = record.keySchema();
                Schema declared = keySchema != null ? keySchema : struct.schema();
                capacity += declared.type() == Schema.Type.STRUCT ? keyLayouts.get(declared).expectedCells : 1;
            } else if (key instanceof Map<?, ?> map) {
                capacity += map.size();
            } else {
                capacity += 1;
            }
        }
        if (metaHeaders) {
            capacity += record.headers().size();
        }
        return capacity;
    }

    /**
     * Adds the configured metadata fields, plus the key when {@code withKey}. Returns the shape of
     * the metadata names when they can never vary for it ({@link #NO_KEY}, {@link #SCALAR_KEY} or
     * a fixed key layout), null when they can (map keys, headers).
     */
    private Object emitMetadata(SinkRecord record, CellSink out, boolean withKey) {
        if (metaTopic) {
            String topic = record.originalTopic();
            if (topic == null) {
                out.addNull(TOPIC_FIELD);
            } else {
                out.text(TOPIC_FIELD, topic);
            }
        }
        if (metaPartition) {
            Integer partition = record.originalKafkaPartition();
            if (partition == null) {
                out.addNull(PARTITION_FIELD);
            } else {
                out.integer(PARTITION_FIELD, partition);
            }
        }
        if (metaOffset) {
            out.integer(OFFSET_FIELD, record.originalKafkaOffset());
        }
        if (metaTimestamp) {
            Long timestamp = record.timestamp();
            if (timestamp == null) {
                out.addNull(TIMESTAMP_FIELD);
            } else {
                out.timestamp(TIMESTAMP_FIELD, Instant.ofEpochMilli(timestamp));
            }
        }
        Object shape = withKey ? emitKey(record, out) : NO_KEY;
        if (metaHeaders) {
            emitHeaders(record, out);
            shape = null;
        }
        return shape;
    }

    private Object emitKey(SinkRecord record, CellSink out) {
        Object key = record.key();
        Schema schema = record.keySchema();
        if (key instanceof Struct struct) {
            Schema declared = schema != null ? schema : struct.schema();
            if (declared.type() != Schema.Type.STRUCT) {
                throw ValueWalker.mismatch(KEY_FIELD, declared, key);
            }
            StructLayout layout = keyLayouts.get(declared);
            layout.emit(struct, out);
            return layout.fixed ? layout : null;
        }
        if (key == null) {
            if (schema != null && schema.type() == Schema.Type.STRUCT) {
                // a null key keeps the columns of its schema
                StructLayout layout = keyLayouts.get(schema);
                layout.emitNulls(out);
                return layout.fixed ? layout : null;
            }
            out.addNull(KEY_FIELD);
            return SCALAR_KEY;
        }
        if (key instanceof Map<?, ?> map && (schema == null || schema.type() == Schema.Type.MAP)) {
            out.entries(schema, map, KEY_PREFIX, KEY_FIELD, 0);
            return null;
        }
        // a String key stays text: keys are identifiers, not documents
        ValueWalker.walk(schema, key, KEY_FIELD, -1, out);
        return SCALAR_KEY;
    }

    /**
     * Each header as TEXT: a string as it is, any other value as {@link JsonWriter#text} renders it
     * (bytes as base64, like bytes anywhere else in a row).
     */
    private static void emitHeaders(SinkRecord record, CellSink out) {
        int first = out.n;
        for (Header header : record.headers()) {
            String name = HEADER_PREFIX + header.key();
            String text = JsonWriter.text(header.schema(), header.value(), name);
            Cell cell = text == null ? Cell.NULL : Cell.text(text);
            int size = text == null ? 0 : text.length();
            int existing = -1;
            for (int i = first; i < out.n; i++) {
                if (out.names[i].equals(name)) {
                    existing = i;
                    break;
                }
            }
            if (existing < 0) {
                out.add(name, cell, size);
            } else {
                out.replace(existing, cell, size); // the last header of a name wins
            }
        }
    }
}
