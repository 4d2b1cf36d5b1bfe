package dev.outflow.connect.testkit.sheets;

import static dev.outflow.connect.testkit.sheets.EmulatorClients.batch;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.model.AppendCellsRequest;
import com.google.api.services.sheets.v4.model.CreateDeveloperMetadataRequest;
import com.google.api.services.sheets.v4.model.DeveloperMetadata;
import com.google.api.services.sheets.v4.model.DeveloperMetadataLocation;
import com.google.api.services.sheets.v4.model.DimensionRange;
import com.google.api.services.sheets.v4.model.Request;

/** Reading and editing sheets as a person in the browser would, between connector writes. */
class SheetsEmulatorPersonApiTest {

    static SheetsEmulator emulator;
    static Sheets sheets;
    static String email;
    static int counter;

    @BeforeAll
    static void start() throws Exception {
        emulator = new SheetsEmulator();
        String key = emulator.createServiceAccount("person-api");
        email = emulator.serviceAccountEmail("person-api");
        sheets = EmulatorClients.sheets(emulator, key);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    static String sheetWithData() throws Exception {
        String id = emulator.createSpreadsheet("person-" + (++counter), email);
        batch(
                sheets,
                id,
                new Request()
                        .setAppendCells(new AppendCellsRequest()
                                .setSheetId(0)
                                .setFields("userEnteredValue")
                                .setRows(List.of(
                                        row("name", "score", "ok"),
                                        row("bob", 7, true),
                                        row("alice", 12, false),
                                        row("carol", null, true),
                                        row("dave", 3, true)))));
        return id;
    }

    @Test
    void moveColumnKeepsHeadersAndCellsTogether() throws Exception {
        String id = sheetWithData();
        emulator.moveColumn(id, "Sheet1", 2, 0);
        assertThat(emulator.header(id, "Sheet1")).containsExactly("ok", "name", "score");
        assertThat(emulator.values(id, "Sheet1").get(1)).containsExactly(true, "bob", 7.0);
        emulator.moveColumn(id, "Sheet1", 0, 2);
        assertThat(emulator.header(id, "Sheet1")).containsExactly("name", "score", "ok");
    }

    @Test
    void sortDataRowsLeavesTheHeaderAndPutsEmptyCellsLast() throws Exception {
        String id = sheetWithData();
        batch(
                sheets,
                id,
                new Request()
                        .setCreateDeveloperMetadata(new CreateDeveloperMetadataRequest()
                                .setDeveloperMetadata(new DeveloperMetadata()
                                        .setMetadataKey("row-of-bob")
                                        .setVisibility("DOCUMENT")
                                        .setLocation(new DeveloperMetadataLocation()
                                                .setDimensionRange(new DimensionRange()
                                                        .setSheetId(0)
                                                        .setDimension("ROWS")
                                                        .setStartIndex(1)
                                                        .setEndIndex(2))))));
        emulator.sortDataRows(id, "Sheet1", 1, true);
        assertThat(emulator.values(id, "Sheet1"))
                .containsExactly(
                        List.of("name", "score", "ok"),
                        List.of("dave", 3.0, true),
                        List.of("bob", 7.0, true),
                        List.of("alice", 12.0, false),
                        Arrays.asList("carol", null, true));
        assertThat(emulator.developerMetadata(id))
                .singleElement()
                .satisfies(m -> assertThat(m.index()).isEqualTo(2));
        emulator.sortDataRows(id, "Sheet1", 0, false);
        assertThat(emulator.values(id, "Sheet1"))
                .extracting(r -> r.get(0))
                .containsExactly("name", "dave", "carol", "bob", "alice");
    }

    @Test
    void insertColumnWithHeaderAndEditCells() throws Exception {
        String id = sheetWithData();
        emulator.insertColumn(id, "Sheet1", 1, "added by a person");
        assertThat(emulator.header(id, "Sheet1")).containsExactly("name", "added by a person", "score", "ok");
        assertThat(emulator.gridSize(id, "Sheet1")).containsExactly(1000, 27);
        emulator.setCell(id, "Sheet1", "B2", "typed");
        emulator.setCell(id, "Sheet1", "C2", 8.5);
        emulator.setCell(id, "Sheet1", "D2", null);
        emulator.setCell(id, "Sheet1", "E2", "=B2&C2");
        emulator.setNumberFormat(id, "Sheet1", "C2", new SheetsEmulator.NumberFormat("PERCENT", "0%"));
        assertThat(emulator.values(id, "Sheet1").get(1))
                .containsExactly("bob", "typed", 8.5, null, new SheetsEmulator.Formula("=B2&C2"));
        assertThat(emulator.cell(id, "Sheet1", "C2").formattedValue()).isEqualTo("850%");
        assertThat(emulator.cells(id, "Sheet1").get(1).get(3)).isNull();
        // the connector reading through the API sees the person's edits
        assertThat(sheets.spreadsheets()
                        .values()
                        .get(id, "Sheet1!1:2")
                        .execute()
                        .getValues())
                .containsExactly(
                        List.of("name", "added by a person", "score", "ok"),
                        List.of("bob", "typed", "850%", "", "=B2&C2"));
    }

    @Test
    void tabsAndCellCounts() throws Exception {
        String id = sheetWithData();
        assertThat(emulator.cellCount(id)).isEqualTo(26_000);
        int added = emulator.addTab(id, "Extra");
        assertThat(emulator.tabs(id)).containsExactly("Sheet1", "Extra");
        assertThat(emulator.sheetId(id, "Extra")).isEqualTo(added);
        emulator.resizeTab(id, "Extra", 10, 5);
        assertThat(emulator.cellCount(id)).isEqualTo(26_050);
        emulator.deleteTab(id, "Extra");
        assertThat(emulator.tabs(id)).containsExactly("Sheet1");
        assertThat(emulator.cellCount(id)).isEqualTo(26_000);
        assertThatThrownBy(() -> emulator.resizeTab(id, "Sheet1", 1_000_000, 11))
                .isInstanceOf(IllegalStateException.class);
        emulator.deleteRow(id, "Sheet1", 1);
        assertThat(emulator.values(id, "Sheet1"))
                .extracting(r -> r.get(0))
                .containsExactly("name", "alice", "carol", "dave");
    }
}
