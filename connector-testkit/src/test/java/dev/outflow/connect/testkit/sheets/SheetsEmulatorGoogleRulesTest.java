package dev.outflow.connect.testkit.sheets;

import static dev.outflow.connect.testkit.sheets.EmulatorClients.apiError;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.assertApiError;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.sheets.v4.model.AddSheetRequest;
import com.google.api.services.sheets.v4.model.CreateDeveloperMetadataRequest;
import com.google.api.services.sheets.v4.model.DataFilter;
import com.google.api.services.sheets.v4.model.DeleteDimensionRequest;
import com.google.api.services.sheets.v4.model.DeveloperMetadata;
import com.google.api.services.sheets.v4.model.DeveloperMetadataLocation;
import com.google.api.services.sheets.v4.model.DeveloperMetadataLookup;
import com.google.api.services.sheets.v4.model.DimensionRange;
import com.google.api.services.sheets.v4.model.GridProperties;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.SheetProperties;
import com.google.api.services.sheets.v4.model.UpdateDeveloperMetadataRequest;
import com.google.api.services.sheets.v4.model.UpdateSheetPropertiesRequest;

/** The rules of the conformance table added for issue 10, each with Google's code and message. */
class SheetsEmulatorGoogleRulesTest extends WriterSessionTest {

    static Request addSheet(String title, int rows, int cols, int frozenRows, int frozenCols) {
        return new Request()
                .setAddSheet(new AddSheetRequest()
                        .setProperties(new SheetProperties()
                                .setTitle(title)
                                .setGridProperties(new GridProperties()
                                        .setRowCount(rows)
                                        .setColumnCount(cols)
                                        .setFrozenRowCount(frozenRows)
                                        .setFrozenColumnCount(frozenCols))));
    }

    static Request deleteRows(int sheetId, int start, int end) {
        return new Request()
                .setDeleteDimension(new DeleteDimensionRequest()
                        .setRange(new DimensionRange()
                                .setSheetId(sheetId)
                                .setDimension("ROWS")
                                .setStartIndex(start)
                                .setEndIndex(end)));
    }

    static Request metadata(String key, String value, DeveloperMetadataLocation location) {
        return new Request()
                .setCreateDeveloperMetadata(new CreateDeveloperMetadataRequest()
                        .setDeveloperMetadata(new DeveloperMetadata()
                                .setMetadataKey(key)
                                .setMetadataValue(value)
                                .setVisibility("DOCUMENT")
                                .setLocation(location)));
    }

    @Test
    void addSheetMayNotFreezeEveryRowOrColumn() throws Exception {
        String id = newSpreadsheet();
        assertApiError(
                () -> batch(sheets, id, addSheet("t", 1, 3, 1, 0)),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].addSheet: You can't freeze all visible rows on the sheet.");
        assertApiError(
                () -> batch(sheets, id, addSheet("t", 5, 2, 0, 2)),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].addSheet: You can't freeze all visible columns on the sheet.");
        assertThat(emulator.tabs(id)).containsExactly("Sheet1");

        batch(sheets, id, addSheet("t", 2, 3, 1, 0));
        assertThat(emulator.gridSize(id, "t")).containsExactly(2, 3);
    }

    @Test
    void updateSheetPropertiesMayNotFreezeEveryRowNorShrinkOntoTheFrozenRows() throws Exception {
        String id = newSpreadsheet();
        batch(sheets, id, addSheet("t", 3, 3, 1, 0));
        int sheetId = emulator.sheetId(id, "t");
        assertApiError(
                () -> batch(
                        sheets,
                        id,
                        new Request()
                                .setUpdateSheetProperties(new UpdateSheetPropertiesRequest()
                                        .setProperties(new SheetProperties()
                                                .setSheetId(sheetId)
                                                .setGridProperties(new GridProperties().setFrozenRowCount(3)))
                                        .setFields("gridProperties.frozenRowCount"))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].updateSheetProperties: You can't freeze all visible rows on the sheet.");
        assertApiError(
                () -> batch(
                        sheets,
                        id,
                        new Request()
                                .setUpdateSheetProperties(new UpdateSheetPropertiesRequest()
                                        .setProperties(new SheetProperties()
                                                .setSheetId(sheetId)
                                                .setGridProperties(new GridProperties().setRowCount(1)))
                                        .setFields("gridProperties.rowCount"))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].updateSheetProperties: You can't freeze all visible rows on the sheet.");
        assertThat(emulator.gridSize(id, "t")).containsExactly(3, 3);
    }

    @Test
    void deleteDimensionMayNotDeleteEveryNonFrozenRow() throws Exception {
        String id = newSpreadsheet();
        batch(sheets, id, addSheet("t", 4, 2, 1, 0));
        int sheetId = emulator.sheetId(id, "t");
        assertApiError(
                () -> batch(sheets, id, deleteRows(sheetId, 1, 4)),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].deleteDimension: Sorry, it is not possible to delete all non-frozen rows.");
        // one subrequest at a time, the last one deleting the last non-frozen row: the batch fails whole
        assertApiError(
                () -> batch(
                        sheets, id, deleteRows(sheetId, 3, 4), deleteRows(sheetId, 2, 3), deleteRows(sheetId, 1, 2)),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[2].deleteDimension: Sorry, it is not possible to delete all non-frozen rows.");
        assertThat(emulator.gridSize(id, "t")).containsExactly(4, 2);

        batch(sheets, id, deleteRows(sheetId, 2, 4));
        assertThat(emulator.gridSize(id, "t")).containsExactly(2, 2);
    }

    @Test
    void developerMetadataIsLimitedTo30000CharactersPerLocationAcrossEntries() throws Exception {
        String id = newSpreadsheet();
        DeveloperMetadataLocation spreadsheet = new DeveloperMetadataLocation().setSpreadsheet(true);
        DeveloperMetadataLocation sheet = new DeveloperMetadataLocation().setSheetId(0);
        // 3 entries of 10,000 characters each (key 4 + value 9,996): exactly the budget of each location
        String value = "v".repeat(9_996);
        batch(
                sheets,
                id,
                metadata("k-01", value, spreadsheet),
                metadata("k-02", value, spreadsheet),
                metadata("k-03", value, spreadsheet));
        batch(
                sheets,
                id,
                metadata("k-01", value, sheet),
                metadata("k-02", value, sheet),
                metadata("k-03", value, sheet));

        GoogleJsonResponseException overSpreadsheet =
                apiError(() -> batch(sheets, id, metadata("k", "x", spreadsheet)));
        assertThat(overSpreadsheet.getStatusCode()).isEqualTo(400);
        assertThat(overSpreadsheet.getDetails().getMessage())
                .startsWith("Invalid requests[0].createDeveloperMetadata: ");
        GoogleJsonResponseException overSheet = apiError(() -> batch(sheets, id, metadata("k", "x", sheet)));
        assertThat(overSheet.getStatusCode()).isEqualTo(400);
        // an update that grows an entry past the budget is refused too
        GoogleJsonResponseException grown = apiError(() -> batch(
                sheets,
                id,
                new Request()
                        .setUpdateDeveloperMetadata(new UpdateDeveloperMetadataRequest()
                                .setDataFilters(List.of(new DataFilter()
                                        .setDeveloperMetadataLookup(new DeveloperMetadataLookup()
                                                .setMetadataKey("k-01")
                                                .setLocationType("SPREADSHEET"))))
                                .setDeveloperMetadata(new DeveloperMetadata().setMetadataValue(value + "x"))
                                .setFields("metadataValue"))));
        assertThat(grown.getStatusCode()).isEqualTo(400);
        assertThat(emulator.developerMetadata(id)).hasSize(6);

        // another sheet has a budget of its own
        batch(sheets, id, addSheet("other", 2, 2, 0, 0));
        batch(
                sheets,
                id,
                metadata("k-01", value, new DeveloperMetadataLocation().setSheetId(emulator.sheetId(id, "other"))));
        assertThat(emulator.developerMetadata(id)).hasSize(7);
    }

    @Test
    void errorBodiesCarryTheLegacyErrorsArray() {
        String id = newSpreadsheet();
        GoogleJsonError bad =
                apiError(() -> batch(sheets, id, deleteRows(99, 0, 1))).getDetails();
        assertThat(bad.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getDomain()).isEqualTo("global");
            assertThat(e.getReason()).isEqualTo("badRequest");
            assertThat(e.getMessage()).isEqualTo(bad.getMessage());
        });
        GoogleJsonError notFound =
                apiError(() -> sheets.spreadsheets().get("nope").execute()).getDetails();
        assertThat(notFound.getErrors())
                .singleElement()
                .satisfies(e -> assertThat(e.getReason()).isEqualTo("notFound"));
        emulator.failNext(1, SheetsFault.rateLimited());
        GoogleJsonError limited =
                apiError(() -> sheets.spreadsheets().get(id).execute()).getDetails();
        assertThat(limited.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getDomain()).isEqualTo("global");
            assertThat(e.getReason()).isEqualTo("rateLimitExceeded");
        });
        assertThat(limited.getDetails()).isNotEmpty();
    }

    @Test
    void everyRequestSizeIsRecorded() throws Exception {
        String id = newSpreadsheet();
        sheets.spreadsheets().get(id).execute();
        String big = "x".repeat(20_000);
        batch(sheets, id, metadata("k", big, new DeveloperMetadataLocation().setSpreadsheet(true)));
        assertThat(emulator.requestSizes(id)).hasSize(2);
        RequestSize write = emulator.requestSizes(id).get(1);
        assertThat(write.operation()).isEqualTo(ApiCall.Operation.BATCH_UPDATE);
        assertThat(write.jsonBytes()).isGreaterThan(20_000);
        // the Google client gzips its bodies: a run of one letter compresses to far less on the wire
        assertThat(write.wireBytes()).isLessThan(write.jsonBytes());
        assertThat(emulator.largestRequestBytes(id)).isEqualTo(write.jsonBytes());
        // and what each response weighed: a read of a spreadsheet holding 20,000 characters of metadata carries them
        assertThat(emulator.responseSizes(id))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        sheets.spreadsheets().get(id).execute();
        assertThat(emulator.responseSizes(id).get(2).bytes()).isGreaterThan(20_000);
    }
}
