package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.MetadataField;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.internal.row.RowMapper;
import dev.outflow.connect.testkit.sheets.ApiCall;
import dev.outflow.connect.testkit.sheets.RequestSize;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;

/**
 * An upsert whose record equals its row is not written, and what it costs: each record carries
 * {@link #BIG} characters, so the size of the write requests (the emulator records every body)
 * says which rows they carried.
 */
class SheetsUpsertUnchangedTest {

    private static final String SHEET = "sheet-unchanged";
    private static final int BIG = 20_000;
    private static final TopicPartition PARTITION = new TopicPartition("leads", 0);

    private SheetsEmulator google;
    private SheetsDestination destination;
    private final RowMapper mapper = new RowMapper(3, false, EnumSet.noneOf(MetadataField.class));
    private long offset;

    @BeforeEach
    void start() {
        google = new SheetsEmulator();
        String key = google.createServiceAccount("sink");
        google.createSpreadsheet(SHEET, google.serviceAccountEmail("sink"));
        destination = SheetsTestSupport.started(
                google,
                key,
                SHEET,
                "unchanged-sink",
                Map.of(SheetsConfig.MODE, "upsert", SheetsConfig.KEY_COLUMNS, "id"),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        destination.stop();
        google.close();
    }

    private Row lead(String id, String status) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", id);
        value.put("profile", id.repeat(BIG));
        value.put("status", status);
        value.put("score", 7L);
        return mapper.toRow(new SinkRecord("leads", 0, null, null, null, value, offset++));
    }

    /** JSON bytes of the write requests sent while {@code rows} were written. */
    private long writeBytes(List<Row> rows) throws Exception {
        int from = google.requestSizes(SHEET).size();
        assertThat(destination.write("leads", rows).rejected()).isEmpty();
        List<RequestSize> sizes = google.requestSizes(SHEET);
        return sizes.subList(from, sizes.size()).stream()
                .filter(size -> size.operation() == ApiCall.Operation.BATCH_UPDATE)
                .mapToLong(RequestSize::jsonBytes)
                .sum();
    }

    private long storedOffset() throws Exception {
        return destination
                .storedOffsets(List.of(PARTITION))
                .byTarget()
                .get("leads")
                .get(PARTITION);
    }

    private List<Object> rowOf(String id) {
        List<String> header = google.header(SHEET, "leads");
        return google.values(SHEET, "leads").stream()
                .filter(row -> id.equals(row.get(header.indexOf("id"))))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aRecordEqualToItsRowIsNotWrittenAndItsOffsetIsRecorded() throws Exception {
        assertThat(writeBytes(List.of(lead("a", "new"), lead("b", "new"))))
                .as("both rows appended")
                .isGreaterThan(2L * BIG);

        long changedThenUnchanged = writeBytes(List.of(lead("b", "won"), lead("a", "new")));

        assertThat(changedThenUnchanged)
                .as("b written whole, its unchanged profile too; a not at all")
                .isBetween((long) BIG, 2L * BIG);
        assertThat(storedOffset())
                .as("a, the last record, was not written but was handled")
                .isEqualTo(3);
        assertThat(rowOf("b").subList(2, 4)).containsExactly("won", 7.0);
        assertThat(rowOf("a").subList(2, 4)).containsExactly("new", 7.0);
        assertThat(google.values(SHEET, "leads")).hasSize(3);

        assertThat(writeBytes(List.of(lead("a", "new"), lead("b", "won"))))
                .as("nothing changed: only the offsets are written")
                .isLessThan(BIG);
        assertThat(storedOffset()).isEqualTo(5);
    }

    @Test
    void aRowAPersonEditedIsWrittenBackWhole() throws Exception {
        writeBytes(List.of(lead("a", "new")));
        List<String> header = google.header(SHEET, "leads");
        google.setCell(SHEET, "leads", (char) ('A' + header.indexOf("score")) + "2", 8.0);

        assertThat(writeBytes(List.of(lead("a", "new")))).isGreaterThan(BIG);
        assertThat(rowOf("a").subList(2, 4)).containsExactly("new", 7.0);
    }

    @Test
    void aRowWhoseKeyAPersonMovedIsFoundAgainAndWrittenRatherThanComparedWithAnother() throws Exception {
        writeBytes(List.of(lead("a", "new"), lead("b", "new")));
        google.sortDataRows(SHEET, "leads", google.header(SHEET, "leads").indexOf("id"), false); // b above a now

        assertThat(writeBytes(List.of(lead("a", "won")))).isGreaterThan(BIG);
        assertThat(rowOf("a").get(2)).isEqualTo("won");
        assertThat(rowOf("b").get(2)).isEqualTo("new");
        assertThat(writeBytes(List.of(lead("a", "won"))))
                .as("known again after that write")
                .isLessThan(BIG);
    }
}
