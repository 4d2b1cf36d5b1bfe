package dev.outflow.connect.testkit.sheets;

import static dev.outflow.connect.testkit.sheets.EmulatorClients.assertApiError;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.batch;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.api.services.sheets.v4.model.AddSheetRequest;
import com.google.api.services.sheets.v4.model.AppendCellsRequest;
import com.google.api.services.sheets.v4.model.AppendDimensionRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetResponse;
import com.google.api.services.sheets.v4.model.CellData;
import com.google.api.services.sheets.v4.model.CellFormat;
import com.google.api.services.sheets.v4.model.DeleteDimensionRequest;
import com.google.api.services.sheets.v4.model.DimensionRange;
import com.google.api.services.sheets.v4.model.ExtendedValue;
import com.google.api.services.sheets.v4.model.GridCoordinate;
import com.google.api.services.sheets.v4.model.GridProperties;
import com.google.api.services.sheets.v4.model.GridRange;
import com.google.api.services.sheets.v4.model.InsertDimensionRequest;
import com.google.api.services.sheets.v4.model.NumberFormat;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.RowData;
import com.google.api.services.sheets.v4.model.SheetProperties;
import com.google.api.services.sheets.v4.model.Spreadsheet;
import com.google.api.services.sheets.v4.model.UpdateCellsRequest;
import com.google.api.services.sheets.v4.model.UpdateSheetPropertiesRequest;
import com.google.api.services.sheets.v4.model.ValueRange;

class SheetsEmulatorCellsTest extends WriterSessionTest {

    static Request addSheet(String title) {
        return new Request().setAddSheet(new AddSheetRequest().setProperties(new SheetProperties().setTitle(title)));
    }

    static Request append(int sheetId, RowData... rows) {
        return new Request()
                .setAppendCells(new AppendCellsRequest()
                        .setSheetId(sheetId)
                        .setRows(List.of(rows))
                        .setFields("userEnteredValue"));
    }

    @Test
    void addSheetThenAppendCellsReadsBackTyped() throws Exception {
        String id = newSpreadsheet();
        BatchUpdateSpreadsheetResponse added = batch(sheets, id, addSheet("Orders"));
        SheetProperties props = added.getReplies().get(0).getAddSheet().getProperties();
        assertThat(props.getTitle()).isEqualTo("Orders");
        assertThat(props.getIndex()).isEqualTo(1);
        assertThat(props.getSheetType()).isEqualTo("GRID");
        assertThat(props.getGridProperties().getRowCount()).isEqualTo(1000);
        assertThat(props.getGridProperties().getColumnCount()).isEqualTo(26);
        int sheetId = props.getSheetId();
        assertThat(sheetId).isPositive();

        BatchUpdateSpreadsheetResponse appended = batch(
                sheets,
                id,
                append(sheetId, row("id", "amount", "paid", "note"), row("a-1", 12.5, true, "=IMPORTXML(x)")));
        assertThat(appended.getSpreadsheetId()).isEqualTo(id);
        assertThat(appended.getReplies()).hasSize(1);
        assertThat(appended.getReplies().get(0)).isEmpty();

        assertThat(emulator.values(id, "Orders"))
                .containsExactly(List.of("id", "amount", "paid", "note"), List.of("a-1", 12.5, true, "=IMPORTXML(x)"));
        assertThat(emulator.header(id, "Orders")).containsExactly("id", "amount", "paid", "note");

        ValueRange formatted =
                sheets.spreadsheets().values().get(id, "Orders!A1:Z2").execute();
        assertThat(formatted.getRange()).isEqualTo("Orders!A1:Z2");
        assertThat(formatted.getMajorDimension()).isEqualTo("ROWS");
        assertThat(formatted.getValues())
                .containsExactly(
                        List.of("id", "amount", "paid", "note"), List.of("a-1", "12.5", "TRUE", "=IMPORTXML(x)"));

        ValueRange raw = sheets.spreadsheets()
                .values()
                .get(id, "Orders!2:2")
                .setValueRenderOption("UNFORMATTED_VALUE")
                .execute();
        assertThat(raw.getRange()).isEqualTo("Orders!A2:Z2");
        assertThat(raw.getValues().get(0)).containsExactly("a-1", new BigDecimal("12.5"), true, "=IMPORTXML(x)");

        // a second append lands after the last row with data
        batch(sheets, id, append(sheetId, row("a-2", 3)));
        assertThat(emulator.values(id, "Orders")).hasSize(3).last().isEqualTo(List.of("a-2", 3.0));
    }

    @Test
    void formulasAreStoredAsEnteredAndNumberFormatsKept() throws Exception {
        String id = newSpreadsheet();
        CellData dated = new CellData()
                .setUserEnteredValue(new ExtendedValue().setNumberValue(45000.5))
                .setUserEnteredFormat(new CellFormat()
                        .setNumberFormat(new NumberFormat().setType("DATE_TIME").setPattern("yyyy-mm-dd hh:mm")));
        CellData formula = EmulatorClients.cell(new SheetsEmulator.Formula("=SUM(1,2)"));
        batch(
                sheets,
                id,
                new Request()
                        .setAppendCells(new AppendCellsRequest()
                                .setSheetId(0)
                                .setRows(List.of(new RowData().setValues(List.of(dated, formula))))
                                .setFields("userEnteredValue,userEnteredFormat.numberFormat")));
        SheetsEmulator.Cell date = emulator.cell(id, "Sheet1", "A1");
        assertThat(date.value()).isEqualTo(45000.5);
        assertThat(date.numberFormat()).isEqualTo(new SheetsEmulator.NumberFormat("DATE_TIME", "yyyy-mm-dd hh:mm"));
        assertThat(date.formattedValue()).isEqualTo("2023-03-15 12:00");
        assertThat(emulator.cell(id, "Sheet1", "B1").value()).isEqualTo(new SheetsEmulator.Formula("=SUM(1,2)"));
        assertThat(sheets.spreadsheets().values().get(id, "A1:B1").execute().getValues())
                .containsExactly(List.of("2023-03-15 12:00", "=SUM(1,2)"));
    }

    @Test
    void appendCellsGrowsTheGrid() throws Exception {
        String id = newSpreadsheet();
        batch(
                sheets,
                id,
                new Request()
                        .setUpdateSheetProperties(new UpdateSheetPropertiesRequest()
                                .setProperties(new SheetProperties()
                                        .setSheetId(0)
                                        .setGridProperties(new GridProperties()
                                                .setRowCount(2)
                                                .setColumnCount(2)))
                                .setFields("gridProperties.rowCount,gridProperties.columnCount")));
        batch(sheets, id, append(0, row("a", "b"), row("c", "d"), row("e", "f")));
        assertThat(emulator.gridSize(id, "Sheet1")).containsExactly(3, 2);
        assertThat(emulator.values(id, "Sheet1"))
                .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e", "f"));
        // rows are added as needed, columns never
        assertApiError(
                () -> batch(sheets, id, append(0, row("x", "y", "z"))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].appendCells: Attempting to write column: 2, beyond the last requested column of: 1");
        assertThat(emulator.gridSize(id, "Sheet1")).containsExactly(3, 2);
    }

    @Test
    void updateCellsWithStartRangeAndMask() throws Exception {
        String id = newSpreadsheet();
        batch(sheets, id, append(0, row("h1", "h2", "h3"), row(1, 2, 3), row(4, 5, 6)));
        // start: writes only the given cells
        batch(
                sheets,
                id,
                new Request()
                        .setUpdateCells(new UpdateCellsRequest()
                                .setStart(new GridCoordinate()
                                        .setSheetId(0)
                                        .setRowIndex(1)
                                        .setColumnIndex(1))
                                .setRows(List.of(row("x")))
                                .setFields("userEnteredValue")));
        assertThat(emulator.values(id, "Sheet1").get(1)).containsExactly(1.0, "x", 3.0);
        // range: cells of the range not covered by rows are cleared for the masked fields
        batch(
                sheets,
                id,
                new Request()
                        .setUpdateCells(new UpdateCellsRequest()
                                .setRange(new GridRange()
                                        .setSheetId(0)
                                        .setStartRowIndex(2)
                                        .setEndRowIndex(3)
                                        .setStartColumnIndex(0)
                                        .setEndColumnIndex(3))
                                .setRows(List.of(row("only")))
                                .setFields("userEnteredValue")));
        assertThat(emulator.values(id, "Sheet1"))
                .containsExactly(List.of("h1", "h2", "h3"), List.of(1.0, "x", 3.0), List.of("only"));
        // a format-only mask leaves values alone
        CellData fmt = new CellData()
                .setUserEnteredFormat(new CellFormat()
                        .setNumberFormat(new NumberFormat().setType("NUMBER").setPattern("0.00")));
        batch(
                sheets,
                id,
                new Request()
                        .setUpdateCells(new UpdateCellsRequest()
                                .setStart(new GridCoordinate()
                                        .setSheetId(0)
                                        .setRowIndex(1)
                                        .setColumnIndex(0))
                                .setRows(List.of(new RowData().setValues(List.of(fmt))))
                                .setFields("userEnteredFormat.numberFormat")));
        SheetsEmulator.Cell a2 = emulator.cell(id, "Sheet1", "A2");
        assertThat(a2.value()).isEqualTo(1.0);
        assertThat(a2.formattedValue()).isEqualTo("1.00");
    }

    @Test
    void insertDeleteAndAppendDimensions() throws Exception {
        String id = newSpreadsheet();
        batch(sheets, id, append(0, row("a", "b", "c"), row("1", "2", "3")));
        batch(
                sheets,
                id,
                new Request()
                        .setInsertDimension(new InsertDimensionRequest()
                                .setRange(new DimensionRange()
                                        .setSheetId(0)
                                        .setDimension("COLUMNS")
                                        .setStartIndex(1)
                                        .setEndIndex(2))),
                new Request()
                        .setDeleteDimension(new DeleteDimensionRequest()
                                .setRange(new DimensionRange()
                                        .setSheetId(0)
                                        .setDimension("ROWS")
                                        .setStartIndex(0)
                                        .setEndIndex(1))),
                new Request()
                        .setAppendDimension(new AppendDimensionRequest()
                                .setSheetId(0)
                                .setDimension("ROWS")
                                .setLength(10)));
        assertThat(emulator.values(id, "Sheet1")).containsExactly(java.util.Arrays.asList("1", null, "2", "3"));
        assertThat(emulator.gridSize(id, "Sheet1")).containsExactly(1009, 27);
    }

    @Test
    void getWithFieldsRangesAndGridData() throws Exception {
        String id = newSpreadsheet();
        batch(sheets, id, addSheet("My tab"));
        int sheetId = emulator.sheetId(id, "My tab");
        batch(sheets, id, append(sheetId, row("k", "v"), row("x", 1)));

        Spreadsheet meta = sheets.spreadsheets()
                .get(id)
                .setFields("sheets.properties(sheetId,title)")
                .execute();
        assertThat(meta.getSpreadsheetId()).isNull();
        assertThat(meta.getSheets()).hasSize(2);
        assertThat(meta.getSheets().get(1).getProperties().getTitle()).isEqualTo("My tab");
        assertThat(meta.getSheets().get(1).getProperties().getIndex()).isNull();

        Spreadsheet data = sheets.spreadsheets()
                .get(id)
                .setRanges(List.of("'My tab'!1:1"))
                .setIncludeGridData(true)
                .execute();
        assertThat(data.getSheets()).hasSize(1);
        var grid = data.getSheets().get(0).getData().get(0);
        assertThat(grid.getRowData()).hasSize(1);
        assertThat(grid.getRowData().get(0).getValues())
                .extracting(c -> c.getUserEnteredValue().getStringValue())
                .containsExactly("k", "v");
        assertThat(grid.getRowData().get(0).getValues().get(0).getFormattedValue())
                .isEqualTo("k");
        assertThat(grid.getColumnMetadata()).hasSize(26);

        Spreadsheet masked = sheets.spreadsheets()
                .get(id)
                .setRanges(List.of("'My tab'!1:1"))
                .setFields("sheets(properties(sheetId),data(rowData(values(formattedValue))))")
                .execute();
        assertThat(masked.getSheets()
                        .get(0)
                        .getData()
                        .get(0)
                        .getRowData()
                        .get(0)
                        .getValues())
                .as("a field mask that names grid data returns it without includeGridData")
                .extracting(CellData::getFormattedValue)
                .containsExactly("k", "v");

        ValueRange header =
                sheets.spreadsheets().values().get(id, "'My tab'!1:1").execute();
        assertThat(header.getRange()).isEqualTo("'My tab'!A1:Z1");
        assertThat(header.getValues()).containsExactly(List.of("k", "v"));
        ValueRange empty =
                sheets.spreadsheets().values().get(id, "'My tab'!A10:B12").execute();
        assertThat(empty.getValues()).isNull();
    }

    @Test
    void updateSheetPropertiesRenamesMovesAndFreezes() throws Exception {
        String id = newSpreadsheet();
        batch(sheets, id, addSheet("Second"));
        batch(
                sheets,
                id,
                new Request()
                        .setUpdateSheetProperties(new UpdateSheetPropertiesRequest()
                                .setProperties(new SheetProperties()
                                        .setSheetId(0)
                                        .setTitle("Renamed")
                                        .setIndex(1)
                                        .setGridProperties(new GridProperties().setFrozenRowCount(1)))
                                .setFields("title,index,gridProperties.frozenRowCount")));
        assertThat(emulator.tabs(id)).containsExactly("Second", "Renamed");
        SheetProperties props =
                sheets.spreadsheets().get(id).execute().getSheets().get(1).getProperties();
        assertThat(props.getTitle()).isEqualTo("Renamed");
        assertThat(props.getIndex()).isEqualTo(1);
        assertThat(props.getGridProperties().getFrozenRowCount()).isEqualTo(1);
        assertThat(props.getGridProperties().getRowCount()).isEqualTo(1000);
    }

    @Test
    void batchUpdateIsAtomic() throws Exception {
        String id = newSpreadsheet();
        batch(sheets, id, append(0, row("kept")));
        Request overwrite = new Request()
                .setUpdateCells(new UpdateCellsRequest()
                        .setStart(new GridCoordinate()
                                .setSheetId(0)
                                .setRowIndex(0)
                                .setColumnIndex(0))
                        .setRows(List.of(row("overwritten", "too")))
                        .setFields("userEnteredValue"));
        Request widen = new Request()
                .setInsertDimension(new InsertDimensionRequest()
                        .setRange(new DimensionRange()
                                .setSheetId(0)
                                .setDimension("COLUMNS")
                                .setStartIndex(0)
                                .setEndIndex(1)));
        assertApiError(
                () -> batch(
                        sheets,
                        id,
                        addSheet("New"),
                        overwrite,
                        append(0, row("lost")),
                        widen,
                        append(4242, row("boom"))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[4].appendCells: No grid with id: 4242");
        assertThat(emulator.tabs(id)).containsExactly("Sheet1");
        assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("kept"));
        assertThat(emulator.gridSize(id, "Sheet1")).containsExactly(1000, 26);
        assertThat(emulator.stats(id).writesApplied()).isEqualTo(1);
    }
}
