package dev.outflow.connect.core.internal.row;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import dev.outflow.connect.core.api.Cell;
import dev.outflow.connect.core.api.CellType;

/**
 * The row being built: names and cells side by side, the running size estimate, and the
 * flattening rule. As a {@link ValueVisitor} it turns each leaf into a cell named by its path, and
 * decides for each container: a Struct or Map at a level below {@code flattenMaxDepth} is opened
 * into {@code name.child} fields (walked through {@link ValueWalker} again); any other container,
 * and every array, is one TEXT cell of {@link JsonWriter JSON}. Level -1 is the record's own value
 * or key, whose containers {@link RowMapper} expands itself.
 *
 * <p>One instance per record; not shared.
 */
final class CellSink implements ValueVisitor {

    /** What {@link Row#sizeBytes()} adds per cell on top of its name and value: quotes, separators, framing. */
    static final int CELL_OVERHEAD_BYTES = 4;
    /** What {@link Row#sizeBytes()} counts for a number, boolean, date, time or timestamp. */
    static final int FIXED_VALUE_BYTES = 8;

    private static final Cell TRUE = new Cell(CellType.BOOLEAN, Boolean.TRUE);
    private static final Cell FALSE = new Cell(CellType.BOOLEAN, Boolean.FALSE);
    // Small integers are most counts, flags and codes: one shared cell each saves an allocation per cell.
    private static final int SMALL_INT_MIN = -128;
    private static final int SMALL_INT_MAX = 1023;
    private static final Cell[] SMALL_INTS = new Cell[SMALL_INT_MAX - SMALL_INT_MIN + 1];

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = new Cell(CellType.INTEGER, (long) (i + SMALL_INT_MIN));
        }
    }

    private final int flattenMaxDepth;
    String[] names;
    Cell[] cells;
    int n;
    long bytes;

    CellSink(int capacity, int flattenMaxDepth) {
        int size = Math.max(capacity, 1);
        this.names = new String[size];
        this.cells = new Cell[size];
        this.flattenMaxDepth = flattenMaxDepth;
    }

    /** Whether a container held by a field at {@code level} opens into fields. */
    boolean flattens(int level) {
        return level >= 0 && level < flattenMaxDepth;
    }

    // ---------------------------------------------------------------- cells

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

    /** Replaces the TEXT or NULL cell at {@code index} (a repeated header: the last one wins). */
    void replace(int index, Cell cell, int valueBytes) {
        Cell old = cells[index];
        bytes += valueBytes - (old.isNull() ? 0 : ((String) old.value()).length());
        cells[index] = cell;
    }

    void addNull(String name) {
        add(name, Cell.NULL, 0);
    }

    static Cell intCell(long v) {
        if (v >= SMALL_INT_MIN && v <= SMALL_INT_MAX) {
            return SMALL_INTS[(int) v - SMALL_INT_MIN];
        }
        return new Cell(CellType.INTEGER, v);
    }

    // ---------------------------------------------------------------- leaves

    @Override
    public void nullValue(String path, Schema schema, int level) {
        if (schema != null && schema.type() == Schema.Type.STRUCT && flattens(level)) {
            nullFields(schema, path + ".", level + 1); // a null Struct keeps the columns of its fields
        } else {
            addNull(path);
        }
    }

    @Override
    public void text(String path, String value) {
        add(path, new Cell(CellType.TEXT, value), value.length());
    }

    @Override
    public void integer(String path, long value) {
        add(path, intCell(value), FIXED_VALUE_BYTES);
    }

    @Override
    public void floating(String path, double value) {
        add(path, new Cell(CellType.FLOAT, value), FIXED_VALUE_BYTES);
    }

    @Override
    public void bool(String path, boolean value) {
        add(path, value ? TRUE : FALSE, FIXED_VALUE_BYTES);
    }

    @Override
    public void decimal(String path, BigDecimal value) {
        add(path, new Cell(CellType.DECIMAL, value), value.unscaledValue().bitLength() / 8 + 1);
    }

    @Override
    public void date(String path, LocalDate value) {
        add(path, new Cell(CellType.DATE, value), FIXED_VALUE_BYTES);
    }

    @Override
    public void time(String path, LocalTime value) {
        add(path, new Cell(CellType.TIME, value), FIXED_VALUE_BYTES);
    }

    @Override
    public void timestamp(String path, Instant value) {
        add(path, new Cell(CellType.TIMESTAMP, value), FIXED_VALUE_BYTES);
    }

    // ---------------------------------------------------------------- containers: flattened or JSON text

    @Override
    public void struct(String path, int level, Schema declared, Struct value) {
        if (!flattens(level)) {
            text(path, JsonWriter.json(declared, value, path));
            return;
        }
        String prefix = path + ".";
        List<Field> fields = declared.fields();
        for (int i = 0, size = fields.size(); i < size; i++) {
            Field field = fields.get(i);
            ValueWalker.walk(
                    field.schema(),
                    ValueWalker.fieldValue(value, declared, field),
                    prefix + field.name(),
                    level + 1,
                    this);
        }
    }

    @Override
    public void map(String path, int level, Schema mapSchema, Map<?, ?> value) {
        if (!flattens(level)) {
            text(path, JsonWriter.json(mapSchema, value, path));
            return;
        }
        entries(mapSchema, value, path + ".", path, level + 1);
    }

    @Override
    public void array(String path, int level, Schema arraySchema, List<?> value) {
        text(path, JsonWriter.json(arraySchema, value, path)); // arrays are JSON text at any level
    }

    /**
     * The entries of a map as fields at {@code level}, named {@code prefix + key}; {@code path}
     * names the map in errors. {@code mapSchema} is null for a schemaless map.
     */
    void entries(Schema mapSchema, Map<?, ?> map, String prefix, String path, int level) {
        Schema valueSchema = mapSchema == null ? null : mapSchema.valueSchema();
        boolean noPrefix = prefix.isEmpty();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = ValueWalker.keyText(e.getKey(), path);
            ValueWalker.walk(valueSchema, e.getValue(), noPrefix ? key : prefix.concat(key), level, this);
        }
    }

    /** NULL cells for the fields of a Struct schema, flattened as a Struct value would be. */
    void nullFields(Schema struct, String prefix, int level) {
        for (Field field : struct.fields()) {
            String name = prefix + field.name();
            if (flattens(level) && field.schema().type() == Schema.Type.STRUCT) {
                nullFields(field.schema(), name + ".", level + 1);
            } else {
                addNull(name);
            }
        }
    }
}
