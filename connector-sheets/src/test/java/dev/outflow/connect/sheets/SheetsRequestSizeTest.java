package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.outflow.connect.core.api.MetadataField;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.core.internal.row.RowMapper;
import dev.outflow.connect.testkit.sheets.ApiCall;
import dev.outflow.connect.testkit.sheets.RequestSize;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;

/**
 * No request the connector builds carries more than 2 MB of JSON, whatever the content: the
 * emulator records the size of every body it receives. Each case is several times 2 MB, so the
 * writer must cut, and every row must still arrive exactly once.
 */
class SheetsRequestSizeTest {

    private static final String SHEET = "sheet-size";

    private SheetsEmulator google;
    private SheetsDestination destination;
    private final RowMapper mapper = new RowMapper(3, false, EnumSet.noneOf(MetadataField.class));

    @BeforeEach
    void start() {
        google = new SheetsEmulator();
        google.setQuotaEnforced(false);
        String key = google.createServiceAccount("sink");
        google.createSpreadsheet(SHEET, google.serviceAccountEmail("sink"));
        destination = SheetsTestSupport.started(google, key, SHEET, "size-sink", Map.of(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        destination.stop();
        google.close();
    }

    static List<Arguments> adversarialContent() {
        return List.of(
                Arguments.of("quotes and backslashes, escaped to twice their size", 120, 10, (IntFunction<String>)
                        i -> "\"\\".repeat(1_000)),
                Arguments.of(
                        "CJK text, three bytes a character", 120, 10, (IntFunction<String>) i -> "漢字かな한글".repeat(400)),
                Arguments.of("control characters, six bytes each escaped", 120, 10, (IntFunction<String>)
                        i -> "\u0001\u001f\t".repeat(700)),
                Arguments.of("300 one-character columns", 600, 300, (IntFunction<String>) i -> "x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adversarialContent")
    void noRequestExceedsTwoMegabytesAndEveryRowArrivesOnce(
            String content, int rowCount, int columns, IntFunction<String> text) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < rowCount; i++) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("id", (long) i);
            for (int c = 1; c < columns; c++) {
                value.put("c" + c, text.apply(c));
            }
            rows.add(mapper.toRow(new SinkRecord("t", 0, null, null, null, value, i)));
        }
        destination.storedOffsets(List.of(new TopicPartition("t", 0))); // the task's fence, claimed as on open
        long claims = google.requestSizes(SHEET).stream()
                .filter(size -> size.operation() == ApiCall.Operation.BATCH_UPDATE)
                .count();
        int writes = 0;
        while (!rows.isEmpty()) {
            WriteResult result = destination.write("t", rows);
            assertThat(result.rejected()).isEmpty();
            rows = rows.subList(Math.min(result.handled(), rows.size()), rows.size());
            writes++;
        }

        List<Long> writeSizes = google.requestSizes(SHEET).stream()
                .filter(size -> size.operation() == ApiCall.Operation.BATCH_UPDATE)
                .skip(claims)
                .map(RequestSize::jsonBytes)
                .toList();
        assertThat(writeSizes)
                .hasSize(writes)
                .allSatisfy(bytes -> assertThat(bytes).isLessThanOrEqualTo(SheetWriter.MAX_REQUEST_BYTES));
        assertThat(writes).as("the content is several requests' worth").isGreaterThan(2);
        assertThat(google.values(SHEET, "t")).hasSize(rowCount + 1);
    }

    /**
     * Under a backlog the writer is offered more rows than fit: every request but the first (sized
     * from the estimate alone) and the last (the rows left) comes within 10% of the limit, and none
     * passes it.
     */
    @Test
    void underABacklogRequestsAreFilledTowardTwoMegabytes() throws Exception {
        String[] status = {"paid", "shipped", "refunded", "pending"};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("id", (long) i);
            value.put("customer", "c-" + i % 9973);
            value.put("amount", i % 1000 + 0.42);
            value.put("paid", i % 3 == 0);
            value.put("status", status[i % status.length]);
            value.put("note", "x".repeat(i % 40));
            rows.add(mapper.toRow(new SinkRecord("t", 0, null, null, null, value, i)));
        }
        destination.storedOffsets(List.of(new TopicPartition("t", 0))); // the task's fence, claimed as on open
        long claims = google.requestSizes(SHEET).stream()
                .filter(size -> size.operation() == ApiCall.Operation.BATCH_UPDATE)
                .count();
        while (!rows.isEmpty()) {
            List<Row> offered = rows.subList(0, Math.min(10_000, rows.size()));
            WriteResult result = destination.write("t", offered);
            assertThat(result.rejected()).isEmpty();
            rows = rows.subList(Math.min(result.handled(), offered.size()), rows.size());
        }

        List<Long> writeSizes = google.requestSizes(SHEET).stream()
                .filter(size -> size.operation() == ApiCall.Operation.BATCH_UPDATE)
                .skip(claims)
                .map(RequestSize::jsonBytes)
                .toList();
        assertThat(writeSizes)
                .hasSizeGreaterThan(3)
                .allSatisfy(bytes -> assertThat(bytes).isLessThanOrEqualTo(SheetWriter.MAX_REQUEST_BYTES));
        assertThat(writeSizes.subList(1, writeSizes.size() - 1))
                .allSatisfy(bytes -> assertThat(bytes).isGreaterThan(SheetWriter.MAX_REQUEST_BYTES * 9L / 10));
        assertThat(google.values(SHEET, "t")).hasSize(40_001);
    }

    @Test
    void aRowWhoseRequestAlonePassesTwoMegabytesIsRefusedAndTheRowsAfterItAreWritten() throws Exception {
        Map<String, Object> huge = new LinkedHashMap<>();
        huge.put("id", 0L);
        for (int c = 1; c <= 50; c++) {
            huge.put("c" + c, "y".repeat(50_000));
        }
        List<Row> rows = new ArrayList<>(List.of(mapper.toRow(new SinkRecord("t", 0, null, null, null, huge, 0))));
        rows.add(mapper.toRow(new SinkRecord("t", 0, null, null, null, Map.of("id", 1L), 1)));

        WriteResult first = destination.write("t", rows);
        assertThat(first.handled()).isEqualTo(1);
        assertThat(first.rejected()).containsOnlyKeys(0);
        assertThat(first.rejected().get(0)).contains("2000000").doesNotContain("yyy");
        assertThat(destination.write("t", rows.subList(1, 2)).rejected()).isEmpty();
        assertThat(google.values(SHEET, "t")).hasSize(2);
        assertThat(google.largestRequestBytes(SHEET)).isLessThanOrEqualTo(SheetWriter.MAX_REQUEST_BYTES);
    }
}
