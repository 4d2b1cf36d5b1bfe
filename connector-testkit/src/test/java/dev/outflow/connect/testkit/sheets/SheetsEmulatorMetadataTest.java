package dev.outflow.connect.testkit.sheets;

import static dev.outflow.connect.testkit.sheets.EmulatorClients.assertApiError;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.batch;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.api.services.sheets.v4.model.AppendCellsRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetResponse;
import com.google.api.services.sheets.v4.model.CreateDeveloperMetadataRequest;
import com.google.api.services.sheets.v4.model.DataFilter;
import com.google.api.services.sheets.v4.model.DeleteDeveloperMetadataRequest;
import com.google.api.services.sheets.v4.model.DeveloperMetadata;
import com.google.api.services.sheets.v4.model.DeveloperMetadataLocation;
import com.google.api.services.sheets.v4.model.DeveloperMetadataLookup;
import com.google.api.services.sheets.v4.model.DimensionRange;
import com.google.api.services.sheets.v4.model.InsertDimensionRequest;
import com.google.api.services.sheets.v4.model.MatchedDeveloperMetadata;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.SearchDeveloperMetadataRequest;
import com.google.api.services.sheets.v4.model.SearchDeveloperMetadataResponse;
import com.google.api.services.sheets.v4.model.UpdateDeveloperMetadataRequest;

/** Developer metadata: the store for exactly-once offsets, written in the same batchUpdate as the rows. */
class SheetsEmulatorMetadataTest extends WriterSessionTest {

    static Request append(Object... values) {
        return new Request()
                .setAppendCells(new AppendCellsRequest()
                        .setSheetId(0)
                        .setRows(List.of(row(values)))
                        .setFields("userEnteredValue"));
    }

    static Request create(String key, String value, DeveloperMetadataLocation location) {
        return new Request()
                .setCreateDeveloperMetadata(new CreateDeveloperMetadataRequest()
                        .setDeveloperMetadata(new DeveloperMetadata()
                                .setMetadataKey(key)
                                .setMetadataValue(value)
                                .setLocation(location)
                                .setVisibility("DOCUMENT")));
    }

    static DataFilter byKey(String key) {
        return new DataFilter().setDeveloperMetadataLookup(new DeveloperMetadataLookup().setMetadataKey(key));
    }

    static SearchDeveloperMetadataResponse search(String id, DataFilter... filters) throws Exception {
        return sheets.spreadsheets()
                .developerMetadata()
                .search(id, new SearchDeveloperMetadataRequest().setDataFilters(List.of(filters)))
                .execute();
    }

    @Test
    void createSearchUpdateInTheSameBatchAsData() throws Exception {
        String id = newSpreadsheet();
        SearchDeveloperMetadataResponse none = search(id, byKey("outflow.offsets"));
        assertThat(none.getMatchedDeveloperMetadata())
                .as("an empty search answers {}")
                .isNull();

        BatchUpdateSpreadsheetResponse created = batch(
                sheets,
                id,
                append("a", 1),
                create("outflow.offsets", "{\"t-0\":0}", new DeveloperMetadataLocation().setSheetId(0)));
        DeveloperMetadata md =
                created.getReplies().get(1).getCreateDeveloperMetadata().getDeveloperMetadata();
        assertThat(md.getMetadataId()).isPositive();
        assertThat(md.getMetadataKey()).isEqualTo("outflow.offsets");
        assertThat(md.getLocation().getLocationType()).isEqualTo("SHEET");
        assertThat(md.getLocation().getSheetId()).isEqualTo(0);
        assertThat(md.getVisibility()).isEqualTo("DOCUMENT");

        SearchDeveloperMetadataResponse found = search(id, byKey("outflow.offsets"));
        assertThat(found.getMatchedDeveloperMetadata()).hasSize(1);
        MatchedDeveloperMetadata match = found.getMatchedDeveloperMetadata().get(0);
        assertThat(match.getDeveloperMetadata().getMetadataValue()).isEqualTo("{\"t-0\":0}");
        assertThat(match.getDataFilters()).containsExactly(byKey("outflow.offsets"));

        BatchUpdateSpreadsheetResponse updated = batch(
                sheets,
                id,
                append("b", 2),
                new Request()
                        .setUpdateDeveloperMetadata(new UpdateDeveloperMetadataRequest()
                                .setDataFilters(List.of(new DataFilter()
                                        .setDeveloperMetadataLookup(
                                                new DeveloperMetadataLookup().setMetadataId(md.getMetadataId()))))
                                .setDeveloperMetadata(new DeveloperMetadata().setMetadataValue("{\"t-0\":1}"))
                                .setFields("metadataValue")));
        assertThat(updated.getReplies().get(1).getUpdateDeveloperMetadata().getDeveloperMetadata())
                .singleElement()
                .satisfies(d -> assertThat(d.getMetadataValue()).isEqualTo("{\"t-0\":1}"));
        assertThat(emulator.developerMetadata(id))
                .singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo("{\"t-0\":1}"));
        assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("a", 1.0), List.of("b", 2.0));

        // a failing data write takes the offsets update down with it
        assertApiError(
                () -> batch(
                        sheets,
                        id,
                        new Request()
                                .setUpdateDeveloperMetadata(new UpdateDeveloperMetadataRequest()
                                        .setDataFilters(List.of(byKey("outflow.offsets")))
                                        .setDeveloperMetadata(new DeveloperMetadata().setMetadataValue("{\"t-0\":2}"))
                                        .setFields("metadataValue")),
                        new Request()
                                .setAppendCells(new AppendCellsRequest()
                                        .setSheetId(0)
                                        .setRows(List.of(row("c".repeat(50_001))))
                                        .setFields("*"))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[1].appendCells: Your input contains more than the maximum of 50000 characters in a single cell.");
        assertThat(search(id, byKey("outflow.offsets"))
                        .getMatchedDeveloperMetadata()
                        .get(0)
                        .getDeveloperMetadata()
                        .getMetadataValue())
                .isEqualTo("{\"t-0\":1}");
    }

    @Test
    void lookupsByIdLocationTypeAndExplicitIds() throws Exception {
        String id = newSpreadsheet();
        BatchUpdateSpreadsheetResponse r = batch(
                sheets,
                id,
                create("a", "1", new DeveloperMetadataLocation().setSpreadsheet(true)),
                create("b", "2", new DeveloperMetadataLocation().setSheetId(0)),
                new Request()
                        .setCreateDeveloperMetadata(new CreateDeveloperMetadataRequest()
                                .setDeveloperMetadata(new DeveloperMetadata()
                                        .setMetadataId(777)
                                        .setMetadataKey("c")
                                        .setVisibility("PROJECT")
                                        .setLocation(new DeveloperMetadataLocation()
                                                .setDimensionRange(new DimensionRange()
                                                        .setSheetId(0)
                                                        .setDimension("ROWS")
                                                        .setStartIndex(4)
                                                        .setEndIndex(5))))));
        assertThat(r.getReplies()
                        .get(2)
                        .getCreateDeveloperMetadata()
                        .getDeveloperMetadata()
                        .getMetadataId())
                .isEqualTo(777);

        assertThat(search(
                                id,
                                new DataFilter()
                                        .setDeveloperMetadataLookup(
                                                new DeveloperMetadataLookup().setLocationType("SPREADSHEET")))
                        .getMatchedDeveloperMetadata())
                .extracting(m -> m.getDeveloperMetadata().getMetadataKey())
                .containsExactly("a");
        assertThat(search(
                                id,
                                new DataFilter()
                                        .setDeveloperMetadataLookup(new DeveloperMetadataLookup().setMetadataId(777)))
                        .getMatchedDeveloperMetadata())
                .extracting(m -> m.getDeveloperMetadata().getMetadataKey())
                .containsExactly("c");
        assertThat(sheets.spreadsheets()
                        .developerMetadata()
                        .get(id, 777)
                        .execute()
                        .getMetadataKey())
                .isEqualTo("c");
        assertThat(sheets.spreadsheets().get(id).execute().getDeveloperMetadata())
                .extracting(DeveloperMetadata::getMetadataKey)
                .containsExactly("a");

        // row metadata moves with its row
        batch(
                sheets,
                id,
                new Request()
                        .setInsertDimension(new InsertDimensionRequest()
                                .setRange(new DimensionRange()
                                        .setSheetId(0)
                                        .setDimension("ROWS")
                                        .setStartIndex(0)
                                        .setEndIndex(2))));
        DeveloperMetadata moved =
                sheets.spreadsheets().developerMetadata().get(id, 777).execute();
        assertThat(moved.getLocation().getDimensionRange().getStartIndex()).isEqualTo(6);

        assertApiError(
                () -> batch(
                        sheets,
                        id,
                        new Request()
                                .setCreateDeveloperMetadata(new CreateDeveloperMetadataRequest()
                                        .setDeveloperMetadata(new DeveloperMetadata()
                                                .setMetadataId(777)
                                                .setMetadataKey("dup")
                                                .setVisibility("DOCUMENT")
                                                .setLocation(new DeveloperMetadataLocation().setSpreadsheet(true))))),
                400,
                "INVALID_ARGUMENT",
                "Invalid requests[0].createDeveloperMetadata: Developer metadata with ID 777 already exists.");

        BatchUpdateSpreadsheetResponse deleted = batch(
                sheets,
                id,
                new Request()
                        .setDeleteDeveloperMetadata(new DeleteDeveloperMetadataRequest().setDataFilter(byKey("b"))));
        assertThat(deleted.getReplies().get(0).getDeleteDeveloperMetadata().getDeletedDeveloperMetadata())
                .extracting(DeveloperMetadata::getMetadataKey)
                .containsExactly("b");
        assertThat(emulator.developerMetadata(id))
                .extracting(SheetsEmulator.MetadataEntry::key)
                .containsExactly("a", "c");
    }
}
