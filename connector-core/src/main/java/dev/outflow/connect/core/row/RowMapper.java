package dev.outflow.connect.core.row;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

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
 * JSON-parsed. Each header is {@code _header.<name>} as TEXT (structured header values as JSON
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
 * The layout of a Struct schema (flattened names, per-field converters) is compiled once and
 * cached by schema identity, so the per-record work is one pass of cheap {@code instanceof}
 * checks and cell allocations; the duplicate-name check runs once per Struct layout and per record
 * only for maps, JSON and headers, whose names vary.
 */
public final class RowMapper {

    /** What {@link Row#sizeBytes()} adds per cell on top of its name and value. */
    static final int CELL_OVERHEAD_BYTES = 4;
    /** What {@link Row#sizeBytes()} counts for a number, boolean, date, time or timestamp. */
    static final int FIXED_VALUE_BYTES = 8;

    static final String VALUE_FIELD = "value";
    private static final String KEY_FIELD = MetadataField.KEY.fieldName();
    private static final String KEY_PREFIX = KEY_FIELD + ".";
    private static final String HEADER_PREFIX = MetadataField.HEADERS.fieldName() + ".";
    private static final String TOPIC_FIELD = MetadataField.TOPIC.fieldName();
    private static final String PARTITION_FIELD = MetadataField.PARTITION.fieldName();
    private static final String OFFSET_FIELD = MetadataField.OFFSET.fieldName();
    private static final String TIMESTAMP_FIELD = MetadataField.TIMESTAMP.fieldName();

    /** Schemas kept per cache; a converter that builds a new schema per record must not fill memory. */
    private static final int MAX_CACHED_SCHEMAS = 256;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final int JSON_FIELDS_GUESS = 16;
    private static final int DUPLICATE_SCAN_LIMIT = 48;

    // What a schema (or a field's schema) holds; the value of one switch per field.
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

    private static final Cell TRUE = new Cell(CellType.BOOLEAN, Boolean.TRUE);
    private static final Cell FALSE = new Cell(CellType.BOOLEAN, Boolean.FALSE);
    private static final int SMALL_INT_MIN = -128;
    private static final int SMALL_INT_MAX = 1023;
    private static final Cell[] SMALL_INTS = new Cell[SMALL_INT_MAX - SMALL_INT_MIN + 1];

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = new Cell(CellType.INTEGER, (long) (i + SMALL_INT_MIN));
        }
    }

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
    private final ObjectMapper json;

    private final Map<Schema, StructLayout> valueLayouts = new IdentityHashMap<>();
    private final Map<Schema, StructLayout> keyLayouts = new IdentityHashMap<>();
    private volatile StructLayout lastValueLayout;
    private volatile StructLayout lastKeyLayout;

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
        Set<MetadataField> meta = metadataFields.isEmpty()
                ? EnumSet.noneOf(MetadataField.class) : EnumSet.copyOf(metadataFields);
        this.flattenMaxDepth = flattenMaxDepth;
        this.parseJsonStrings = parseJsonStrings;
        this.metaTopic = meta.contains(MetadataField.TOPIC);
        this.metaPartition = meta.contains(MetadataField.PARTITION);
        this.metaOffset = meta.contains(MetadataField.OFFSET);
        this.metaTimestamp = meta.contains(MetadataField.TIMESTAMP);
        this.metaKey = meta.contains(MetadataField.KEY);
        this.metaHeaders = meta.contains(MetadataField.HEADERS);
        this.fixedMetaCount = (metaTopic ? 1 : 0) + (metaPartition ? 1 : 0) + (metaOffset ? 1 : 0) + (metaTimestamp ? 1 : 0);
        // Numbers are read exactly from the streaming parser (getDecimalValue); the feature keeps
        // any tree-model use of this mapper exact as well. Locations never carry the source text.
        this.json = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
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
            Out out = new Out(metadataCapacity(record, true));
            emitMetadata(record, out, true);
            return finish(record, out, true, true);
        }
        Schema schema = record.valueSchema();
        if (value instanceof Struct struct) {
            Schema declared = schema != null ? schema : struct.schema();
            if (declared.type() != Schema.Type.STRUCT) {
                throw mismatch(VALUE_FIELD, declared, value);
            }
            StructLayout layout = valueLayout(declared);
            Out out = new Out(layout.expectedCells + metadataCapacity(record, metaKey));
            emitStructFields(layout.root, struct, out);
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
        Out out;
        if (value instanceof Map<?, ?> map && (schema == null || schema.type() == Schema.Type.MAP)) {
            out = new Out(map.size() + metadataCapacity(record, metaKey));
            if (schema == null) {
                emitSchemalessEntries(map, "", VALUE_FIELD, 0, out);
            } else {
                emitSchemaEntries(schema, map, "", VALUE_FIELD, 0, out);
            }
        } else if (parseJsonStrings && value instanceof String text
                && (schema == null || schema.type() == Schema.Type.STRING)) {
            out = new Out(JSON_FIELDS_GUESS + metadataCapacity(record, metaKey));
            emitJsonDocument(text, out);
        } else {
            out = new Out(1 + metadataCapacity(record, metaKey));
            // Structs and Maps that match their schema were handled above: level -1 makes a
            // STRUCT or MAP schema here a mismatch rather than JSON text
            if (schema == null) {
                emitSchemaless(value, VALUE_FIELD, -1, out);
            } else {
                emitWithSchema(schema, value, VALUE_FIELD, -1, out);
            }
        }
        emitMetadata(record, out, metaKey);
        return finish(record, out, false, true);
    }

    private static Row finish(SinkRecord record, Out out, boolean delete, boolean checkDuplicates) {
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

    // ---------------------------------------------------------------- metadata

    private int metadataCapacity(SinkRecord record, boolean withKey) {
        int capacity = fixedMetaCount;
        if (withKey) {
            Object key = record.key();
            if (key instanceof Struct struct) {
                Schema keySchema = record.keySchema();
                Schema declared = keySchema != null ? keySchema : struct.schema();
                capacity += declared.type() == Schema.Type.STRUCT ? keyLayout(declared).expectedCells : 1;
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
    private Object emitMetadata(SinkRecord record, Out out, boolean withKey) {
        if (metaTopic) {
            String topic = record.originalTopic();
            if (topic == null) {
                out.addNull(TOPIC_FIELD);
            } else {
                out.addText(TOPIC_FIELD, topic);
            }
        }
        if (metaPartition) {
            Integer partition = record.originalKafkaPartition();
            if (partition == null) {
                out.addNull(PARTITION_FIELD);
            } else {
                out.addInt(PARTITION_FIELD, partition);
            }
        }
        if (metaOffset) {
            out.addInt(OFFSET_FIELD, record.originalKafkaOffset());
        }
        if (metaTimestamp) {
            Long timestamp = record.timestamp();
            if (timestamp == null) {
                out.addNull(TIMESTAMP_FIELD);
            } else {
                out.addTimestamp(TIMESTAMP_FIELD, Instant.ofEpochMilli(timestamp));
            }
        }
        Object shape = withKey ? emitKey(record, out) : NO_KEY;
        if (metaHeaders) {
            emitHeaders(record, out);
            shape = null;
        }
        return shape;
    }

    private Object emitKey(SinkRecord record, Out out) {
        Object key = record.key();
        Schema schema = record.keySchema();
        if (key instanceof Struct struct) {
            Schema declared = schema != null ? schema : struct.schema();
            if (declared.type() != Schema.Type.STRUCT) {
                throw mismatch(KEY_FIELD, declared, key);
            }
            StructLayout layout = keyLayout(declared);
            emitStructFields(layout.root, struct, out);
            return layout.fixed ? layout : null;
        }
        if (key == null) {
            if (schema != null && schema.type() == Schema.Type.STRUCT) {
                // a null key keeps the columns of its schema
                StructLayout layout = keyLayout(schema);
                emitNullFields(layout.root, out);
                return layout.fixed ? layout : null;
            }
            out.addNull(KEY_FIELD);
            return SCALAR_KEY;
        }
        if (key instanceof Map<?, ?> map && (schema == null || schema.type() == Schema.Type.MAP)) {
            if (schema == null) {
                emitSchemalessEntries(map, KEY_PREFIX, KEY_FIELD, 0, out);
            } else {
                emitSchemaEntries(schema, map, KEY_PREFIX, KEY_FIELD, 0, out);
            }
            return null;
        }
        // a String key stays text: keys are identifiers, not documents
        if (schema == null) {
            emitSchemaless(key, KEY_FIELD, -1, out);
        } else {
            emitWithSchema(schema, key, KEY_FIELD, -1, out);
        }
        return SCALAR_KEY;
    }

    private static void emitHeaders(SinkRecord record, Out out) {
        int first = out.n;
        for (Header header : record.headers()) {
            String name = HEADER_PREFIX + header.key();
            String text = JsonText.text(header.schema(), header.value(), name);
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

    // ---------------------------------------------------------------- compiled Struct layouts

    private StructLayout valueLayout(Schema schema) {
        StructLayout last = lastValueLayout;
        if (last != null && last.schema == schema) {
            return last;
        }
        StructLayout layout = cachedLayout(valueLayouts, schema, "");
        lastValueLayout = layout;
        return layout;
    }

    private StructLayout keyLayout(Schema schema) {
        StructLayout last = lastKeyLayout;
        if (last != null && last.schema == schema) {
            return last;
        }
        StructLayout layout = cachedLayout(keyLayouts, schema, KEY_PREFIX);
        lastKeyLayout = layout;
        return layout;
    }

    private StructLayout cachedLayout(Map<Schema, StructLayout> cache, Schema schema, String prefix) {
        synchronized (cache) {
            StructLayout layout = cache.get(schema);
            if (layout == null) {
                if (cache.size() >= MAX_CACHED_SCHEMAS) {
                    cache.clear();
                }
                layout = compile(schema, prefix);
                cache.put(schema, layout);
            }
            return layout;
        }
    }

    private StructLayout compile(Schema schema, String prefix) {
        int[] counts = new int[2]; // [0]: expected cells, [1]: flattened maps (names vary per record)
        String rootName = prefix.isEmpty() ? VALUE_FIELD : KEY_FIELD;
        Node root = compileStruct(schema, rootName, prefix, 0, false, counts);
        return new StructLayout(schema, root, counts[0], counts[1] == 0);
    }

    private Node compileStruct(Schema schema, String name, String prefix, int childLevel, boolean optional, int[] counts) {
        List<Field> fieldList = schema.fields();
        Field[] fields = fieldList.toArray(new Field[0]);
        Node[] children = new Node[fields.length];
        for (int i = 0; i < fields.length; i++) {
            children[i] = compileField(fields[i].schema(), prefix + fields[i].name(), childLevel, counts);
        }
        return new Node(name, schema, K_STRUCT, optional, true, prefix, childLevel, children, fields);
    }

    private Node compileField(Schema schema, String name, int level, int[] counts) {
        int kind = kindOf(schema);
        if (level < flattenMaxDepth) {
            if (kind == K_STRUCT) {
                return compileStruct(schema, name, name + ".", level + 1, schema.isOptional(), counts);
            }
            if (kind == K_MAP) {
                counts[0] += 4;
                counts[1]++;
                return new Node(name, schema, K_MAP, schema.isOptional(), true, name + ".", level + 1, null, null);
            }
        }
        counts[0]++;
        return new Node(name, schema, kind, schema.isOptional(), false, null, level, null, null);
    }

    private void emitNode(Node node, Object v, Out out) {
        if (!node.flatten) {
            emitLeaf(node.kind, node.schema, node.optional, v, node.name, out);
            return;
        }
        if (v == null) {
            if (!node.optional) {
                throw mismatch(node.name, node.schema, null);
            }
            if (node.kind == K_STRUCT) {
                emitNullFields(node, out);
            } else {
                out.addNull(node.name);
            }
        } else if (node.kind == K_STRUCT) {
            if (!(v instanceof Struct struct)) {
                throw mismatch(node.name, node.schema, v);
            }
            emitStructFields(node, struct, out);
        } else {
            if (!(v instanceof Map<?, ?> map)) {
                throw mismatch(node.name, node.schema, v);
            }
            emitSchemaEntries(node.schema, map, node.prefix, node.name, node.childLevel, out);
        }
    }

    private void emitStructFields(Node node, Struct struct, Out out) {
        Node[] children = node.children;
        Field[] fields = node.fields;
        if (struct.schema() == node.schema) {
            for (int i = 0; i < children.length; i++) {
                emitNode(children[i], struct.get(fields[i]), out);
            }
        } else {
            for (int i = 0; i < children.length; i++) {
                emitNode(children[i], fieldValue(struct, node.schema, fields[i]), out);
            }
        }
    }

    private static void emitNullFields(Node node, Out out) {
        for (Node child : node.children) {
            if (child.flatten && child.kind == K_STRUCT) {
                emitNullFields(child, out);
            } else {
                out.addNull(child.name);
            }
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

    // ---------------------------------------------------------------- values with a schema, names built per record

    /** {@code level}: the nesting level of the field named {@code name}; -1 for the record's own value or key. */
    private void emitWithSchema(Schema schema, Object v, String name, int level, Out out) {
        Schema.Type type = schema.type();
        if (level < flattenMaxDepth && (type == Schema.Type.STRUCT || type == Schema.Type.MAP)) {
            if (v == null) {
                if (!schema.isOptional()) {
                    throw mismatch(name, schema, null);
                }
                if (type == Schema.Type.STRUCT) {
                    emitNullFields(schema, name + ".", level + 1, out);
                } else {
                    out.addNull(name);
                }
            } else if (type == Schema.Type.STRUCT) {
                if (!(v instanceof Struct struct)) {
                    throw mismatch(name, schema, v);
                }
                emitStructDynamic(schema, struct, name + ".", level + 1, out);
            } else {
                if (!(v instanceof Map<?, ?> map)) {
                    throw mismatch(name, schema, v);
                }
                emitSchemaEntries(schema, map, name + ".", name, level + 1, out);
            }
            return;
        }
        emitLeaf(kindOf(schema), schema, schema.isOptional(), v, name, out);
    }

    private void emitStructDynamic(Schema declared, Struct struct, String prefix, int level, Out out) {
        List<Field> fields = declared.fields();
        for (int i = 0, n = fields.size(); i < n; i++) {
            Field field = fields.get(i);
            emitWithSchema(field.schema(), fieldValue(struct, declared, field), prefix + field.name(), level, out);
        }
    }

    private void emitNullFields(Schema struct, String prefix, int level, Out out) {
        for (Field field : struct.fields()) {
            String name = prefix + field.name();
            if (level < flattenMaxDepth && field.schema().type() == Schema.Type.STRUCT) {
                emitNullFields(field.schema(), name + ".", level + 1, out);
            } else {
                out.addNull(name);
            }
        }
    }

    private void emitSchemaEntries(Schema mapSchema, Map<?, ?> map, String prefix, String path, int level, Out out) {
        Schema valueSchema = mapSchema.valueSchema();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = keyText(e.getKey(), path);
            emitWithSchema(valueSchema, e.getValue(), prefix.isEmpty() ? key : prefix.concat(key), level, out);
        }
    }

    private void emitLeaf(int kind, Schema schema, boolean optional, Object v, String name, Out out) {
        if (v == null) {
            if (!optional) {
                throw mismatch(name, schema, null);
            }
            out.addNull(name);
            return;
        }
        switch (kind) {
            case K_STRING:
                if (v instanceof String s) {
                    out.addText(name, s);
                    return;
                }
                break;
            case K_INT64:
                if (v instanceof Long l) {
                    out.addInt(name, l);
                    return;
                }
                break;
            case K_INT32:
                if (v instanceof Integer i) {
                    out.addInt(name, i);
                    return;
                }
                break;
            case K_INT16:
                if (v instanceof Short s) {
                    out.addInt(name, s);
                    return;
                }
                break;
            case K_INT8:
                if (v instanceof Byte b) {
                    out.addInt(name, b);
                    return;
                }
                break;
            case K_FLOAT64:
                if (v instanceof Double d) {
                    out.addFloat(name, d);
                    return;
                }
                break;
            case K_FLOAT32:
                if (v instanceof Float f) {
                    out.addFloat(name, widen(f));
                    return;
                }
                break;
            case K_BOOLEAN:
                if (v instanceof Boolean b) {
                    out.addBool(name, b);
                    return;
                }
                break;
            case K_BYTES:
                if (v instanceof byte[] || v instanceof ByteBuffer) {
                    out.addText(name, JsonText.base64(v));
                    return;
                }
                break;
            case K_DECIMAL:
                if (v instanceof BigDecimal d) {
                    out.addDecimal(name, d);
                    return;
                }
                break;
            case K_DATE:
                if (v instanceof java.util.Date d) {
                    out.add(name, new Cell(CellType.DATE, toLocalDate(d)), FIXED_VALUE_BYTES);
                    return;
                }
                break;
            case K_TIME:
                if (v instanceof java.util.Date d) {
                    out.add(name, new Cell(CellType.TIME, toLocalTime(d)), FIXED_VALUE_BYTES);
                    return;
                }
                break;
            case K_TIMESTAMP:
                if (v instanceof java.util.Date d) {
                    out.addTimestamp(name, Instant.ofEpochMilli(d.getTime()));
                    return;
                }
                break;
            case K_ARRAY:
                if (v instanceof List<?>) {
                    out.addText(name, JsonText.json(schema, v, name));
                    return;
                }
                break;
            case K_MAP:
                if (v instanceof Map<?, ?>) {
                    out.addText(name, JsonText.json(schema, v, name));
                    return;
                }
                break;
            case K_STRUCT:
                if (v instanceof Struct) {
                    out.addText(name, JsonText.json(schema, v, name));
                    return;
                }
                break;
            default:
                break;
        }
        throw mismatch(name, schema, v);
    }

    // ---------------------------------------------------------------- values without a schema

    private void emitSchemalessEntries(Map<?, ?> map, String prefix, String path, int level, Out out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = keyText(e.getKey(), path);
            emitSchemaless(e.getValue(), prefix.isEmpty() ? key : prefix.concat(key), level, out);
        }
    }

    /** {@code level}: the nesting level of the field named {@code name}; -1 for the record's own value or key. */
    private void emitSchemaless(Object v, String name, int level, Out out) {
        if (v == null) {
            out.addNull(name);
        } else if (v instanceof String s) {
            out.addText(name, s);
        } else if (v instanceof Long l) {
            out.addInt(name, l);
        } else if (v instanceof Integer i) {
            out.addInt(name, i);
        } else if (v instanceof Double d) {
            out.addFloat(name, d);
        } else if (v instanceof Boolean b) {
            out.addBool(name, b);
        } else if (v instanceof Map<?, ?> map) {
            if (level >= 0 && level < flattenMaxDepth) {
                emitSchemalessEntries(map, name + ".", name, level + 1, out);
            } else {
                out.addText(name, JsonText.json(null, map, name));
            }
        } else if (v instanceof BigDecimal d) {
            out.addDecimal(name, d);
        } else if (v instanceof List<?>) {
            out.addText(name, JsonText.json(null, v, name));
        } else if (v instanceof Struct struct) {
            if (level >= 0 && level < flattenMaxDepth) {
                emitStructDynamic(struct.schema(), struct, name + ".", level + 1, out);
            } else {
                out.addText(name, JsonText.json(struct.schema(), struct, name));
            }
        } else if (v instanceof Float f) {
            out.addFloat(name, widen(f));
        } else if (v instanceof Short s) {
            out.addInt(name, s);
        } else if (v instanceof Byte b) {
            out.addInt(name, b);
        } else if (v instanceof java.util.Date d) {
            out.addTimestamp(name, Instant.ofEpochMilli(d.getTime()));
        } else if (v instanceof byte[] || v instanceof ByteBuffer) {
            out.addText(name, JsonText.base64(v));
        } else {
            throw unsupported(v, name);
        }
    }

    // ---------------------------------------------------------------- JSON text

    private void emitJsonDocument(String text, Out out) {
        JsonParser parser = null;
        try {
            parser = json.createParser(text);
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw invalidJson(parser.currentLocation());
            }
            if (token == JsonToken.START_OBJECT) {
                emitJsonMembers(parser, "", 0, out);
            } else {
                emitJsonValue(parser, token, VALUE_FIELD, -1, out);
            }
            if (parser.nextToken() != null) {
                throw invalidJson(parser.currentTokenLocation()); // a second value after the first
            }
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending text: only its location is kept, and no cause
            throw invalidJson(e.getLocation() != null ? e.getLocation() : parser == null ? null : parser.currentLocation());
        } catch (IOException e) {
            throw new UnmappableRecordException("value could not be read as JSON: " + e.getClass().getSimpleName());
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException ignored) {
                    // a String source has nothing to release
                }
            }
        }
    }

    /** Reads the members of the object whose START_OBJECT was just read, as fields at {@code level}. */
    private void emitJsonMembers(JsonParser parser, String prefix, int level, Out out) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String member = parser.currentName();
            String name = prefix.isEmpty() ? member : prefix.concat(member);
            emitJsonValue(parser, parser.nextToken(), name, level, out);
        }
        if (token != JsonToken.END_OBJECT) {
            throw invalidJson(parser.currentLocation());
        }
    }

    private void emitJsonValue(JsonParser parser, JsonToken token, String name, int level, Out out) throws IOException {
        if (token == null) {
            throw invalidJson(parser.currentLocation());
        }
        switch (token) {
            case VALUE_STRING -> out.addText(name, parser.getText());
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    out.addDecimal(name, new BigDecimal(parser.getBigIntegerValue()));
                } else {
                    out.addInt(name, parser.getLongValue());
                }
            }
            case VALUE_NUMBER_FLOAT -> out.addDecimal(name, parser.getDecimalValue());
            case VALUE_TRUE -> out.addBool(name, true);
            case VALUE_FALSE -> out.addBool(name, false);
            case VALUE_NULL -> out.addNull(name);
            case START_OBJECT -> {
                if (level >= 0 && level < flattenMaxDepth) {
                    emitJsonMembers(parser, name + ".", level + 1, out);
                } else {
                    out.addText(name, copyJson(parser));
                }
            }
            case START_ARRAY -> out.addText(name, copyJson(parser));
            default -> throw invalidJson(parser.currentTokenLocation());
        }
    }

    /** Compact JSON of the object or array whose start token was just read, numbers kept exact. */
    private static String copyJson(JsonParser parser) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int depth = 0;
        JsonToken token = parser.currentToken();
        while (true) {
            switch (token) {
                case START_OBJECT -> {
                    comma(sb);
                    sb.append('{');
                    depth++;
                }
                case START_ARRAY -> {
                    comma(sb);
                    sb.append('[');
                    depth++;
                }
                case END_OBJECT -> {
                    sb.append('}');
                    depth--;
                }
                case END_ARRAY -> {
                    sb.append(']');
                    depth--;
                }
                case FIELD_NAME -> {
                    comma(sb);
                    JsonText.appendQuoted(sb, parser.currentName());
                    sb.append(':');
                }
                case VALUE_STRING -> {
                    comma(sb);
                    JsonText.appendQuoted(sb, parser.getText());
                }
                case VALUE_NUMBER_INT -> {
                    comma(sb);
                    sb.append(parser.getText()); // integers are exact as written
                }
                case VALUE_NUMBER_FLOAT -> {
                    comma(sb);
                    sb.append(JsonText.plain(parser.getDecimalValue()));
                }
                case VALUE_TRUE -> {
                    comma(sb);
                    sb.append("true");
                }
                case VALUE_FALSE -> {
                    comma(sb);
                    sb.append("false");
                }
                case VALUE_NULL -> {
                    comma(sb);
                    sb.append("null");
                }
                default -> throw invalidJson(parser.currentTokenLocation());
            }
            if (depth == 0) {
                return sb.toString();
            }
            token = parser.nextToken();
            if (token == null) {
                throw invalidJson(parser.currentLocation());
            }
        }
    }

    /** Compact output has no whitespace, so a separator is due unless an object, array or member just opened. */
    private static void comma(StringBuilder sb) {
        int length = sb.length();
        if (length > 0) {
            char last = sb.charAt(length - 1);
            if (last != '{' && last != '[' && last != ':') {
                sb.append(',');
            }
        }
    }

    // ---------------------------------------------------------------- shared helpers

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

    static UnmappableRecordException mismatch(String path, Schema schema, Object value) {
        return new UnmappableRecordException("schema mismatch at field " + path + ": expected " + typeName(schema)
                + ", got " + (value == null ? "null (the field is required)" : className(value)));
    }

    static UnmappableRecordException unsupported(Object value, String path) {
        return new UnmappableRecordException("unsupported value type " + className(value) + " at field " + path);
    }

    private static UnmappableRecordException duplicate(String name) {
        return new UnmappableRecordException("two fields flatten to the same name " + name);
    }

    private static UnmappableRecordException invalidJson(JsonLocation location) {
        String where = location == null || location.getLineNr() < 0
                ? "at an unknown position"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new UnmappableRecordException("value is not valid JSON: " + where);
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

    static Cell intCell(long v) {
        if (v >= SMALL_INT_MIN && v <= SMALL_INT_MAX) {
            return SMALL_INTS[(int) v - SMALL_INT_MIN];
        }
        return new Cell(CellType.INTEGER, v);
    }

    // ---------------------------------------------------------------- types

    /** A Struct schema compiled: flattened names and per-field kinds, built once per schema. */
    private static final class StructLayout {
        final Schema schema;
        final Node root;
        /** Exact when {@link #fixed}; a guess otherwise. */
        final int expectedCells;
        /** True when no flattened Map makes the names vary from record to record. */
        final boolean fixed;
        /** The key shape for which this layout's full name list (value plus metadata) was found free of duplicates. */
        volatile Object verifiedKey;

        StructLayout(Schema schema, Node root, int expectedCells, boolean fixed) {
            this.schema = schema;
            this.root = root;
            this.expectedCells = expectedCells;
            this.fixed = fixed;
        }
    }

    /** One field of a compiled layout: a leaf (converted to one cell), or a flattened Struct or Map. */
    private static final class Node {
        final String name;
        final Schema schema;
        final int kind;
        final boolean optional;
        /** A Struct or Map whose fields become fields; false for a leaf (including JSON-text Structs, Maps, arrays). */
        final boolean flatten;
        /** {@code name + "."}, or the key prefix for the root of a key layout. */
        final String prefix;
        /** The level of the fields of a flattened Struct or Map. */
        final int childLevel;
        final Node[] children;
        final Field[] fields;

        Node(String name, Schema schema, int kind, boolean optional, boolean flatten, String prefix, int childLevel,
             Node[] children, Field[] fields) {
            this.name = name;
            this.schema = schema;
            this.kind = kind;
            this.optional = optional;
            this.flatten = flatten;
            this.prefix = prefix;
            this.childLevel = childLevel;
            this.children = children;
            this.fields = fields;
        }
    }

    /** The row being built: names and cells side by side, and the running size estimate. */
    private static final class Out {
        String[] names;
        Cell[] cells;
        int n;
        long bytes;

        Out(int capacity) {
            int size = Math.max(capacity, 1);
            names = new String[size];
            cells = new Cell[size];
        }

        void add(String name, Cell cell, int valueBytes) {
            if (n == cells.length) {
                names = Arrays.copyOf(names, n * 2);
                cells = Arrays.copyOf(cells, n * 2);
            }
            names[n] = name;
            cells[n] = cell;
            n++;
            bytes += name.length() + valueBytes + CELL_OVERHEAD_BYTES;
        }

        void replace(int index, Cell cell, int valueBytes) {
            Cell old = cells[index];
            bytes += valueBytes - (old.isNull() ? 0 : ((String) old.value()).length());
            cells[index] = cell;
        }

        void addNull(String name) {
            add(name, Cell.NULL, 0);
        }

        void addText(String name, String s) {
            add(name, new Cell(CellType.TEXT, s), s.length());
        }

        void addInt(String name, long v) {
            add(name, intCell(v), FIXED_VALUE_BYTES);
        }

        void addFloat(String name, double v) {
            add(name, new Cell(CellType.FLOAT, v), FIXED_VALUE_BYTES);
        }

        void addBool(String name, boolean v) {
            add(name, v ? TRUE : FALSE, FIXED_VALUE_BYTES);
        }

        void addDecimal(String name, BigDecimal d) {
            add(name, new Cell(CellType.DECIMAL, d), d.unscaledValue().bitLength() / 8 + 1);
        }

        void addTimestamp(String name, Instant instant) {
            add(name, new Cell(CellType.TIMESTAMP, instant), FIXED_VALUE_BYTES);
        }
    }
}
