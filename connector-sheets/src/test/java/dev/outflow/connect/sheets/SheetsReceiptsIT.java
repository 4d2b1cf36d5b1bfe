package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.ReceiptsTopic;
import dev.outflow.connect.testkit.sheets.ApiCall;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;
import dev.outflow.connect.testkit.sheets.SheetsFault;

/**
 * Receipts of a Sheets connector in upsert mode (issue 14): a real broker and worker, the emulator as
 * Google, the receipts read back from their topic. Every input record has exactly one receipt with its
 * outcome, also across a restart of the task mid-run and writes whose responses are lost (Sheets is
 * exactly-once), and the row number a receipt names is the sheet row that holds the record's key.
 */
class SheetsReceiptsIT {

    private static final String CONNECTOR = "sheets-receipts";
    private static final String SHEET = "sheet-receipts";
    private static final String TOPIC = "customers";
    private static final String RECEIPTS = "receipts";
    private static final String DLQ = "dlq";
    private static final int PARTITIONS = 2;
    private static final int RECEIPT_PARTITIONS = 3;
    /** The first phase appends one row per customer; the second updates them. */
    private static final int CUSTOMERS = 300;

    private static final int UPDATES = 1_500;
    private static final int RECORDS = CUSTOMERS + UPDATES;
    /** The update that is a tombstone (skipped under behavior.on.null.values=ignore). */
    private static final int TOMBSTONE = 500;
    /** The update without the key column (rejected by the connector: upsert needs every key column). */
    private static final int KEYLESS = 777;

    private SheetsEmulator google;
    private String key;
    private ConnectHarness harness;

    @BeforeEach
    void startGoogle() {
        google = new SheetsEmulator();
        google.setQuotaEnforced(false);
        key = google.createServiceAccount("sink");
        google.createSpreadsheet(SHEET, google.serviceAccountEmail("sink"));
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        google.close();
    }

    @Test
    void everyRecordHasOneReceiptAcrossARestartAndItsRowHoldsItsKey() throws Exception {
        ReceiptsTopic.Read read = runWithARestart();

        assertEveryRecordReceiptedOnce(read, false);
    }

    /**
     * Every fifth write is applied but its response lost: the task finds it applied in the stored offsets,
     * and its records get a written receipt without app ids (the answer that had them is gone).
     */
    @Test
    void writesWhoseResponsesAreLostStillGiveOneReceiptPerRecord() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        google.failMatching(
                call -> call.operation() == ApiCall.Operation.BATCH_UPDATE && writes.incrementAndGet() % 5 == 0,
                Integer.MAX_VALUE,
                SheetsFault.appliedButResponseLost());

        ReceiptsTopic.Read read = runWithARestart();

        assertThat(google.stats(SHEET).dropped()).as("responses were lost").isPositive();
        assertEveryRecordReceiptedOnce(read, true);
    }

    /**
     * Appends the customers, then sends their updates and restarts the task while it writes them; answers
     * the receipts once every offset is committed.
     */
    private ReceiptsTopic.Read runWithARestart() throws InterruptedException {
        harness = ConnectHarness.start("sheets-receipts", 1, Map.of());
        harness.createTopic(TOPIC, PARTITIONS);
        ReceiptsTopic receipts = ReceiptsTopic.create(harness, RECEIPTS, RECEIPT_PARTITIONS);
        Map<String, String> config =
                ConnectHarness.withDeadLetterQueue(SheetsTestSupport.connector(google, key, SHEET, TOPIC), DLQ);
        config.put("name", CONNECTOR);
        config.put(SheetsConfig.MODE, "upsert");
        config.put(SheetsConfig.KEY_COLUMNS, "customer");
        config.put("behavior.on.null.values", "ignore");
        // two writes a second in batches of 20: the second phase takes long enough to restart the task in it
        config.put(SheetsConfig.WRITES_PER_MINUTE, "120");
        config.put("batch.max.records", "20");
        receipts.configure(config);

        // customer i (0-299) is record i of the first phase; record j of the second updates customer j % 300,
        // in the same partition (300 is even), so each customer's versions stay in order
        harness.produce(TOPIC, PARTITIONS, CUSTOMERS, i -> customer(i), i -> version(customer(i), 0));
        harness.configureConnector(CONNECTOR, config);
        ConnectHarness.await(
                CUSTOMERS + " rows",
                () -> SheetsTestSupport.dataRows(google, SHEET, TOPIC).size() == CUSTOMERS,
                Duration.ofMinutes(2));

        harness.produce(TOPIC, PARTITIONS, UPDATES, j -> customer(j % CUSTOMERS), j -> switch (j) {
            case TOMBSTONE -> null;
            case KEYLESS -> "{\"version\":" + (1 + j / CUSTOMERS) + "}";
            default -> version(customer(j % CUSTOMERS), 1 + j / CUSTOMERS);
        });
        ConnectHarness.await("600 updates receipted", () -> receipts.count() >= CUSTOMERS + 600, Duration.ofMinutes(2));
        long receiptedAtRestart = receipts.count();
        harness.cluster().restartTask(CONNECTOR, 0);
        ConnectHarness.await(
                "committed offsets at the end of " + TOPIC,
                () -> harness.committedOffsets(CONNECTOR).equals(harness.endOffsets(TOPIC, PARTITIONS)),
                Duration.ofMinutes(3));

        assertThat(receiptedAtRestart).as("receipts when the task restarted").isLessThan(RECORDS);
        return receipts.readAll();
    }

    /**
     * One receipt per record, each with its outcome; a written update's row holds its customer. With
     * {@code lostReplies}, a written record may instead have no app ids, saying so, and some do.
     */
    private void assertEveryRecordReceiptedOnce(ReceiptsTopic.Read read, boolean lostReplies)
            throws InterruptedException {
        assertThat(read.repeated()).as("keys receipted more than once").isEmpty();
        assertThat(read.byKey()).hasSize(RECORDS);
        List<String> header = google.header(SHEET, TOPIC);
        List<List<Object>> values = google.values(SHEET, TOPIC);
        int customerColumn = header.indexOf("customer");
        assertThat(values).as("the header and one row per customer").hasSize(1 + CUSTOMERS);
        Map<String, Integer> outcomes = new HashMap<>();
        List<String> rowsChecked = new ArrayList<>();
        List<String> repliesLost = new ArrayList<>();
        read.byKey().forEach((coordinates, receipt) -> {
            int partition = receipt.get("partition").asInt();
            long offset = receipt.get("offset").asLong();
            assertThat(coordinates).isEqualTo(TOPIC + "/" + partition + "/" + offset);
            assertThat(receipt.get("topic").asText()).isEqualTo(TOPIC);
            assertThat(receipt.get("connector").asText()).isEqualTo(CONNECTOR);
            String outcome = receipt.get("outcome").asText();
            outcomes.merge(outcome, 1, Integer::sum);
            int index = indexOf(partition, offset);
            if (index == CUSTOMERS + TOMBSTONE) {
                assertThat(outcome).as("the tombstone's outcome").isEqualTo("skipped");
                assertThat(receipt.get("reason").asText()).contains("behavior.on.null.values=ignore");
                assertThat(receipt.get("app").isNull()).isTrue();
                return;
            }
            if (index == CUSTOMERS + KEYLESS) {
                assertThat(outcome).as("the keyless record's outcome").isEqualTo("rejected");
                assertThat(receipt.get("reason").asText()).contains("key column 'customer' is empty");
                assertThat(receipt.get("target").asText()).isEqualTo(TOPIC);
                assertThat(receipt.get("app").isNull()).isTrue();
                return;
            }
            assertThat(outcome).as("outcome of %s", coordinates).isEqualTo("written");
            assertThat(receipt.get("target").asText()).isEqualTo(TOPIC);
            JsonNode app = receipt.get("app");
            if (lostReplies && app.isNull()) {
                assertThat(receipt.get("reason").asText()).contains("its ids were not kept");
                repliesLost.add(coordinates);
                return;
            }
            assertThat(receipt.get("reason").isNull()).isTrue();
            assertThat(app.get("spreadsheet").asText()).isEqualTo(SHEET);
            assertThat(app.get("tab").asText()).isEqualTo(TOPIC);
            if (index < CUSTOMERS) {
                assertThat(app.has("row"))
                        .as("an appended row has no row number: %s", coordinates)
                        .isFalse();
                return;
            }
            // every update found its customer's row, appended in the first phase
            assertThat(app.has("row"))
                    .as("an updated row's number: %s", coordinates)
                    .isTrue();
            int row = Integer.parseInt(app.get("row").asText());
            assertThat(values.get(row - 1).get(customerColumn))
                    .as("sheet row %d, named by the receipt of %s", row, coordinates)
                    .isEqualTo(customer(index % CUSTOMERS));
            rowsChecked.add(coordinates);
        });
        assertThat(outcomes)
                .containsEntry("skipped", 1)
                .containsEntry("rejected", 1)
                .containsEntry("written", RECORDS - 2);
        if (lostReplies) {
            assertThat(repliesLost)
                    .as("written records whose app ids were lost")
                    .isNotEmpty();
            assertThat(rowsChecked).as("updates with their row").isNotEmpty();
        } else {
            assertThat(rowsChecked).hasSize(UPDATES - 2);
        }
        assertThat(harness.readAll(DLQ, 1)).hasSize(1);
    }

    private static String customer(int i) {
        return "c-" + i;
    }

    private static String version(String customer, int version) {
        return "{\"customer\":\"" + customer + "\",\"version\":" + version + "}";
    }

    /**
     * Which record is at these coordinates: i for the first phase's record i, 300 + j for the second's
     * record j. Each phase sends record n to partition n % 2, so each partition holds 150 of the first.
     */
    private static int indexOf(int partition, long offset) {
        int perPartition = CUSTOMERS / PARTITIONS;
        return offset < perPartition
                ? (int) offset * PARTITIONS + partition
                : CUSTOMERS + (int) (offset - perPartition) * PARTITIONS + partition;
    }
}
