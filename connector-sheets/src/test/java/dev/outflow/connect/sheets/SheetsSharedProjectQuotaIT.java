package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;

/**
 * Two connectors with two service accounts of one Google Cloud project, each writing its own
 * spreadsheet, on one Connect worker: they share the project's quota, and neither knows of the
 * other, so the Sheets README has them split it by configuration. Here they do, and each writes
 * every record of its topic once, with its own credential, and keeps running. No assertion counts
 * 429s against the wall clock (DESIGN.md 5): that the two halves keep under the project's quota
 * after the warm-up is {@code SheetsQuotaOnOneClockTest}'s (the emulator and the limiters on one
 * manual clock).
 */
class SheetsSharedProjectQuotaIT {

    /** Google's default per-project quota, not scaled: 300 writes and 300 reads a minute, every service account together. */
    private static final int PROJECT_PER_MINUTE = 300;
    /** Each connector's share, as the README tells two credentials of one project to split it. */
    private static final int SHARE_PER_MINUTE = PROJECT_PER_MINUTE / 2;
    /** 30 writes of 10 rows per connector: a dozen seconds at its share. */
    private static final int RECORDS = 300;

    private static final int ROWS_PER_WRITE = 10;

    private record Sink(String name, String account, String spreadsheet, String topic) {}

    private static final List<Sink> SINKS = List.of(
            new Sink("sheets-a", "sink-a", "sheet-a", "orders-a"),
            new Sink("sheets-b", "sink-b", "sheet-b", "orders-b"));

    private SheetsEmulator google;
    private ConnectHarness harness;
    private final Map<String, String> keys = new HashMap<>();

    @BeforeEach
    void startGoogle() {
        google = new SheetsEmulator();
        // Google lets a project raise its per-user quota; raised to the project's here, so that only the
        // project quota can hold either account back
        google.setWriteQuotaPerMinute(PROJECT_PER_MINUTE);
        google.setReadQuotaPerMinute(PROJECT_PER_MINUTE);
        google.setProjectWriteQuotaPerMinute(PROJECT_PER_MINUTE);
        google.setProjectReadQuotaPerMinute(PROJECT_PER_MINUTE);
        // each spreadsheet is shared with its own connector's account only: a write made with the other's is refused
        for (Sink sink : SINKS) {
            keys.put(sink.account(), google.createServiceAccount(sink.account()));
            google.createSpreadsheet(sink.spreadsheet(), google.serviceAccountEmail(sink.account()));
        }
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        google.close();
    }

    private Map<String, String> connector(Sink sink) {
        Map<String, String> config =
                SheetsTestSupport.connector(google, keys.get(sink.account()), sink.spreadsheet(), sink.topic());
        config.put(SheetsConfig.WRITES_PER_MINUTE, String.valueOf(SHARE_PER_MINUTE));
        config.put("batch.max.records", String.valueOf(ROWS_PER_WRITE));
        return config;
    }

    @Test
    void twoServiceAccountsOfOneProjectEachAtHalfItsQuotaWriteEveryRecordOnceAndKeepRunning() throws Exception {
        harness = ConnectHarness.start("sheets-project-quota", 1, Map.of());
        for (Sink sink : SINKS) {
            harness.createTopic(sink.topic(), 2);
            harness.produce(sink.topic(), 2, RECORDS, i -> "k" + i, i -> "{\"id\":" + i + "}");
        }
        for (Sink sink : SINKS) {
            harness.configureConnector(sink.name(), connector(sink));
        }
        for (Sink sink : SINKS) {
            harness.awaitRunning(sink.name(), 1);
        }

        for (Sink sink : SINKS) {
            ConnectHarness.await(
                    RECORDS + " rows in " + sink.spreadsheet(),
                    () -> SheetsTestSupport.dataRows(google, sink.spreadsheet(), sink.topic())
                                    .size()
                            >= RECORDS,
                    Duration.ofMinutes(2));
        }
        for (Sink sink : SINKS) {
            assertThat(harness.taskStates(sink.name()))
                    .as("%s's task", sink.name())
                    .containsExactly("RUNNING");
            assertThat(SheetsTestSupport.copiesById(google, sink.spreadsheet(), sink.topic()))
                    .hasSize(RECORDS)
                    .allSatisfy((id, copies) -> assertThat(copies)
                            .as("copies of %d in %s", id, sink.spreadsheet())
                            .isEqualTo(1));
        }
    }
}
