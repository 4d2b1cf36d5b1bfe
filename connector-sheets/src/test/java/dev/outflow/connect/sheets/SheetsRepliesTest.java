package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.api.MetadataField;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.core.internal.row.RowMapper;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;

/** What a write says it did with each row, for its receipt, against the emulator's sheet. */
class SheetsRepliesTest {

    private static final String SHEET = "sheet-1";
    private static final String TAB = "leads";

    private SheetsEmulator google;
    private SheetsDestination destination;
    private final RowMapper mapper = new RowMapper(3, false, EnumSet.of(MetadataField.KEY));
    private String key;
    private long offset;

    @BeforeEach
    void start() {
        google = new SheetsEmulator();
        key = google.createServiceAccount("sink");
        google.createSpreadsheet(SHEET, google.serviceAccountEmail("sink"));
    }

    @AfterEach
    void stop() {
        if (destination != null) {
            destination.stop();
        }
        google.close();
    }

    private SheetsDestination started(String mode) {
        destination = SheetsTestSupport.started(
                google,
                key,
                SHEET,
                "test-sink",
                Map.of(SheetsConfig.MODE, mode, SheetsConfig.KEY_COLUMNS, "_key", "behavior.on.null.values", "delete"),
                Clock.systemUTC());
        return destination;
    }

    private Row keyed(String recordKey, long id) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", id);
        value.put("name", "lead-" + id);
        return mapper.toRow(new SinkRecord("leads", 0, null, recordKey, null, value, offset++));
    }

    private Row tombstone(String recordKey) {
        return mapper.toRow(new SinkRecord("leads", 0, null, recordKey, null, null, offset++));
    }

    /** The sheet row at a 1-based row number, as a person sees it. */
    private Map<String, Object> sheetRow(AppReply reply) {
        int number = Integer.parseInt(reply.fields().get("row"));
        List<String> header = google.header(SHEET, TAB);
        List<Object> cells = google.values(SHEET, TAB).get(number - 1);
        Map<String, Object> row = new LinkedHashMap<>();
        for (int c = 0; c < header.size() && c < cells.size(); c++) {
            row.put(header.get(c), cells.get(c));
        }
        return row;
    }

    private static AppReply tabOnly() {
        return AppReply.of("spreadsheet", SHEET, "tab", TAB);
    }

    @Test
    void appendedRowsSayTheirSpreadsheetAndTabButNoRowForAppendCellsAnswersNone() throws Exception {
        WriteResult result = started("append").write(TAB, List.of(keyed("a", 1), keyed("b", 2)));

        assertThat(result.replies())
                .containsOnlyKeys(0, 1)
                .containsEntry(0, tabOnly())
                .containsEntry(1, tabOnly());
        assertThat(SheetsTestSupport.dataRows(google, SHEET, TAB)).hasSize(2);
    }

    @Test
    void aRowUpdatedInPlaceSaysTheRowItIsInAndEveryRecordOfItsKeyDoes() throws Exception {
        SheetsDestination upsert = started("upsert");
        upsert.write(TAB, List.of(keyed("a", 1), keyed("b", 2), keyed("c", 3)));

        WriteResult result = upsert.write(TAB, List.of(keyed("b", 20), keyed("d", 4), keyed("b", 21)));

        assertThat(result.rejected()).isEmpty();
        assertThat(result.replies()).containsOnlyKeys(0, 1, 2);
        AppReply b = result.replies().get(0);
        assertThat(b.fields())
                .containsEntry("spreadsheet", SHEET)
                .containsEntry("tab", TAB)
                .containsEntry("row", "3");
        assertThat(result.replies().get(2))
                .as("the later record of the key wins; both name its row")
                .isEqualTo(b);
        assertThat(sheetRow(b)).containsEntry("_key", "b").containsEntry("id", 21.0);
        assertThat(result.replies().get(1)).as("appended").isEqualTo(tabOnly());
    }

    @Test
    void aRowBelowARowDeletedInTheSameRequestSaysWhereItIsAfterTheDeletion() throws Exception {
        SheetsDestination upsert = started("upsert");
        upsert.write(TAB, List.of(keyed("a", 1), keyed("b", 2), keyed("c", 3)));

        WriteResult result = upsert.write(TAB, List.of(tombstone("a"), keyed("c", 30)));

        assertThat(result.rejected()).isEmpty();
        assertThat(result.replies().get(0)).as("the tombstone's row is gone").isEqualTo(tabOnly());
        assertThat(result.replies().get(1).fields()).containsEntry("row", "3");
        assertThat(sheetRow(result.replies().get(1))).containsEntry("_key", "c").containsEntry("id", 30.0);
        assertThat(SheetsTestSupport.dataRows(google, SHEET, TAB)).hasSize(2);
    }

    @Test
    void aRowLeftAsItWasForItHeldTheRecordsValuesSaysTheRowThatHoldsThem() throws Exception {
        SheetsDestination upsert = started("upsert");
        upsert.write(TAB, List.of(keyed("a", 1), keyed("b", 2)));

        WriteResult result = upsert.write(TAB, List.of(keyed("b", 2)));

        assertThat(result.replies()).containsOnlyKeys(0);
        assertThat(result.replies().get(0).fields()).containsEntry("row", "3");
        assertThat(sheetRow(result.replies().get(0))).containsEntry("_key", "b").containsEntry("id", 2.0);
    }

    @Test
    void aRowAPersonMovedIsFoundWhereItIsNow() throws Exception {
        SheetsDestination upsert = started("upsert");
        upsert.write(TAB, List.of(keyed("a", 1), keyed("b", 2), keyed("c", 3)));
        google.deleteRow(SHEET, TAB, 1); // a person deletes a's row: b and c move up

        WriteResult result = upsert.write(TAB, List.of(keyed("c", 30)));

        assertThat(result.replies().get(0).fields()).containsEntry("row", "3");
        assertThat(sheetRow(result.replies().get(0))).containsEntry("_key", "c").containsEntry("id", 30.0);
    }
}
