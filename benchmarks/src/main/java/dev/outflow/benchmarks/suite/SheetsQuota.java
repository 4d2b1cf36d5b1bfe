package dev.outflow.benchmarks.suite;

import java.util.Map;

import dev.outflow.connect.sheets.SheetsConfig;
import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;

/**
 * Scenario 3: Sheets under Google's default per-user quota of 60 write (and 60 read) requests a
 * minute, with a backlog, so every write could carry a full request. Time is not scaled: the
 * emulator's window stays 60 s, as Google's. The quota and the connector's rate are both
 * multiplied by {@code quotaScale}; the connector is given the whole quota
 * ({@code sheets.write.requests.per.minute} = the quota), as a project whose quota serves only
 * this connector would set it. Two ceilings: the quota times the rows the connector's requests
 * actually held (how well it paces), and the quota times the rows a 2 MB request holds at the
 * run's bytes per row (issue 10's drain, which also shows how full the requests were).
 */
final class SheetsQuota {

    static final String SCENARIO = "3 sheets, Google quota";
    private static final String CONNECTOR = "sheets-quota";
    private static final int GOOGLE_QUOTA_PER_MINUTE = 60;

    /** The counters read at both ends of the window; {@code requests} is how many request sizes the emulator had recorded. */
    private record Counts(
            long rows, long writeRequests, long writesApplied, long readRequests, long rateLimited, int requests) {

        static Counts of(Emulated.Sheets sheets, String tab) {
            int requests = sheets.emulator().requestSizes(Emulated.SPREADSHEET).size();
            SheetsEmulator.Stats stats = sheets.stats();
            return new Counts(
                    sheets.rows(tab),
                    stats.writeRequests(),
                    stats.writesApplied(),
                    stats.readRequests(),
                    stats.rateLimited(),
                    requests);
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
            results.setting(SCENARIO, "connector", Emulated.forResults(config));
            results.setting(
                    SCENARIO,
                    "emulator",
                    "quota enforced: " + quota + " writes and " + quota
                            + " reads per principal per sliding 60 s (Google's 60 x " + settings.quotaScale() + ")");
            harness.configureConnector(CONNECTOR, config);
            SteadyWindow<Counts> window;
            try {
                window = SteadyWindow.measure(
                        () -> sheets.rows(topic) > 0,
                        settings.quotaWarmup(),
                        settings.quotaWindow(),
                        () -> Counts.of(sheets, topic));
            } finally {
                harness.cluster().deleteConnector(CONNECTOR);
            }
            Counts start = window.start();
            Counts end = window.end();
            long rows = end.rows() - start.rows();
            if (end.rows() >= settings.records()) {
                results.note(SCENARIO + ": the backlog ran out inside the window (" + end.rows() + " of "
                        + settings.records()
                        + " rows written), so the rows per minute are held back by the backlog, not by the quota");
            }
            RequestFill fill = RequestFill.of(
                    sheets.emulator().requestSizes(Emulated.SPREADSHEET),
                    start.requests(),
                    end.requests(),
                    rows,
                    end.writesApplied() - start.writesApplied());
            String quotaName = "quota " + quota + " writes/min (60 x " + settings.quotaScale() + ")";
            String rowsPer2Mb = Format.number(fill.rowsPer2MbRequest()) + " rows per 2 MB request";
            results.add(
                    Figure.plain(SCENARIO, "JSON bytes per row in write requests", fill.bytesPerRow(), "bytes/row"));
            results.add(Figure.ratio(
                    SCENARIO,
                    "rows per write request",
                    fill.rowsPerRequest(),
                    "rows/request",
                    fill.rowsPer2MbRequest(),
                    rowsPer2Mb,
                    null));
            results.add(Figure.ratio(
                    SCENARIO,
                    "rows per minute sustained",
                    window.perMinute(rows),
                    "rows/min",
                    quota * fill.rowsPerRequest(),
                    quotaName + " x rows per request sent",
                    Goal.ratioAtLeast(0.9)));
            results.add(Figure.ratio(
                    SCENARIO,
                    "drain vs requests of 2 MB",
                    window.perMinute(rows),
                    "rows/min",
                    quota * fill.rowsPer2MbRequest(),
                    quotaName + " x " + rowsPer2Mb,
                    Goal.ratioAtLeast(0.9)));
            results.add(new Figure(
                    SCENARIO,
                    "largest request (JSON bytes, before gzip)",
                    sheets.emulator().largestRequestBytes(Emulated.SPREADSHEET),
                    "bytes",
                    null,
                    null,
                    Goal.valueAtMost(RequestFill.REQUEST_BYTES_LIMIT)));
            results.add(Figure.ratio(
                    SCENARIO,
                    "write requests per minute",
                    window.perMinute(end.writeRequests() - start.writeRequests()),
                    "requests/min",
                    quota,
                    quotaName,
                    null));
            results.add(Figure.ratio(
                    SCENARIO,
                    "read requests per minute",
                    window.perMinute(end.readRequests() - start.readRequests()),
                    "requests/min",
                    quota,
                    "quota " + quota + " reads/min",
                    null));
            results.add(Figure.plain(SCENARIO, "429s during warm-up", start.rateLimited(), "responses"));
            results.add(new Figure(
                    SCENARIO,
                    "429s after warm-up",
                    end.rateLimited() - start.rateLimited(),
                    "responses",
                    null,
                    null,
                    Goal.zero()));
        }
    }
}
