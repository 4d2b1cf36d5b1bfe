package dev.outflow.connect.sheets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.api.services.sheets.v4.model.CellData;
import com.google.api.services.sheets.v4.model.CellFormat;
import com.google.api.services.sheets.v4.model.ExtendedValue;
import com.google.api.services.sheets.v4.model.GridData;
import com.google.api.services.sheets.v4.model.NumberFormat;
import com.google.api.services.sheets.v4.model.RowData;

/**
 * Rows of a tab as stored, read in the same request as its key columns so that both describe one
 * moment: what an upsert compares a record's cells with before updating its row. Only the rows
 * and columns that were read can be compared; any other cell counts as changed.
 */
final class StoredRows {

    static final StoredRows NONE = new StoredRows(RowLocations.Selection.NONE, Map.of());

    private final RowLocations.Selection read;
    /** Row index -> the cells read from it, from the selection's first column; missing trailing cells are blank. */
    private final Map<Integer, List<CellData>> rows;

    private StoredRows(RowLocations.Selection read, Map<Integer, List<CellData>> rows) {
        this.read = read;
        this.rows = rows;
    }

    /** The rows of {@code selection} from the ranges the API answered for it, one {@link GridData} per range. */
    static StoredRows of(RowLocations.Selection selection, List<GridData> data) {
        Map<Integer, List<CellData>> rows = new HashMap<>();
        for (GridData range : data) {
            int firstRow = range.getStartRow() == null ? 0 : range.getStartRow();
            List<RowData> rowData = range.getRowData() == null ? List.of() : range.getRowData();
            for (int i = 0; i < rowData.size(); i++) {
                List<CellData> values = rowData.get(i).getValues();
                rows.put(firstRow + i, values == null ? List.of() : values);
            }
        }
        return new StoredRows(selection, rows);
    }

    /**
     * True when row {@code rowIndex} was read and every cell of {@code cells} (by column, null where
     * nothing is written) equals the stored one, value and number format: writing them would change
     * nothing. False for a row or a column that was not read.
     */
    boolean unchanged(int rowIndex, List<CellData> cells) {
        if (!read.covers(rowIndex)) {
            return false;
        }
        List<CellData> stored = rows.getOrDefault(rowIndex, List.of());
        for (int column = 0; column < cells.size(); column++) {
            if (cells.get(column) == null) {
                continue;
            }
            if (column < read.firstColumn() || column >= read.endColumn()) {
                return false;
            }
            int at = column - read.firstColumn();
            if (!same(cells.get(column), at < stored.size() ? stored.get(at) : null)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether writing {@code written} (with the writer's mask: the value and the number format)
     * over {@code stored} (null: a blank cell) leaves it as it is. Values compare as Google stores
     * them: text as text (an empty text is a blank cell), numbers by value in the normal form keys
     * use ({@link CellEncoder#normalizeNumber}), booleans as booleans; a formula or an error never
     * equals data. The number format must match exactly, its absence included: the write would
     * clear a format a person set on a plain number.
     */
    static boolean same(CellData written, CellData stored) {
        ExtendedValue storedValue = stored == null ? null : stored.getUserEnteredValue();
        CellFormat storedFormat = stored == null ? null : stored.getUserEnteredFormat();
        return Objects.equals(comparable(written.getUserEnteredValue()), comparable(storedValue))
                && sameFormat(written.getUserEnteredFormat(), storedFormat);
    }

    /** A value as a typed text, so "1" the text and 1 the number differ; null for a blank; a unique object for a formula or error. */
    private static Object comparable(ExtendedValue value) {
        if (value == null) {
            return null;
        }
        if (value.getStringValue() != null) {
            return value.getStringValue().isEmpty() ? null : "text:" + value.getStringValue();
        }
        if (value.getNumberValue() != null) {
            return "number:" + CellEncoder.normalizeNumber(String.valueOf(value.getNumberValue()));
        }
        if (value.getBoolValue() != null) {
            return "bool:" + value.getBoolValue();
        }
        if (value.getFormulaValue() == null && value.getErrorValue() == null) {
            return null; // an ExtendedValue with nothing set: a blank
        }
        return new Object();
    }

    private static boolean sameFormat(CellFormat written, CellFormat stored) {
        NumberFormat a = written == null ? null : written.getNumberFormat();
        NumberFormat b = stored == null ? null : stored.getNumberFormat();
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.getType(), b.getType()) && Objects.equals(a.getPattern(), b.getPattern());
    }
}
