package dev.outflow.benchmarks.suite;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.outflow.connect.sheets.SheetsConfig;
import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.sheets.ApiCall;
import dev.outflow.connect.testkit.sheets.RequestSize;
import dev.outflow.connect.testkit.sheets.ResponseSize;

/**
 * Scenario 8: what an upsert reads to find its rows, as the tab grows. For each size in
 * {@link Settings#upsertRows()}, an upsert connector keyed by {@code id} fills a fresh tab with that
 * many rows of 10 columns, then updates {@link #UPDATES} rows one write at a time; the bytes of
 * every read response the emulator sent during those writes, divided by the writes, are compared
 * with one read of the whole tab as the connector made it before issue 10 (the same request as
 * {@code SheetsDestinationTest}: every cell's formatted and effective value). The reads counted are
 * all of them: the header, the key columns and the rows the write compares its records with. Then
 * the same records are sent again, which their rows already hold: the JSON written for them (only
 * their offsets) is compared with the JSON a changed row took. The emulator answers at once with
 * its quota off: only sizes are measured here, never time.
 */
final class SheetsUpsertReads {

    static final String SCENARIO = "8 sheets, upsert reads";
    private static final String CONNECTOR = "sheets-upsert-reads";
    /** Updates measured at each size: each is its own write, so each read is counted. */
    private static final int UPDATES = 5;
    /** Issue 10's goal, set at 50,000 rows of 10 columns: bytes read per write at most a fifth of the whole tab. */
    private static final int GOAL_ROWS = 50_000;

    private static final double GOAL_RATIO = 0.2;
    /** The whole-tab read of the connector before issue 10. */
    private static final String WHOLE_TAB_FIELDS =
            "sheets(properties(sheetId,title,gridProperties(rowCount,columnCount,frozenRowCount)),"
                    + "data(rowData(values(formattedValue,effectiveValue))))";

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final ConnectHarness harness;
    private final Results results;
    private final List<Integer> sizes;

    SheetsUpsertReads(ConnectHarness harness, Settings settings, Results results) {
        this.harness = harness;
        this.results = results;
        this.sizes = settings.upsertRows();
    }

    /** Record {@code id} of version {@code version}: the key and 9 text fields of about 25 characters. */
    static String value(long id, String version) {
        StringBuilder json = new StringBuilder("{\"id\":").append(id);
        for (int field = 1; field < 10; field++) {
            json.append(",\"field")
                    .append(field)
                    .append("\":\"")
                    .append(version)
                    .append('-')
                    .append(field)
                    .append('-')
                    .append(id % 10_000)
                    .append("-abcdefghijklmnop\"");
        }
        return json.append('}').toString();
    }

    void run() throws Exception {
        for (int rows : sizes) {
            measure(rows);
        }
    }

    private void measure(int rows) throws Exception {
        String topic = "bench-upsert-" + rows;
        harness.createTopic(topic, 1);
        String bootstrap = harness.cluster().kafka().bootstrapServers();
        BenchRecords.produce(bootstrap, topic, 1, 0, rows, id -> value(id, "v1"));
        try (Emulated.Sheets sheets = Emulated.Sheets.start()) {
            sheets.emulator().setQuotaEnforced(false);
            Map<String, String> config = sheets.connector(topic);
            config.put(SheetsConfig.MODE, "upsert");
            config.put(SheetsConfig.KEY_COLUMNS, "id");
            results.setting(SCENARIO, "connector", Emulated.forResults(config));
            results.setting(SCENARIO, "emulator", "quota off, no added latency; a fresh spreadsheet for each size");
            long readBytes;
            long writes;
            long changedJson;
            long unchangedJson;
            harness.configureConnector(CONNECTOR, config);
            try {
                await(() -> sheets.rows(topic), rows, topic + " filled");
                int fromResponse =
                        sheets.emulator().responseSizes(Emulated.SPREADSHEET).size();
                int fromRequest =
                        sheets.emulator().requestSizes(Emulated.SPREADSHEET).size();
                long fromWrites = sheets.stats().writesApplied();
                update(sheets, bootstrap, topic, rows, "v2");
                writes = sheets.stats().writesApplied() - fromWrites;
                readBytes = readBytes(sheets, fromResponse);
                changedJson = writeBytes(sheets, fromRequest);
                // the same records again: every row already holds them, so only their offsets are written
                int fromAgain =
                        sheets.emulator().requestSizes(Emulated.SPREADSHEET).size();
                update(sheets, bootstrap, topic, rows, "v2");
                unchangedJson = writeBytes(sheets, fromAgain);
            } finally {
                harness.cluster().deleteConnector(CONNECTOR);
            }
            if (sheets.rows(topic) != rows) {
                throw new IllegalStateException(
                        SCENARIO + ": updates added rows (" + sheets.rows(topic) + " rows, " + rows + " keys)");
            }
            long wholeTab = wholeTabBytes(sheets, topic);
            String size = String.format(Locale.ROOT, "%,d rows", rows);
            results.add(Figure.ratio(
                    SCENARIO,
                    "bytes read per upsert write, " + size,
                    (double) readBytes / writes,
                    "bytes/write",
                    wholeTab,
                    "reading the whole tab (" + Format.number(wholeTab) + " bytes)",
                    rows == GOAL_ROWS ? Goal.ratioAtMost(GOAL_RATIO) : null));
            double changedPerWrite = (double) changedJson / UPDATES;
            results.add(Figure.plain(
                    SCENARIO, "JSON written per upsert write, a changed row, " + size, changedPerWrite, "bytes/write"));
            results.add(Figure.ratio(
                    SCENARIO,
                    "JSON written per upsert write, the same row sent again, " + size,
                    (double) unchangedJson / UPDATES,
                    "bytes/write",
                    changedPerWrite,
                    "a changed row",
                    null));
        }
    }

    /** Sends {@link #UPDATES} records of rows spread over the tab at {@code version}, each its own write. */
    private void update(Emulated.Sheets sheets, String bootstrap, String topic, int rows, String version)
            throws Exception {
        long fromWrites = sheets.stats().writesApplied();
        for (int update = 0; update < UPDATES; update++) {
            long id = (long) update * rows / UPDATES;
            BenchRecords.produce(bootstrap, topic, 1, id, 1, i -> value(i, version));
            int written = update + 1;
            await(
                    () -> sheets.stats().writesApplied() - fromWrites,
                    written,
                    "update " + update + " (" + version + ") written");
        }
    }

    /** JSON bytes of the write requests received since {@code from}: what the updates cost to send. */
    private static long writeBytes(Emulated.Sheets sheets, int from) {
        List<RequestSize> sizes = sheets.emulator().requestSizes(Emulated.SPREADSHEET);
        return sizes.subList(from, sizes.size()).stream()
                .filter(r -> r.operation() == ApiCall.Operation.BATCH_UPDATE)
                .mapToLong(RequestSize::jsonBytes)
                .sum();
    }

    /** The bodies of the successful read responses sent since {@code from}: what locating the rows cost. */
    private static long readBytes(Emulated.Sheets sheets, int from) {
        List<ResponseSize> sizes = sheets.emulator().responseSizes(Emulated.SPREADSHEET);
        return sizes.subList(from, sizes.size()).stream()
                .filter(r -> r.status() == 200
                        && r.operation() != ApiCall.Operation.BATCH_UPDATE
                        && r.operation() != ApiCall.Operation.TOKEN)
                .mapToLong(ResponseSize::bytes)
                .sum();
    }

    /** One read of the whole tab, sent as the connector sent it before issue 10; its size as the emulator recorded it. */
    private static long wholeTabBytes(Emulated.Sheets sheets, String tab) throws IOException, InterruptedException {
        int from = sheets.emulator().responseSizes(Emulated.SPREADSHEET).size();
        String token =
                sheets.emulator().issueAccessToken(sheets.emulator().serviceAccountEmail(Emulated.SERVICE_ACCOUNT));
        URI uri = URI.create(sheets.emulator().rootUrl() + "v4/spreadsheets/" + Emulated.SPREADSHEET + "?ranges="
                + URLEncoder.encode("'" + tab + "'", StandardCharsets.UTF_8) + "&fields="
                + URLEncoder.encode(WHOLE_TAB_FIELDS, StandardCharsets.UTF_8));
        HttpResponse<Void> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + token)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(SCENARIO + ": the whole-tab read was answered " + response.statusCode());
        }
        return readBytes(sheets, from);
    }

    private static void await(LongSupplier count, long target, String what) throws InterruptedException {
        ConnectHarness.await(SCENARIO + ": " + what, () -> count.getAsLong() >= target, TIMEOUT);
    }
}
