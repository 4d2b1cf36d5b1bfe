package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.api.services.sheets.v4.model.CellData;
import com.google.api.services.sheets.v4.model.CellFormat;
import com.google.api.services.sheets.v4.model.ExtendedValue;
import com.google.api.services.sheets.v4.model.GridData;
import com.google.api.services.sheets.v4.model.NumberFormat;
import com.google.api.services.sheets.v4.model.RowData;

import dev.outflow.connect.core.api.Cell;

class StoredRowsTest {

    private final CellEncoder encoder = new CellEncoder(new SheetsConfig(Map.of(SheetsConfig.SPREADSHEET_ID, "s")));

    private CellData written(Cell cell) throws Exception {
        return encoder.encode("f", cell);
    }

    /** A cell as the API answers it: what was entered, and the format a person or the connector set. */
    private static CellData stored(ExtendedValue entered, NumberFormat format) {
        CellData cell = new CellData().setUserEnteredValue(entered);
        return format == null ? cell : cell.setUserEnteredFormat(new CellFormat().setNumberFormat(format));
    }

    private static ExtendedValue text(String text) {
        return new ExtendedValue().setStringValue(text);
    }

    private static ExtendedValue number(double number) {
        return new ExtendedValue().setNumberValue(number);
    }

    @Test
    void valuesCompareAsGoogleStoresThem() throws Exception {
        assertThat(StoredRows.same(written(Cell.text("paid")), stored(text("paid"), null)))
                .isTrue();
        assertThat(StoredRows.same(written(Cell.text("paid")), stored(text("Paid"), null)))
                .isFalse();
        assertThat(StoredRows.same(written(Cell.integer(42)), stored(number(42.0), null)))
                .isTrue();
        assertThat(StoredRows.same(
                        written(Cell.decimal(new java.math.BigDecimal("42.50"))), stored(number(42.5), null)))
                .isTrue();
        assertThat(StoredRows.same(written(Cell.integer(42)), stored(number(42.000001), null)))
                .isFalse();
        assertThat(StoredRows.same(written(Cell.integer(42)), stored(text("42"), null)))
                .as("a number is not its text")
                .isFalse();
        assertThat(StoredRows.same(written(Cell.bool(true)), stored(new ExtendedValue().setBoolValue(true), null)))
                .isTrue();
        assertThat(StoredRows.same(written(Cell.bool(true)), stored(new ExtendedValue().setBoolValue(false), null)))
                .isFalse();
    }

    @Test
    void blanksEmptyTextAndNullsAreOneThing() throws Exception {
        assertThat(StoredRows.same(written(Cell.NULL), null)).isTrue();
        assertThat(StoredRows.same(written(Cell.NULL), new CellData())).isTrue();
        assertThat(StoredRows.same(written(Cell.text("")), null)).isTrue();
        assertThat(StoredRows.same(written(Cell.NULL), stored(text("kept"), null)))
                .as("a null clears the cell")
                .isFalse();
        assertThat(StoredRows.same(written(Cell.text("x")), null)).isFalse();
    }

    @Test
    void aFormulaWhoseResultEqualsTheValueIsStillReplacedByIt() throws Exception {
        assertThat(StoredRows.same(written(Cell.integer(2)), stored(new ExtendedValue().setFormulaValue("=1+1"), null)))
                .isFalse();
    }

    @Test
    void theNumberFormatTheWriteSetsMustBeThereAndNoOther() throws Exception {
        CellData timestamp = written(Cell.timestamp(Instant.parse("2026-05-01T13:45:00Z")));
        NumberFormat ours = timestamp.getUserEnteredFormat().getNumberFormat();
        ExtendedValue serial = timestamp.getUserEnteredValue();

        assertThat(StoredRows.same(
                        timestamp,
                        stored(
                                serial,
                                new NumberFormat().setType(ours.getType()).setPattern(ours.getPattern()))))
                .isTrue();
        assertThat(StoredRows.same(timestamp, stored(serial, null)))
                .as("the format is gone")
                .isFalse();
        assertThat(StoredRows.same(
                        timestamp,
                        stored(serial, new NumberFormat().setType("DATE").setPattern("yyyy-mm-dd"))))
                .isFalse();
        assertThat(StoredRows.same(
                        written(Cell.integer(5)),
                        stored(number(5), new NumberFormat().setType("CURRENCY").setPattern("$0"))))
                .as("the write would clear a person's currency format")
                .isFalse();
    }

    /** Cells by column as the writer holds them: null where the record writes nothing. */
    private static List<CellData> cells(Map<Integer, CellData> byColumn) {
        List<CellData> cells = new java.util.ArrayList<>();
        byColumn.forEach((column, cell) -> {
            while (cells.size() <= column) {
                cells.add(null);
            }
            cells.set(column, cell);
        });
        return cells;
    }

    private static GridData range(int startRow, int startColumn, List<List<CellData>> rows) {
        return new GridData()
                .setStartRow(startRow)
                .setStartColumn(startColumn)
                .setRowData(rows.stream()
                        .map(values -> new RowData().setValues(values))
                        .toList());
    }

    @Test
    void aRowIsUnchangedOnlyWhenReadAndEveryCellItWouldWriteIsEqual() throws Exception {
        // rows 4-5 and 9 were read across columns 1 to 3; row 5's last cell is blank, so the API left it out
        RowLocations.Selection selection =
                new RowLocations.Selection(List.of(new int[] {4, 6}, new int[] {9, 10}), 1, 4);
        StoredRows stored = StoredRows.of(
                selection,
                List.of(
                        range(
                                4,
                                1,
                                List.of(
                                        List.of(
                                                stored(text("a"), null),
                                                stored(number(1), null),
                                                stored(text("x"), null)),
                                        List.of(stored(text("b"), null), stored(number(2), null)))),
                        range(
                                9,
                                1,
                                List.of(List.of(
                                        stored(text("c"), null), stored(number(3), null), stored(text("z"), null))))));

        assertThat(stored.unchanged(
                        4,
                        cells(Map.of(
                                1, written(Cell.text("a")), 2, written(Cell.integer(1)), 3, written(Cell.text("x"))))))
                .isTrue();
        assertThat(stored.unchanged(
                        5,
                        cells(Map.of(1, written(Cell.text("b")), 2, written(Cell.integer(2)), 3, written(Cell.NULL)))))
                .isTrue();
        assertThat(stored.unchanged(9, cells(Map.of(2, written(Cell.integer(3))))))
                .as("only the cells the record writes count")
                .isTrue();

        assertThat(stored.unchanged(4, cells(Map.of(1, written(Cell.text("a")), 2, written(Cell.integer(7))))))
                .as("one cell differs")
                .isFalse();
        assertThat(stored.unchanged(5, cells(Map.of(3, written(Cell.text("new"))))))
                .as("a blank cell gets a value")
                .isFalse();
        assertThat(stored.unchanged(4, cells(Map.of(0, written(Cell.text("?"))))))
                .as("a column that was not read")
                .isFalse();
        assertThat(stored.unchanged(6, cells(Map.of(1, written(Cell.NULL)))))
                .as("a row that was not read")
                .isFalse();
        assertThat(StoredRows.NONE.unchanged(4, List.of())).isFalse();
    }
}
