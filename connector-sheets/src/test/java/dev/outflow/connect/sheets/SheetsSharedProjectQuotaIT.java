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
 * spreadsheet: they share the project's quota, and neither knows of the other, so the Sheets
 * README has them split it by configuration. Here they do, and stay inside it.
 */
class SheetsSharedProjectQuotaIT {

    /** Google's default per-project quota, not scaled: 300 writes and 300 reads a minute, every service account together. */
    private static final int PROJECT_PER_MINUTE = 300;
    /** Each connector's share, as the README tells two credentials of one project to split it. */
    private static final int SHARE_PER_MINUTE = PROJECT_PER_MINUTE / 2;
    /** Rows per write: small, so the quota and not the rows decides how long the backlog lasts. */
    private static final int ROWS_PER_WRITE = 10;
    /** 300 writes per connector: two minutes at its share, past the warm-up below. */
    private static final int RECORDS = 3_000;
    /**
     * The warm-up, counted in each connector's own writes: a quarter more than its share of a minute.
     * Its limiter lets no 60 s hold more than its share, so once it has sent this many, its first write
     * is over a minute old, and the requests it makes outside its budget before that write (the access
     * check, the read of its stored offsets and of the tab list) have left Google's sliding minute.
     */
    private static final long WARM_UP_WRITES = SHARE_PER_MINUTE * 5L / 4;

    private record Sink(String name, String account, String spreadsheet, String topic) {
    }

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
        // project quota can hold either account back, and each one alone could spend all of it
        google.setWriteQuotaPerMinute(PROJECT_PER_MINUTE);
        google.setReadQuotaPerMinute(PROJECT_PER_MINUTE);
        google.setProjectWriteQuotaPerMinute(PROJECT_PER_MINUTE);
        google.setProjectReadQuotaPerMinute(PROJECT_PER_MINUTE);
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
        Map<String, String> config = SheetsTestSupport.connector(google, keys.get(sink.account()), sink.spreadsheet(), sink.topic());
        config.put(SheetsConfig.WRITES_PER_MINUTE, String.valueOf(SHARE_PER_MINUTE));
        config.put("batch.max.records", String.valueOf(ROWS_PER_WRITE));
        return config;
    }

    private List<List<Object>> dataRows(Sink sink) {
        return SheetsTestSupport.dataRows(google, sink.spreadsheet(), sink.topic());
    }

    private Map<Long, Integer> copiesById(Sink sink) {
        return SheetsTestSupport.copiesById(google, sink.spreadsheet(), sink.topic());
    }

    private long rateLimited(Sink sink) {
        return google.rateLimitedCount(google.serviceAccountEmail(sink.account()));
    }

    @Test
    void twoServiceAccountsOfOneProjectSplitItsQuotaByConfigurationAndDrawNo429OnceWarmedUp() throws Exception {
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
            ConnectHarness.await(sink.name() + "'s warm-up writes",
                    () -> google.stats(sink.spreadsheet()).writeRequests() >= WARM_UP_WRITES, Duration.ofMinutes(3));
        }
        Map<String, Long> rateLimitedInWarmUp = new HashMap<>();
        for (Sink sink : SINKS) {
            rateLimitedInWarmUp.put(sink.name(), rateLimited(sink));
            assertThat(dataRows(sink).size()).as("%s still has a backlog after the warm-up", sink.name()).isLessThan(RECORDS);
        }

        for (Sink sink : SINKS) {
            ConnectHarness.await(RECORDS + " rows in " + sink.spreadsheet(), () -> dataRows(sink).size() >= RECORDS, Duration.ofMinutes(3));
        }
        for (Sink sink : SINKS) {
            assertThat(harness.taskStates(sink.name())).containsExactly("RUNNING");
            assertThat(copiesById(sink)).hasSize(RECORDS)
                    .allSatisfy((id, copies) -> assertThat(copies).as("copies of %d in %s", id, sink.spreadsheet()).isEqualTo(1));
            assertThat(rateLimited(sink)).as("429s to %s after the warm-up (%d during it)", sink.account(), rateLimitedInWarmUp.get(sink.name()))
                    .isEqualTo(rateLimitedInWarmUp.get(sink.name()));
        }
    }
}
