package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.sheets.ApiCall;
import dev.outflow.connect.testkit.sheets.RequestSize;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;

/**
 * Through a real worker: a record sent again with the values its row already holds is not written,
 * while a changed one beside it is. Every record carries {@link #BIG} characters, so the size of
 * the write requests (the emulator records every body) says which rows they carried.
 */
class SheetsUpsertUnchangedIT {

    private static final String SHEET = "sheet-unchanged";
    private static final String TOPIC = "leads";
    private static final int BIG = 20_000;

    private SheetsEmulator google;
    private ConnectHarness harness;

    @BeforeEach
    void startGoogle() {
        google = new SheetsEmulator();
        google.setQuotaEnforced(false);
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        google.close();
    }

    private static String lead(String id, String status) {
        return "{\"id\":\"" + id + "\",\"profile\":\"" + id.repeat(BIG) + "\",\"status\":\"" + status + "\"}";
    }

    private Object cell(String id, String column) {
        List<String> header = google.header(SHEET, TOPIC);
        return google.values(SHEET, TOPIC).stream()
                .filter(row -> id.equals(row.get(header.indexOf("id"))))
                .map(row -> row.get(header.indexOf(column)))
                .findFirst()
                .orElse(null);
    }

    private long writeBytesSince(int from) {
        List<RequestSize> sizes = google.requestSizes(SHEET);
        return sizes.subList(from, sizes.size()).stream()
                .filter(size -> size.operation() == ApiCall.Operation.BATCH_UPDATE)
                .mapToLong(RequestSize::jsonBytes)
                .sum();
    }

    @Test
    void anUnchangedRecordSentAgainIsNotWrittenAndAChangedOneIs() throws Exception {
        String key = google.createServiceAccount("sink");
        google.createSpreadsheet(SHEET, google.serviceAccountEmail("sink"));
        harness = ConnectHarness.start("sheets-unchanged", 1, Map.of());
        harness.createTopic(TOPIC, 1);
        Map<String, String> config = SheetsTestSupport.connector(google, key, SHEET, TOPIC);
        config.put(SheetsConfig.MODE, "upsert");
        config.put(SheetsConfig.KEY_COLUMNS, "id");
        harness.configureConnector("sheets", config);

        harness.produce(TOPIC, 1, 2, i -> null, i -> lead(i == 0 ? "a" : "b", "new"));
        ConnectHarness.await(
                "a and b written",
                () -> google.tabs(SHEET).contains(TOPIC) && "new".equals(cell("b", "status")),
                Duration.ofMinutes(2));

        int from = google.requestSizes(SHEET).size();
        // a exactly as before, then b changed: b's write comes with or after a's, so once b shows, a was handled
        harness.produce(TOPIC, 1, 2, i -> null, i -> i == 0 ? lead("a", "new") : lead("b", "won"));
        ConnectHarness.await("b updated", () -> "won".equals(cell("b", "status")), Duration.ofMinutes(2));

        assertThat(writeBytesSince(from))
                .as("JSON written after the second send: b whole, a not at all")
                .isBetween((long) BIG, 2L * BIG);
        assertThat(google.values(SHEET, TOPIC)).hasSize(3);
        assertThat(cell("a", "status")).isEqualTo("new");
        assertThat(harness.taskStates("sheets")).containsExactly("RUNNING");
    }
}
