package dev.outflow.connect.testkit.sheets;

import static dev.outflow.connect.testkit.sheets.EmulatorClients.apiError;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.assertApiError;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.sheets.v4.model.AddSheetRequest;
import com.google.api.services.sheets.v4.model.AppendCellsRequest;
import com.google.api.services.sheets.v4.model.AppendDimensionRequest;
import com.google.api.services.sheets.v4.model.DeleteDimensionRequest;
import com.google.api.services.sheets.v4.model.DimensionRange;
import com.google.api.services.sheets.v4.model.GridCoordinate;
import com.google.api.services.sheets.v4.model.GridProperties;
import com.google.api.services.sheets.v4.model.InsertDimensionRequest;
import com.google.api.services.sheets.v4.model.RepeatCellRequest;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.SheetProperties;
import com.google.api.services.sheets.v4.model.UpdateCellsRequest;

/** Each refusal of the real API, with its status code, status and message. */
class SheetsEmulatorErrorsTest extends WriterSessionTest {

    static final String CELL_LIMIT =
            "This action would increase the number of cells in the workbook above the limit of 10000000 cells.";

    static Request appendTo(int sheetId, Object... values) {
        return new Request()
                .setAppendCells(new AppendCellsRequest()
                        .setSheetId(sheetId)
                        .setRows(List.of(row(values)))
                        .setFields("userEnteredValue"));
    }

    static Request addSheet(String title, int rows, int cols) {
        return new Request()
                .setAddSheet(new AddSheetRequest()
                        .setProperties(new SheetProperties()
                                .setTitle(title)
                                .setGridProperties(
                                        new GridProperties().setRowCount(rows).setColumnCount(cols))));
    }

    @Test
    void unknownSpreadsheetIsNotFound() {
        assertApiError(
                () -> sheets.spreadsheets().get("no-such-sheet").execute(),
                404,
                "NOT_FOUND",
                "Requested entity was not found.");
        assertApiError(
                () -> EmulatorClients.batch(sheets, "no-such-sheet", appendTo(0, "x")),
                404,
                "NOT_FOUND",
                "Requested entity was not found.");
    }

    @Test
    void unknownSheetIdIsRefused() {
        String id = newSpreadsheet();
        assertApiError(
                () -> EmulatorClients.batch(sheets, id, appendTo(77, "x")),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].appendCells: No grid with id: 77");
        assertApiError(
                () -> EmulatorClients.batch(
                        sheets,
                        id,
                        new Request()
                                .setUpdateCells(new UpdateCellsRequest()
                                        .setStart(new GridCoordinate().setSheetId(5))
                                        .setRows(List.of(row("x")))
                                        .setFields("*"))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].updateCells: No grid with id: 5");
    }

    @Test
    void badRangesAreUnparseable() {
        String id = newSpreadsheet();
        assertApiError(
                () -> sheets.spreadsheets().values().get(id, "Nope!A1:B2").execute(),
                400,
                "INVALID_ARGUMENT",
                "Unable to parse range: Nope!A1:B2");
        assertApiError(
                () -> sheets.spreadsheets().values().get(id, "Sheet1!A1:B2:C3").execute(),
                400,
                "INVALID_ARGUMENT",
                "Unable to parse range: Sheet1!A1:B2:C3");
        assertApiError(
                () -> sheets.spreadsheets().values().get(id, "Sheet1!").execute(),
                400,
                "INVALID_ARGUMENT",
                "Unable to parse range: Sheet1!");
        assertApiError(
                () -> sheets.spreadsheets()
                        .get(id)
                        .setRanges(List.of("'Sheet1!A1"))
                        .execute(),
                400,
                "INVALID_ARGUMENT",
                "Unable to parse range: 'Sheet1!A1");
        assertApiError(
                () -> sheets.spreadsheets().values().get(id, "Sheet1!AA1:AB2").execute(),
                400,
                "INVALID_ARGUMENT",
                "Range (Sheet1!AA1:AB2) exceeds grid limits. Max rows: 1000, max columns: 26");
    }

    @Test
    void unknownJsonNamesAreRejected() throws Exception {
        String id = newSpreadsheet();
        AppendCellsRequest append = new AppendCellsRequest()
                .setSheetId(0)
                .setRows(List.of(row("x")))
                .setFields("userEnteredValue");
        append.set("rowz", 1);
        GoogleJsonResponseException e =
                apiError(() -> EmulatorClients.batch(sheets, id, new Request().setAppendCells(append)));
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getDetails().get("status")).isEqualTo("INVALID_ARGUMENT");
        assertThat(e.getDetails().getMessage())
                .isEqualTo(
                        "Invalid JSON payload received. Unknown name \"rowz\" at 'requests[0].append_cells': Cannot find field.");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> details =
                (List<Map<String, Object>>) e.getDetails().get("details");
        assertThat(details.get(0)).containsEntry("@type", "type.googleapis.com/google.rpc.BadRequest");
        assertThat(emulator.values(id, "Sheet1")).isEmpty();

        EmulatorClients.Raw raw = EmulatorClients.rawJson(
                "POST",
                emulator.rootUrl() + "v4/spreadsheets/" + id + ":batchUpdate",
                emulator.issueAccessToken(email),
                "{\"requests\":[{\"addSheet\":{}}],\"bogus\":true}");
        assertThat(raw.status()).isEqualTo(400);
        assertThat(raw.body().at("/error/message").asText())
                .isEqualTo("Invalid JSON payload received. Unknown name \"bogus\": Cannot find field.");

        EmulatorClients.Raw badEnum = EmulatorClients.rawJson(
                "POST",
                emulator.rootUrl() + "v4/spreadsheets/" + id + ":batchUpdate",
                emulator.issueAccessToken(email),
                "{\"requests\":[{\"insertDimension\":{\"range\":{\"sheetId\":0,\"dimension\":\"ROWZ\",\"startIndex\":0,\"endIndex\":1}}}]}");
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(badEnum.body().at("/error/message").asText())
                .isEqualTo("Invalid value at 'requests[0].insert_dimension.range.dimension'"
                        + " (type.googleapis.com/google.apps.sheets.v4.Dimension), \"ROWZ\"");
    }

    @Test
    void cellLimitOfTenMillion() {
        String id = newSpreadsheet();
        // 26,000 cells exist; a 9,974,000-cell tab fills the workbook exactly
        apply(id, addSheet("Big", 383_615, 26)); // 9,973,990 cells
        assertThat(emulator.cellCount(id)).isEqualTo(9_999_990L);
        assertApiError(
                () -> EmulatorClients.batch(sheets, id, addSheet("One more", 1, 11)),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].addSheet: " + CELL_LIMIT);
        assertApiError(
                () -> EmulatorClients.batch(
                        sheets,
                        id,
                        new Request()
                                .setAppendDimension(new AppendDimensionRequest()
                                        .setSheetId(0)
                                        .setDimension("ROWS")
                                        .setLength(1))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].appendDimension: " + CELL_LIMIT);
        // appending a row past the grid would grow it too
        int big = emulator.sheetId(id, "Big");
        emulator.setCell(id, "Big", "A383615", "last row");
        assertApiError(
                () -> EmulatorClients.batch(sheets, id, appendTo(big, "x")),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].appendCells: " + CELL_LIMIT);
        // resizing applies rowCount first: 1001 rows x 26 old columns is over, though 1001 x 5 would fit
        assertApiError(
                () -> EmulatorClients.batch(
                        sheets,
                        id,
                        new Request()
                                .setUpdateSheetProperties(
                                        new com.google.api.services.sheets.v4.model.UpdateSheetPropertiesRequest()
                                                .setProperties(new SheetProperties()
                                                        .setSheetId(0)
                                                        .setGridProperties(new GridProperties()
                                                                .setRowCount(1001)
                                                                .setColumnCount(5)))
                                                .setFields("gridProperties.rowCount,gridProperties.columnCount"))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].updateSheetProperties: " + CELL_LIMIT);
        // exactly at the limit is fine
        apply(id, addSheet("Ten", 1, 10));
        assertThat(emulator.cellCount(id)).isEqualTo(10_000_000L);
    }

    private static void apply(String id, Request... requests) {
        try {
            EmulatorClients.batch(sheets, id, requests);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fiftyThousandCharactersPerCell() throws Exception {
        String id = newSpreadsheet();
        apply(id, appendTo(0, "x".repeat(50_000)));
        assertApiError(
                () -> EmulatorClients.batch(sheets, id, appendTo(0, "y".repeat(50_001))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].appendCells: Your input contains more than the maximum of 50000 characters in a single cell.");
        assertThat(emulator.values(id, "Sheet1")).hasSize(1);
    }

    @Test
    void structuralRefusals() {
        String id = newSpreadsheet();
        assertApiError(
                () -> EmulatorClients.batch(sheets, id, addSheet("sheet1", 10, 10)),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].addSheet: A sheet with the name \"sheet1\" already exists. Please enter another name.");
        assertApiError(
                () -> EmulatorClients.batch(
                        sheets,
                        id,
                        new Request()
                                .setDeleteDimension(new DeleteDimensionRequest()
                                        .setRange(new DimensionRange()
                                                .setSheetId(0)
                                                .setDimension("ROWS")
                                                .setStartIndex(0)
                                                .setEndIndex(1000)))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].deleteDimension: You can't delete all the rows on the sheet.");
        assertApiError(
                () -> EmulatorClients.batch(
                        sheets,
                        id,
                        new Request()
                                .setInsertDimension(new InsertDimensionRequest()
                                        .setRange(new DimensionRange()
                                                .setSheetId(0)
                                                .setDimension("ROWS")
                                                .setStartIndex(1000)
                                                .setEndIndex(1001)))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].insertDimension: range.startIndex must be less than the grid size (1000) if inheritFromBefore is false.");
        assertApiError(
                () -> EmulatorClients.batch(
                        sheets,
                        id,
                        new Request()
                                .setAppendCells(
                                        new AppendCellsRequest().setSheetId(0).setRows(List.of(row("x"))))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].appendCells: At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)");
        assertApiError(
                () -> EmulatorClients.batch(
                        sheets,
                        id,
                        new Request()
                                .setUpdateCells(new UpdateCellsRequest()
                                        .setStart(new GridCoordinate()
                                                .setSheetId(0)
                                                .setRowIndex(999))
                                        .setRows(List.of(row("a"), row("b")))
                                        .setFields("*"))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].updateCells: Attempting to write row: 1000, beyond the last requested row of: 999");
        assertApiError(
                () -> EmulatorClients.batch(sheets, id), 400, "INVALID_ARGUMENT", "Must specify at least one request.");
    }

    @Test
    void unimplementedRequestKindsAnswer501() {
        String id = newSpreadsheet();
        assertApiError(
                () -> EmulatorClients.batch(
                        sheets, id, new Request().setRepeatCell(new RepeatCellRequest().setFields("*"))),
                501,
                "UNIMPLEMENTED",
                "The Sheets emulator does not implement requests[0].repeatCell.");
    }

    @Test
    void badFieldsParameter() {
        String id = newSpreadsheet();
        GoogleJsonResponseException e = apiError(() -> sheets.spreadsheets()
                .get(id)
                .setFields("sheets.sheetProperties")
                .execute());
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getDetails().getMessage()).isEqualTo("Request contains an invalid argument.");
        assertThat(e.getContent())
                .contains(
                        "Error expanding 'fields' parameter. Cannot find matching fields for path 'sheets.sheetProperties'.");
        // whitespace is not skipped, as in the real API
        assertThat(apiError(() -> sheets.spreadsheets()
                                .get(id)
                                .setFields("properties, sheets.properties")
                                .execute())
                        .getContent())
                .contains("Cannot find matching fields for path ' sheets.properties'.");
    }
}
