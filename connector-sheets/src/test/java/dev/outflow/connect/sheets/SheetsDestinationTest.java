package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.ErrorClass;
import dev.outflow.connect.core.api.MetadataField;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.StoredOffsets;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.core.api.config.SinkConfig;
import dev.outflow.connect.core.internal.delivery.RateLimiter;
import dev.outflow.connect.core.internal.row.RowMapper;
import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.sheets.ApiCall;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;
import dev.outflow.connect.testkit.sheets.SheetsFault;

/** The destination against the emulator, without Kafka: each write as one batchUpdate, read back as a person would. */
class SheetsDestinationTest {

    private static final String SHEET = "sheet-1";

    private SheetsEmulator google;
    private SheetsDestination destination;
    private final RowMapper mapper = new RowMapper(3, false, EnumSet.of(MetadataField.KEY));
    private long offset;
    private String key;

    @BeforeEach
    void start() {
        google = new SheetsEmulator();
        key = google.createServiceAccount("sink");
        google.createSpreadsheet(SHEET, google.serviceAccountEmail("sink"));
        destination = start(key, Map.of());
    }

    private SheetsDestination start(String key, Map<String, String> extra) {
        return start(key, extra, Clock.systemUTC());
    }

    private SheetsDestination start(String key, Map<String, String> extra, Clock clock) {
        return SheetsTestSupport.started(google, key, SHEET, "test-sink", extra, clock);
    }

    @AfterEach
    void stop() {
        destination.stop();
        google.close();
    }

    private Row row(Map<String, Object> value) {
        return mapper.toRow(new SinkRecord("leads", 0, null, "k" + offset, null, value, offset++));
    }

    private WriteResult write(List<Map<String, Object>> values) throws Exception {
        List<Row> rows = new ArrayList<>();
        values.forEach(v -> rows.add(row(v)));
        return destination.write("leads", rows);
    }

    private static Map<String, Object> lead(long id) {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("id", id);
        value.put("name", "lead-" + id);
        value.put("score", id * 2);
        return value;
    }

    private List<String> fences() {
        return google.tabs(SHEET).stream()
                .filter(title -> title.startsWith("outflow-fence [test-sink] task "))
                .toList();
    }

    @Test
    void aTaskGivenPartitionsFencesTheirEarlierWriterWhoseNextWriteFailsWhole() throws Exception {
        TopicPartition leads = new TopicPartition("leads", 0);
        write(List.of(lead(1)));
        // a rebalance gives the partition to task 1
        SheetsDestination successor = start(key, Map.of(SinkConfig.TASK_INDEX, "1", SinkConfig.TASK_COUNT, "2"));
        try {
            successor.storedOffsets(List.of(leads));
            assertThatThrownBy(() -> write(List.of(lead(2)))).isInstanceOf(FencedWriteException.class);
            assertThat(destination.classify(new FencedWriteException()).errorClass())
                    .isEqualTo(ErrorClass.AMBIGUOUS);
            assertThat(google.values(SHEET, "leads"))
                    .hasSize(2); // the header and lead 1: no row and no offset of the fenced write

            // the fenced task reads again for its own uncertain write: it replaces only its own fence
            assertThat(destination.storedOffsets(List.of(leads)).byTarget()).containsEntry("leads", Map.of(leads, 0L));
            successor.write("leads", List.of(row(lead(3))));
            write(List.of(lead(4)));
            assertThat(google.values(SHEET, "leads")).hasSize(4);
            assertThat(fences()).hasSize(2);
        } finally {
            successor.stop();
        }
    }

    @Test
    void anOffsetsResetRevokesTheFencesSoAHeldWriteCannotStoreOffsetsAgain() throws Exception {
        write(List.of(lead(1)));
        new SheetsDestination().alterStoredOffsets(alterProps("test-sink", SHEET), offsets(0, null));
        assertThat(fences()).isEmpty();
        assertThatThrownBy(() -> write(List.of(lead(2)))).isInstanceOf(FencedWriteException.class);
        assertThat(google.values(SHEET, "leads")).hasSize(2);
    }

    @Test
    void claimingAgainReplacesTheFenceRatherThanAddingTabs() throws Exception {
        TopicPartition leads = new TopicPartition("leads", 0);
        for (int i = 0; i < 3; i++) {
            destination.storedOffsets(List.of(leads));
        }
        write(List.of(lead(1)));
        assertThat(fences()).hasSize(1);
        assertThat(google.tabs(SHEET)).contains("leads");
    }

    @Test
    void afterAWriteThatTimedOutNothingIsReadBeforeGooglesDeadlineOnIt() throws Exception {
        ManualClock clock = new ManualClock();
        destination.stop();
        destination = start(
                key, Map.of(SheetsConfig.SERVER_DEADLINE_MS, "180000", SheetsConfig.REQUEST_TIMEOUT_MS, "1000"), clock);
        TopicPartition leads = new TopicPartition("leads", 0);
        write(List.of(lead(1)));
        google.failMatching(
                call -> call.operation() == ApiCall.Operation.BATCH_UPDATE,
                1,
                SheetsFault.stall(Duration.ofSeconds(2)));
        Exception timedOut = assertThrows(Exception.class, () -> write(List.of(lead(2))));
        assertThat(destination.classify(timedOut).errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
        assertThat(google.awaitIdle(Duration.ofSeconds(10)))
                .as("the stalled write applied")
                .isTrue();

        clock.advance(Duration.ofSeconds(100));
        Exception early = assertThrows(Exception.class, () -> destination.storedOffsets(List.of(leads)));
        assertThat(destination.classify(early).retryAfter()).isEqualTo(Duration.ofSeconds(80));
        assertThat(destination.classify(early).throttled()).isTrue();

        clock.advance(Duration.ofSeconds(80));
        assertThat(destination.storedOffsets(List.of(leads)).byTarget()).containsEntry("leads", Map.of(leads, 1L));
    }

    @Test
    void aLostResponseIsLeftToTheFenceWithoutWaiting() throws Exception {
        ManualClock clock = new ManualClock();
        destination.stop();
        destination = start(key, Map.of(), clock);
        TopicPartition leads = new TopicPartition("leads", 0);
        write(List.of(lead(1)));
        google.failMatching(
                call -> call.operation() == ApiCall.Operation.BATCH_UPDATE, 1, SheetsFault.appliedButResponseLost());
        Exception lost = assertThrows(Exception.class, () -> write(List.of(lead(2))));
        assertThat(destination.classify(lost).errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
        assertThat(destination.storedOffsets(List.of(leads)).byTarget()).containsEntry("leads", Map.of(leads, 1L));
    }

    @Test
    void aServerErrorAnswerIsAmbiguousButNeedsNoWait() throws Exception {
        ManualClock clock = new ManualClock();
        destination.stop();
        destination = start(key, Map.of(), clock);
        TopicPartition leads = new TopicPartition("leads", 0);
        write(List.of(lead(1)));
        google.failMatching(call -> call.operation() == ApiCall.Operation.BATCH_UPDATE, 1, SheetsFault.unavailable());
        Exception unavailable = assertThrows(Exception.class, () -> write(List.of(lead(2))));
        assertThat(destination.classify(unavailable).errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
        assertThat(destination.storedOffsets(List.of(leads)).byTarget()).containsEntry("leads", Map.of(leads, 0L));
    }

    @Test
    void createsTheTabWithAHeaderAndAppendsTypedRows() throws Exception {
        write(List.of(lead(1), lead(2)));
        assertThat(google.header(SHEET, "leads")).containsExactlyInAnyOrder("id", "name", "score", "_key");
        assertThat(google.values(SHEET, "leads")).hasSize(3);
    }

    @Test
    void aNewTabHasAFrozenHeaderAndOneSpareRowThatTheFirstRowFills() throws Exception {
        // Google refuses a tab whose rows are all frozen; the emulator enforces it, so this write passing is the check
        write(List.of(lead(1)));
        assertThat(google.gridSize(SHEET, "leads")[0]).isEqualTo(SheetWriter.NEW_TAB_ROWS);
        assertThat(google.values(SHEET, "leads")).hasSize(2);
        write(List.of(lead(2)));
        assertThat(google.values(SHEET, "leads")).hasSize(3);
    }

    @Test
    void chosenColumnsAreWrittenInTheirOrderAndEveryOtherFieldIsIgnored() throws Exception {
        destination.stop();
        destination = start(key, Map.of(SheetsConfig.COLUMNS, "score,id"));
        write(List.of(lead(1), lead(2)));
        assertThat(google.header(SHEET, "leads")).containsExactly("score", "id");
        assertThat(google.values(SHEET, "leads").subList(1, 3)).containsExactly(List.of(2.0, 1.0), List.of(4.0, 2.0));
    }

    @Test
    void withoutChosenColumnsNewColumnsFollowTheRecordsFieldOrder() throws Exception {
        Map<String, Object> ordered = new java.util.LinkedHashMap<>();
        ordered.put("zeta", 1L);
        ordered.put("alpha", "a");
        ordered.put("mid", true);
        write(List.of(ordered));
        assertThat(google.header(SHEET, "leads")).containsSubsequence("zeta", "alpha", "mid");
    }

    private Row keyed(String recordKey, Map<String, Object> value) {
        return mapper.toRow(new SinkRecord("leads", 0, null, recordKey, null, value, offset++));
    }

    private SheetsDestination upsertDestination() {
        destination.stop();
        return start(
                key,
                Map.of(
                        SheetsConfig.MODE,
                        "upsert",
                        SheetsConfig.KEY_COLUMNS,
                        "_key",
                        "behavior.on.null.values",
                        "delete"));
    }

    private static Map<String, Object> wide(long id, String version) {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("id", id);
        for (int c = 1; c < 10; c++) {
            value.put("field" + c, version + "-" + c + "-" + "x".repeat(20));
        }
        return value;
    }

    private long readBytes(int fromResponse) {
        return google
                .responseSizes(SHEET)
                .subList(fromResponse, google.responseSizes(SHEET).size())
                .stream()
                .filter(r -> r.operation() == dev.outflow.connect.testkit.sheets.ApiCall.Operation.GET_SPREADSHEET)
                .mapToLong(dev.outflow.connect.testkit.sheets.ResponseSize::bytes)
                .sum();
    }

    @Test
    void anUpsertReadsTheHeaderAndKeyColumnsNotTheWholeTab() throws Exception {
        destination = upsertDestination();
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < 2000; i++) {
            rows.add(keyed("k" + i, wide(i, "v1")));
        }
        assertThat(destination.write("leads", rows).rejected()).isEmpty();
        destination.write("leads", List.of(keyed("k0", wide(0, "v1")))); // the key columns' place is known from here on

        int before = google.responseSizes(SHEET).size();
        assertThat(destination
                        .write("leads", List.of(keyed("k7", wide(7, "v2"))))
                        .rejected())
                .isEmpty();
        long perWrite = readBytes(before);

        int wholeTabStart = google.responseSizes(SHEET).size();
        Map<String, String> props = new HashMap<>(Map.of(
                SheetsConfig.SPREADSHEET_ID,
                SHEET,
                SheetsConfig.CREDENTIALS_JSON,
                key,
                SheetsConfig.ROOT_URL,
                google.rootUrl()));
        try (SheetsClients.Client client = SheetsClients.create(new SheetsConfig(props))) {
            client.sheets()
                    .spreadsheets()
                    .get(SHEET)
                    .setRanges(List.of("'leads'"))
                    .setFields("sheets(properties(sheetId,title,gridProperties(rowCount,columnCount,frozenRowCount)),"
                            + "data(rowData(values(formattedValue,effectiveValue))))")
                    .execute();
        }
        long wholeTab = readBytes(wholeTabStart);
        assertThat(perWrite)
                .as("bytes read by one upsert write of 2,000 rows x 11 columns, vs the whole tab (%d)", wholeTab)
                .isPositive()
                .isLessThanOrEqualTo(wholeTab / 5);
        List<String> header = google.header(SHEET, "leads");
        assertThat(google.values(SHEET, "leads")).hasSize(2001);
        assertThat(google.values(SHEET, "leads").get(8).get(header.indexOf("field1")))
                .isEqualTo("v2-1-" + "x".repeat(20));
    }

    @Test
    void anUpsertStillFindsItsRowsAfterAPersonMovesTheKeyColumn() throws Exception {
        destination = upsertDestination();
        destination.write("leads", List.of(keyed("a", lead(1)), keyed("b", lead(2)), keyed("c", lead(3))));
        destination.write("leads", List.of(keyed("a", lead(1))));
        google.moveColumn(SHEET, "leads", google.header(SHEET, "leads").indexOf("_key"), 0);
        google.insertColumn(SHEET, "leads", 0, "notes");

        destination.write("leads", List.of(keyed("b", lead(20))));
        List<String> header = google.header(SHEET, "leads");
        List<List<Object>> values = google.values(SHEET, "leads");
        assertThat(values).hasSize(4);
        assertThat(values.get(2).get(header.indexOf("_key"))).isEqualTo("b");
        assertThat(values.get(2).get(header.indexOf("id"))).isEqualTo(20.0);
    }

    @Test
    void anUpsertWhoseKeyColumnAPersonCutAwayReadsTheHeaderAgainInsteadOfFailing() throws Exception {
        destination = upsertDestination();
        destination.write("leads", List.of(keyed("a", lead(1))));
        destination.write("leads", List.of(keyed("a", lead(1)))); // the key column's place is now known
        int keyAt = google.header(SHEET, "leads").indexOf("_key");
        assertThat(keyAt).as("a column left of the key column stays").isPositive();
        google.resizeTab(
                SHEET, "leads", google.gridSize(SHEET, "leads")[0], keyAt); // the key column and all right of it go

        assertThat(destination.write("leads", List.of(keyed("a", lead(2)))).rejected())
                .isEmpty();
        assertThat(google.header(SHEET, "leads")).contains("_key");
    }

    private Row tombstone(String recordKey) {
        return mapper.toRow(new SinkRecord("leads", 0, null, recordKey, null, null, offset++));
    }

    @Test
    void tombstonesForEveryKeyInOneBatchClearTheLastRowAndTheNextRecordReusesIt() throws Exception {
        destination.stop();
        destination = start(
                key,
                Map.of(
                        SheetsConfig.MODE,
                        "upsert",
                        SheetsConfig.KEY_COLUMNS,
                        "_key",
                        "behavior.on.null.values",
                        "delete"));
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < 20; i++) {
            rows.add(mapper.toRow(new SinkRecord("leads", 0, null, "k" + i, null, lead(i), offset++)));
        }
        assertThat(destination.write("leads", rows).rejected()).isEmpty();
        int gridRows = google.gridSize(SHEET, "leads")[0];
        assertThat(google.values(SHEET, "leads")).hasSize(21);

        List<Row> deletes = new ArrayList<>();
        for (long i = 0; i < 20; i++) {
            deletes.add(tombstone("k" + i));
        }
        assertThat(destination.write("leads", deletes).rejected()).isEmpty();
        assertThat(google.values(SHEET, "leads"))
                .as("only the header holds values")
                .hasSize(1);
        assertThat(google.gridSize(SHEET, "leads")[0])
                .as("the header and the one cleared row")
                .isEqualTo(gridRows - 19)
                .isEqualTo(2);

        assertThat(destination
                        .write(
                                "leads",
                                List.of(mapper.toRow(new SinkRecord("leads", 0, null, "k7", null, lead(7), offset++))))
                        .rejected())
                .isEmpty();
        assertThat(google.values(SHEET, "leads")).hasSize(2);
        assertThat(google.gridSize(SHEET, "leads")[0])
                .as("the cleared row was reused")
                .isEqualTo(2);
    }

    @Test
    void rowsLandUnderTheirHeadersAfterAPersonMovesSortsAndInsertsColumns() throws Exception {
        write(List.of(lead(1), lead(2), lead(3)));
        List<String> before = google.header(SHEET, "leads");
        google.moveColumn(SHEET, "leads", before.indexOf("score"), 0);
        google.sortDataRows(SHEET, "leads", google.header(SHEET, "leads").indexOf("id"), false);
        google.insertColumn(SHEET, "leads", 1, "notes");
        google.setCell(SHEET, "leads", "B2", "call back");
        List<String> edited = google.header(SHEET, "leads");

        write(List.of(lead(4), lead(5)));
        List<String> header = google.header(SHEET, "leads");
        assertThat(header).isEqualTo(edited);
        for (List<Object> row : google.values(SHEET, "leads").subList(1, 6)) {
            double id = (Double) row.get(header.indexOf("id"));
            assertThat(row.get(header.indexOf("name"))).isEqualTo("lead-" + (long) id);
            assertThat(row.get(header.indexOf("score"))).isEqualTo(id * 2);
        }
        assertThat(google.values(SHEET, "leads").get(1).get(1)).isEqualTo("call back");
    }

    @Test
    void structsWithLogicalTypesAndNullsAreWrittenTyped() throws Exception {
        Schema schema = SchemaBuilder.struct()
                .field("id", Schema.INT32_SCHEMA)
                .field("text", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Row row = mapper.toRow(new SinkRecord("leads", 0, null, "k", schema, new Struct(schema).put("id", 4), 0));
        destination.write("leads", List.of(row));
        List<String> header = google.header(SHEET, "leads");
        List<Object> written = google.values(SHEET, "leads").get(1);
        assertThat(written.get(header.indexOf("id"))).isEqualTo(4.0);
        assertThat(header.indexOf("text") < written.size() ? written.get(header.indexOf("text")) : null)
                .isNull();
    }

    @Test
    void awkwardTextIsStoredAsTextTruncatedOrExactly() throws Exception {
        List<String> texts = List.of("x".repeat(60_000), "=IMPORTXML(\"http://x\",\"//a\")", "שלום 👋🏽 مرحبا", "-1");
        List<Map<String, Object>> values = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            values.add(new java.util.LinkedHashMap<>(Map.of("id", (long) i, "text", texts.get(i))));
        }
        write(values);
        List<String> header = google.header(SHEET, "leads");
        List<List<Object>> rows = google.values(SHEET, "leads");
        assertThat((String) rows.get(1).get(header.indexOf("text")))
                .hasSize(50_000)
                .endsWith("…[truncated 60000 characters to 50000]");
        assertThat(rows.get(2).get(header.indexOf("text"))).isEqualTo("=IMPORTXML(\"http://x\",\"//a\")");
        assertThat(rows.get(3).get(header.indexOf("text"))).isEqualTo("שלום 👋🏽 مرحبا");
        assertThat(rows.get(4).get(header.indexOf("text"))).isEqualTo("-1");
    }

    private Map<String, String> props(String key, String spreadsheet) {
        return Map.of(
                SheetsConfig.SPREADSHEET_ID,
                spreadsheet,
                SheetsConfig.CREDENTIALS_JSON,
                key,
                SheetsConfig.ROOT_URL,
                google.rootUrl());
    }

    @Test
    void theAccessCheckPassesForAnEditor() {
        String key = google.createServiceAccount("editor");
        google.createSpreadsheet("shared", google.serviceAccountEmail("editor"));
        assertThat(new SheetsDestination().checkAccess(props(key, "shared"))).isEmpty();
    }

    @Test
    void theAccessCheckSaysWhomToShareTheSpreadsheetWith() {
        String key = google.createServiceAccount("stranger");
        String email = google.serviceAccountEmail("stranger");
        List<dev.outflow.connect.core.api.config.ConfigProblem> problems =
                new SheetsDestination().checkAccess(props(key, SHEET));
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo(SheetsConfig.SPREADSHEET_ID);
            assertThat(problem.message()).contains("share the spreadsheet with " + email + " as Editor");
        });
    }

    @Test
    void theAccessCheckRefusesAReaderBecauseItCannotWrite() {
        String key = google.createServiceAccount("reader");
        google.share(SHEET, google.serviceAccountEmail("reader"), SheetsEmulator.Role.READER);
        assertThat(new SheetsDestination().checkAccess(props(key, SHEET)))
                .singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("as Editor"));
    }

    @Test
    void theAccessCheckNamesAMissingSpreadsheetAndABadKey() {
        String key = google.createServiceAccount("editor2");
        assertThat(new SheetsDestination().checkAccess(props(key, "no-such-sheet")))
                .singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("was not found"));
        assertThat(new SheetsDestination().checkAccess(props("{\"type\":\"service_account\"}", SHEET)))
                .singleElement()
                .satisfies(problem -> assertThat(problem.key()).isEqualTo(SheetsConfig.CREDENTIALS_JSON));
    }

    private void writeAt(String tab, int partition, long... offsets) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (long at : offsets) {
            rows.add(mapper.toRow(new SinkRecord("leads", partition, null, "k", null, lead(at), at)));
        }
        destination.write(tab, rows);
    }

    private Map<String, String> alterProps(String connector, String spreadsheet) {
        return Map.of(
                "name",
                connector,
                SheetsConfig.SPREADSHEET_ID,
                spreadsheet,
                SheetsConfig.CREDENTIALS_JSON,
                key,
                SheetsConfig.ROOT_URL,
                google.rootUrl());
    }

    private static Map<TopicPartition, Long> offsets(Object... pairs) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            offsets.put(new TopicPartition("leads", (Integer) pairs[i]), (Long) pairs[i + 1]);
        }
        return offsets;
    }

    /** Partition -> offset stored for it, tab by tab. */
    private Map<String, Map<TopicPartition, Long>> stored() throws Exception {
        return destination
                .storedOffsets(List.of(
                        new TopicPartition("leads", 0), new TopicPartition("leads", 1), new TopicPartition("leads", 2)))
                .byTarget();
    }

    @Test
    void offsetsOfTheFormatBeforeAreReadAndEachIsDeletedByTheWriteThatNextRecordsItsPartition() throws Exception {
        writeAt("leads", 0, 0); // the tab exists
        // as a version before issue 10 stored them: one entry per partition at the spreadsheet location
        List<com.google.api.services.sheets.v4.model.Request> legacy = new ArrayList<>();
        for (int partition = 1; partition <= 2; partition++) {
            legacy.add(new com.google.api.services.sheets.v4.model.Request()
                    .setCreateDeveloperMetadata(
                            new com.google.api.services.sheets.v4.model.CreateDeveloperMetadataRequest()
                                    .setDeveloperMetadata(
                                            new com.google.api.services.sheets.v4.model.DeveloperMetadata()
                                                    .setMetadataKey(OffsetMetadata.LEGACY_KEY)
                                                    .setVisibility("DOCUMENT")
                                                    .setLocation(
                                                            new com.google.api.services.sheets.v4.model
                                                                            .DeveloperMetadataLocation()
                                                                    .setSpreadsheet(true))
                                                    .setMetadataValue(
                                                            "{\"connector\":\"test-sink\",\"tab\":\"leads\",\"topic\":\"leads\",\"partition\":"
                                                                    + partition + ",\"offset\":" + (10 * partition)
                                                                    + "}"))));
        }
        Map<String, String> props = new HashMap<>(Map.of(
                SheetsConfig.SPREADSHEET_ID,
                SHEET,
                SheetsConfig.CREDENTIALS_JSON,
                key,
                SheetsConfig.ROOT_URL,
                google.rootUrl()));
        try (SheetsClients.Client client = SheetsClients.create(new SheetsConfig(props))) {
            client.sheets()
                    .spreadsheets()
                    .batchUpdate(
                            SHEET,
                            new com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetRequest()
                                    .setRequests(legacy))
                    .execute();
        }
        destination.stop();
        destination = start(key, Map.of());
        assertThat(stored())
                .isEqualTo(Map.of(
                        "leads",
                        Map.of(
                                new TopicPartition("leads", 0),
                                0L,
                                new TopicPartition("leads", 1),
                                10L,
                                new TopicPartition("leads", 2),
                                20L)));

        writeAt("leads", 1, 11);
        assertThat(google.developerMetadata(SHEET))
                .filteredOn(entry -> entry.key().equals(OffsetMetadata.LEGACY_KEY))
                .singleElement()
                .satisfies(entry -> assertThat(entry.value()).contains("\"partition\":2"));
        assertThat(stored())
                .isEqualTo(Map.of(
                        "leads",
                        Map.of(
                                new TopicPartition("leads", 0),
                                0L,
                                new TopicPartition("leads", 1),
                                11L,
                                new TopicPartition("leads", 2),
                                20L)));
    }

    @Test
    void aResetForgetsEveryStoredOffsetOfThePartitionAndAMoveRewindsOnlyWhatIsAtOrPastIt() throws Exception {
        writeAt("leads", 0, 0, 1, 2, 3, 4);
        writeAt("leads", 1, 0, 1, 2);
        writeAt("leads", 2, 0, 1, 2, 3);
        writeAt("archive", 0, 5, 6);
        SheetsDestination other = start(key, Map.of("name", "another-sink"));
        other.write("leads", List.of(mapper.toRow(new SinkRecord("leads", 0, null, "k", null, lead(9), 9))));
        other.stop();

        Map<TopicPartition, Long> change = offsets(0, null, 1, 2L, 2, 9L);
        new SheetsDestination().alterStoredOffsets(alterProps("test-sink", SHEET), change);

        Map<String, Map<TopicPartition, Long>> expected = Map.of(
                "leads",
                Map.of(
                        new TopicPartition("leads", 1), 1L, // 2 is the next to write, so 1 is the last written
                        new TopicPartition("leads", 2), 3L)); // already before 9: untouched
        assertThat(stored()).isEqualTo(expected);
        List<SheetsEmulator.MetadataEntry> after = google.developerMetadata(SHEET);
        assertThat(after).anySatisfy(entry -> {
            OffsetEntry decoded = OffsetEntry.decode(entry.value());
            assertThat(decoded.connector()).isEqualTo("another-sink");
            assertThat(decoded.offsets()).isEqualTo(Map.of(new TopicPartition("leads", 0), 9L));
        });

        new SheetsDestination().alterStoredOffsets(alterProps("test-sink", SHEET), change);
        assertThat(stored()).isEqualTo(expected);
        assertThat(google.developerMetadata(SHEET)).isEqualTo(after);

        new SheetsDestination().alterStoredOffsets(alterProps("test-sink", SHEET), offsets(2, 0L));
        assertThat(stored()).isEqualTo(Map.of("leads", Map.of(new TopicPartition("leads", 1), 1L)));
    }

    @Test
    void anOffsetChangeThatCannotReachTheSpreadsheetIsRefusedWithWhatToFix() {
        assertThatThrownBy(() -> new SheetsDestination()
                        .alterStoredOffsets(alterProps("test-sink", "no-such-sheet"), offsets(0, null)))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("was not found")
                .hasMessageContaining("Kafka offsets were left as they were")
                .hasMessageNotContaining("PRIVATE KEY");
    }

    @Test
    void aTabForgottenWhileIdleIsWrittenAgainAndItsStoredOffsetMovesOn() throws Exception {
        destination.storedOffsets(List.of(new TopicPartition("leads", 0)));
        writeAt("leads", 0, 0, 1);
        writeAt("archive", 0, 2);
        destination.forgetTarget("leads");
        destination.forgetTarget("archive");
        writeAt("leads", 0, 3); // would fail whole if the entry in use were created a second time
        writeAt("archive", 0, 4);
        assertThat(stored())
                .isEqualTo(Map.of(
                        "leads",
                        Map.of(new TopicPartition("leads", 0), 3L),
                        "archive",
                        Map.of(new TopicPartition("leads", 0), 4L)));
        assertThat(google.values(SHEET, "leads")).hasSize(4);
    }

    @Test
    void aTabCreatedByAnotherTaskBetweenItsReadAndItsWriteIsFoundOnTheRetry() throws Exception {
        destination.storedOffsets(List.of(new TopicPartition("leads", 0))); // the task's fence, claimed as on open
        // another task creates the tab just after this one saw it missing, as two tasks of one connector do
        google.failMatching(
                call -> {
                    if (call.operation() == ApiCall.Operation.BATCH_UPDATE
                            && !google.tabs(SHEET).contains("leads")) {
                        google.addTab(SHEET, "leads");
                    }
                    return false;
                },
                1,
                SheetsFault.rateLimited());
        List<Row> rows = List.of(row(lead(1)));
        Exception refused = assertThrows(Exception.class, () -> destination.write("leads", rows));
        assertThat(destination.classify(refused).errorClass())
                .isEqualTo(dev.outflow.connect.core.api.ErrorClass.RETRIABLE);
        destination.write("leads", rows);
        assertThat(google.values(SHEET, "leads")).hasSize(2);
    }

    @Test
    void validateReportsThreeUnrelatedMistakesAtOnceEachOnItsKey() {
        String key = google.createServiceAccount("validator");
        Map<String, String> props = new HashMap<>(props(key, "no-such-sheet"));
        props.put("connector.class", SheetsSinkConnector.class.getName());
        props.put(SheetsConfig.TIMEZONE, "Mars/Olympus");
        props.put(SheetsConfig.MODE, "upsert");

        org.apache.kafka.common.config.Config config = new SheetsSinkConnector().validate(props);

        Map<String, List<String>> errors = new HashMap<>();
        config.configValues().stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .forEach(value -> errors.put(value.name(), value.errorMessages()));
        // the upsert rule reads two keys, so its one message is on both (DESIGN.md 3.7)
        assertThat(errors)
                .containsOnlyKeys(
                        SheetsConfig.TIMEZONE,
                        SheetsConfig.SPREADSHEET_ID,
                        SheetsConfig.KEY_COLUMNS,
                        SheetsConfig.MODE);
        assertThat(errors.values()).allSatisfy(messages -> assertThat(messages).hasSize(1));
        assertThat(errors.values().stream().map(messages -> messages.get(0)).distinct())
                .hasSize(3);
        assertThat(errors.get(SheetsConfig.TIMEZONE).get(0)).contains("IANA");
        assertThat(errors.get(SheetsConfig.SPREADSHEET_ID).get(0)).contains("was not found");
        assertThat(errors.get(SheetsConfig.KEY_COLUMNS)).isEqualTo(errors.get(SheetsConfig.MODE));
        assertThat(errors.get(SheetsConfig.KEY_COLUMNS).get(0)).contains("at least one field");
    }

    @Test
    void theAccessCheckRunsWhateverIsWrongOutsideTheKeysItNeeds() {
        String key = google.createServiceAccount("checker");
        Map<String, String> props = new HashMap<>(props(key, SHEET));
        props.put(SheetsConfig.TIMEZONE, "Mars/Olympus");
        props.put(SheetsConfig.MODE, "sideways");
        assertThat(new SheetsDestination().checkAccess(props))
                .singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("share the spreadsheet with"));
    }

    @Test
    void noSixtySecondsHoldMoreWritesThanTheRateAndTheRateIsNearlyAllUsed() {
        for (int perMinute : List.of(1, 2, 50, 60, 300, 10_000)) {
            ManualClock clock = new ManualClock(Instant.EPOCH);
            RateLimiter limiter = new RateLimiter(clock, new SplittableRandom(1), 1);
            List<QuotaScope> scopes = List.of(SheetsDestination.writeQuota("sink@example.com", perMinute));
            List<Long> granted = new ArrayList<>();
            for (long ms = 0; ms < 300_000; ms += 10) {
                clock.set(Instant.ofEpochMilli(ms));
                while (limiter.tryAcquire(scopes) == 0) {
                    granted.add(ms); // a backlog takes every permit as soon as there is one
                }
            }
            int mostInAWindow = 0;
            for (int first = 0, last = 0; first < granted.size(); first++) {
                while (last < granted.size() && granted.get(last) - granted.get(first) <= 60_000) {
                    last++;
                }
                mostInAWindow = Math.max(mostInAWindow, last - first);
            }
            assertThat(mostInAWindow)
                    .as("writes in one 60 s window at %d a minute", perMinute)
                    .isLessThanOrEqualTo(perMinute);
            if (perMinute >= 60) {
                assertThat(granted.size())
                        .as("writes in 5 minutes at %d a minute", perMinute)
                        .isGreaterThanOrEqualTo(5 * perMinute * 59 / 60);
            }
        }
    }

    @Test
    void fourTasksTogetherStayWithinTheConnectorsRateAndUseNearlyAllOfIt() {
        int tasks = 4;
        for (int perMinute : List.of(50, 60, 240, 300, 10_000)) {
            ManualClock clock = new ManualClock(Instant.EPOCH);
            List<RateLimiter> limiters = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                limiters.add(new RateLimiter(clock, new SplittableRandom(t), tasks));
            }
            List<QuotaScope> scopes = List.of(SheetsDestination.writeQuota("sink@example.com", perMinute));
            List<Long> granted = new ArrayList<>();
            // each task's bucket holds one permit: polled coarsely, a permit left waiting would waste refill
            for (long ms = 0; ms < 300_000; ms++) {
                clock.set(Instant.ofEpochMilli(ms));
                for (RateLimiter limiter : limiters) {
                    while (limiter.tryAcquire(scopes) == 0) {
                        granted.add(ms); // every task has a backlog
                    }
                }
            }
            int mostInAWindow = 0;
            for (int first = 0, last = 0; first < granted.size(); first++) {
                while (last < granted.size() && granted.get(last) - granted.get(first) <= 60_000) {
                    last++;
                }
                mostInAWindow = Math.max(mostInAWindow, last - first);
            }
            assertThat(mostInAWindow)
                    .as("writes of %d tasks in one 60 s window at %d a minute", tasks, perMinute)
                    .isLessThanOrEqualTo(perMinute);
            if (perMinute >= 60 * tasks) {
                assertThat(granted.size())
                        .as("writes in 5 minutes at %d a minute", perMinute)
                        .isGreaterThanOrEqualTo(5 * perMinute * 59 / 60);
            }
        }
    }

    @Test
    void theOffsetsAreStoredWithTheRowsAndReadBack() throws Exception {
        write(List.of(lead(1), lead(2), lead(3)));
        StoredOffsets stored = destination.storedOffsets(List.of(new TopicPartition("leads", 0)));
        assertThat(stored.byTarget()).isEqualTo(Map.of("leads", Map.of(new TopicPartition("leads", 0), 2L)));
        write(List.of(lead(4)));
        assertThat(destination
                        .storedOffsets(List.of(new TopicPartition("leads", 0)))
                        .byTarget()
                        .get("leads"))
                .containsEntry(new TopicPartition("leads", 0), 3L);
    }
}
