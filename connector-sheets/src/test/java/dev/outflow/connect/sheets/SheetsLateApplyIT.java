package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.IntFunction;

import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.WorkerProcess;
import dev.outflow.connect.testkit.sheets.ApiCall;
import dev.outflow.connect.testkit.sheets.LateWrite;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;
import dev.outflow.connect.testkit.sheets.SheetsFault;

/**
 * Writes that Google applies after the connector stopped waiting for them (DESIGN.md 3.6): the
 * emulator holds one write of the connector and applies it only once the connector has written
 * the same records again, as Google may. The fence makes the late write fail whole, so every
 * record is in the sheet exactly once. Without the fence the held write's rows would be there twice.
 */
class SheetsLateApplyIT {

    private static final String SHEET = "late-sheet";
    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 2;
    /** Records written before the held write, and records from the held write on. */
    private static final int BEFORE = 300;

    private static final int AFTER = 300;

    private SheetsEmulator google;
    private String key;
    private ConnectHarness harness;
    private EmbeddedKafkaCluster kafka;

    @BeforeEach
    void startGoogle() {
        google = new SheetsEmulator();
        // short, so the test does not wait Google's 180 s: the connector is told the same deadline
        google.setServerDeadline(Duration.ofSeconds(3));
        key = google.createServiceAccount("sink");
        google.createSpreadsheet(SHEET, google.serviceAccountEmail("sink"));
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
        google.close();
    }

    private Map<String, String> connector() {
        Map<String, String> config = SheetsTestSupport.connector(google, key, SHEET, TOPIC);
        config.put(SheetsConfig.SERVER_DEADLINE_MS, "3000");
        config.put(SheetsConfig.WRITES_PER_MINUTE, "6000");
        config.put("batch.max.records", "50");
        config.put("batch.linger.ms", "100");
        return config;
    }

    private static IntFunction<String> orders(int first) {
        return i -> "{\"id\":" + (first + i) + "}";
    }

    private Map<Long, Integer> copiesById() {
        return SheetsTestSupport.copiesById(google, SHEET, TOPIC);
    }

    private void holdTheNextWrite() {
        google.failMatching(
                call -> call.operation() == ApiCall.Operation.BATCH_UPDATE, 1, SheetsFault.heldUntilReleased());
    }

    /**
     * Lets the held write go and waits until Google has dealt with it; then every record must be in
     * the sheet once, because the held write was refused for its fence.
     */
    private void releaseAndExpectEveryRecordOnce() throws InterruptedException {
        assertThat(google.releaseHeld()).isEqualTo(1);
        ConnectHarness.await(
                "the held write dealt with", () -> google.lateWrites(SHEET).size() == 1);
        Map<Long, Integer> copies = copiesById();
        assertThat(copies).hasSize(BEFORE + AFTER);
        assertThat(copies)
                .allSatisfy((id, count) ->
                        assertThat(count).as("copies of order %d", id).isEqualTo(1));
        LateWrite late = google.lateWrites(SHEET).get(0);
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.message()).containsPattern("No (sheet|grid) with id");
    }

    @Test
    void aWriteHeldPastTheRequestTimeoutAndAppliedAfterTheResendIsRefusedWhole() throws Exception {
        harness = ConnectHarness.start("sheets-late-timeout", 1, Map.of());
        harness.createTopic(TOPIC, PARTITIONS);
        Map<String, String> config = connector();
        config.put(SheetsConfig.REQUEST_TIMEOUT_MS, "1000");
        harness.configureConnector("late-timeout", config);
        harness.produce(TOPIC, PARTITIONS, BEFORE, i -> "k" + i, orders(0));
        ConnectHarness.await(BEFORE + " rows", () -> copiesById().size() >= BEFORE);

        holdTheNextWrite();
        harness.produce(TOPIC, PARTITIONS, AFTER, i -> "k" + i, orders(BEFORE));
        assertThat(google.awaitHeld(1, Duration.ofMinutes(1)))
                .as("a write held at Google")
                .isTrue();
        // the client gives up after 1 s, waits out the 3 s deadline, replaces its fence, reads the offsets and resends
        ConnectHarness.await("every record written again", () -> copiesById().size() >= BEFORE + AFTER);

        releaseAndExpectEveryRecordOnce();
        assertThat(harness.taskStates("late-timeout")).containsExactly("RUNNING");
    }

    @Test
    void aKilledWorkersHeldWriteAppliedAfterItsSuccessorWroteIsRefusedWhole() throws Exception {
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        kafka.createTopic(TOPIC, PARTITIONS);
        Map<String, String> config = connector();
        // the dead worker's partitions move once its consumer's session ends: short, so the test does not wait 45 s
        config.put("consumer.override.session.timeout.ms", "6000");
        config.put("consumer.override.heartbeat.interval.ms", "1000");
        Path log = Path.of("target", "sheets-late-worker-process.log");
        WorkerProcess worker = WorkerProcess.start(kafka.bootstrapServers(), "sheets-late", log);
        try {
            worker.configureConnector("late-kill", config);
            ConnectHarness.produce(kafka, TOPIC, PARTITIONS, BEFORE, i -> "k" + i, orders(0));
            ConnectHarness.await(BEFORE + " rows", () -> copiesById().size() >= BEFORE, Duration.ofMinutes(2));

            holdTheNextWrite();
            ConnectHarness.produce(kafka, TOPIC, PARTITIONS, AFTER, i -> "k" + i, orders(BEFORE));
            assertThat(google.awaitHeld(1, Duration.ofMinutes(1)))
                    .as("a write held at Google")
                    .isTrue();
            worker.kill();
            worker = WorkerProcess.start(kafka.bootstrapServers(), "sheets-late", log);
            // the successor claims the partitions past the dead consumer's session, revokes every fence and writes on
            ConnectHarness.await(
                    "every record written by the successor",
                    () -> copiesById().size() >= BEFORE + AFTER,
                    Duration.ofMinutes(2));

            releaseAndExpectEveryRecordOnce();
            WorkerProcess successor = worker;
            ConnectHarness.await(
                    "the task runs", () -> successor.taskStates("late-kill").equals(List.of("RUNNING")));
        } finally {
            worker.close();
        }
    }
}
