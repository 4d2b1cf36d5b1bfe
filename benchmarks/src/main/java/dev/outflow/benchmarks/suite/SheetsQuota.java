package dev.outflow.benchmarks.suite;

import java.util.Map;

import dev.outflow.connect.core.config.SinkConfig;
import dev.outflow.connect.sheets.SheetsConfig;
import dev.outflow.connect.sheets.SheetsSinkConnector;
import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;

/**
 * Scenario 3: Sheets under Google's default per-user quota of 60 write (and 60 read) requests a
 * minute, with a backlog, so every write could carry a full batch. Time is not scaled: the
 * emulator's window stays 60 s, as Google's. The quota and the connector's rate are both
 * multiplied by {@code quotaScale}, so a window holds enough writes to measure; the connector
 * is given the whole quota ({@code sheets.write.requests.per.minute} = the quota), as a project
 * whose quota serves only this connector would set it. The ceiling is the quota times the
 * largest batch the connector sends ({@code batch.max.records}).
 */
final class SheetsQuota {

    static final String SCENARIO = "3 sheets, Google quota";
    private static final String CONNECTOR = "sheets-quota";
    private static final int GOOGLE_QUOTA_PER_MINUTE = 60;

    /** The counters read at both ends of the window. */
    private record Counts(long rows, long writeRequests, long writesApplied, long readRequests, long rateLimited) {

        static Counts of(Emulated.Sheets sheets, String tab) {
            SheetsEmulator.Stats stats = sheets.stats();
            return new Counts(sheets.rows(tab), stats.writeRequests(), stats.writesApplied(), stats.readRequests(), stats.rateLimited());
        }
    }

    private final ConnectHarness harness;
    private final Settings settings;
    private final String topic;
    private final Results results;

    SheetsQuota(ConnectHarness harness, Settings settings, String topic, Results results) {
        this.harness = harness;
        this.settings = settings;
        this.topic = topic;
        this.results = results;
    }

    void run() throws InterruptedException {
        int quota = GOOGLE_QUOTA_PER_MINUTE * settings.quotaScale();
        try (Emulated.Sheets sheets = Emulated.Sheets.start()) {
            sheets.emulator().setWriteQuotaPerMinute(quota);
            sheets.emulator().setReadQuotaPerMinute(quota);
            Map<String, String> config = sheets.connector(topic);
            config.put(SheetsConfig.WRITES_PER_MINUTE, String.valueOf(quota));
            int largestBatch = (Integer) new SheetsSinkConnector().config().parse(config).get(SinkConfig.BATCH_MAX_RECORDS);
            results.setting(SCENARIO, "connector", Emulated.forResults(config));
            results.setting(SCENARIO, "emulator", "quota enforced: " + quota + " writes and " + quota
                    + " reads per principal per sliding 60 s (Google's 60 x " + settings.quotaScale() + ")");
            harness.configureConnector(CONNECTOR, config);
            SteadyWindow<Counts> window;
            try {
                window = SteadyWindow.measure(() -> sheets.rows(topic) > 0, settings.quotaWarmup(), settings.quotaWindow(),
                        () -> Counts.of(sheets, topic));
            } finally {
                harness.cluster().deleteConnector(CONNECTOR);
            }
            Counts start = window.start();
            Counts end = window.end();
            long rows = end.rows() - start.rows();
            String quotaName = "quota " + quota + " writes/min (60 x " + settings.quotaScale() + ")";
            results.add(Figure.ratio(SCENARIO, "rows per write request", (double) rows / (end.writesApplied() - start.writesApplied()),
                    "rows/request", largestBatch, "batch.max.records " + largestBatch, null));
            results.add(Figure.ratio(SCENARIO, "rows per minute sustained", window.perMinute(rows), "rows/min",
                    (double) quota * largestBatch, quotaName + " x " + largestBatch + " rows", Goal.ratioAtLeast(0.9)));
            results.add(Figure.ratio(SCENARIO, "write requests per minute", window.perMinute(end.writeRequests() - start.writeRequests()),
                    "requests/min", quota, quotaName, null));
            results.add(Figure.ratio(SCENARIO, "read requests per minute", window.perMinute(end.readRequests() - start.readRequests()),
                    "requests/min", quota, "quota " + quota + " reads/min", null));
            results.add(Figure.plain(SCENARIO, "429s during warm-up", start.rateLimited(), "responses"));
            results.add(new Figure(SCENARIO, "429s after warm-up", end.rateLimited() - start.rateLimited(), "responses", null, null, Goal.zero()));
        }
    }
}
