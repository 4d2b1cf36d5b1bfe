package dev.outflow.connect.core.internal.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.internal.task.ScriptedDestination.Script;
import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.ConnectHarness.ReadRecord;

/**
 * The framework end to end: a real KRaft broker and real Connect workers in this JVM, the
 * scripted destination standing in for an app. Every assertion counts records; none times them.
 */
class FrameworkIT {

    private static final String CONNECTOR = "scripted";
    private static final String DLQ = "dlq";

    private ConnectHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private ConnectHarness start(int workers, Map<String, String> workerProps) {
        harness = ConnectHarness.start("framework-it", workers, workerProps);
        return harness;
    }

    private static Map<String, String> connector(String scriptId, String topic, int tasks) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ScriptedSinkConnector.class.getName());
        config.put("tasks.max", String.valueOf(tasks));
        config.put("topics", topic);
        config.put(ScriptedDestination.SCRIPT_ID, scriptId);
        config.put("batch.linger.ms", "200");
        return config;
    }

    private static String json(int i) {
        return "{\"id\":" + i + ",\"customer\":\"c-" + (i % 977) + "\",\"score\":" + (i % 100) / 100.0 + "}";
    }

    private void awaitCommittedToTheEnd(String topic, int partitions) throws InterruptedException {
        ConnectHarness.await(
                "committed offsets at the end of " + topic,
                () -> harness.committedOffsets(CONNECTOR).equals(harness.endOffsets(topic, partitions)));
    }

    @Test
    void everyRecordArrivesExactlyOnceAndOffsetsReachTheEnd() throws Exception {
        Script script = Script.register("once", Clock.systemUTC());
        start(1, Map.of());
        harness.createTopic("events", 4);
        harness.produce("events", 4, 100_000, i -> "k" + i, FrameworkIT::json);

        harness.configureConnector(CONNECTOR, connector("once", "events", 2));
        ConnectHarness.await("100,000 records delivered", () -> script.deliveredCount() == 100_000);
        awaitCommittedToTheEnd("events", 4);

        assertThat(script.duplicates()).isZero();
        assertThat(harness.taskStates(CONNECTOR)).containsOnly("RUNNING");
    }

    @Test
    void aPoisonRowGoesAloneToTheDeadLetterQueueAndItsBatchIsDelivered() throws Exception {
        Script script = Script.register("poison", Clock.systemUTC());
        script.poison = row -> row.get("id").value().equals(500L);
        // one batch of 1,000: no commit-triggered flush splits it
        start(1, Map.of("offset.flush.interval.ms", "60000"));
        harness.createTopic("orders", 1);
        harness.produce("orders", 1, 1_000, i -> "k" + i, FrameworkIT::json);

        Map<String, String> config = ConnectHarness.withDeadLetterQueue(connector("poison", "orders", 1), DLQ);
        config.put("batch.max.records", "1000");
        config.put("batch.linger.ms", "60000");
        harness.configureConnector(CONNECTOR, config);

        ConnectHarness.await("999 records delivered", () -> script.deliveredCount() == 999);
        List<ReadRecord> dead = harness.readAll(DLQ, 1);
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(record.value()).contains("\"id\":500");
            assertThat(record.headers())
                    .containsEntry("__connect.errors.offset", "500")
                    .containsEntry(
                            "__connect.errors.exception.message", "the app refused the batch: row 500 is invalid");
        });
        assertThat(script.delivered).doesNotContainKey("orders/0/500");
        // bisection: the failed batch of 1,000, then at most two calls per halving
        assertThat(script.writeCalls.get()).isLessThanOrEqualTo(1 + 2 * 10);
        harness.awaitRunning(CONNECTOR, 1);
    }

    @Test
    void malformedAndOversizedRecordsGoToTheDeadLetterQueueWithAReason() throws Exception {
        Script script = Script.register("bad-input", Clock.systemUTC());
        start(1, Map.of());
        harness.createTopic("raw", 1);
        harness.produce(
                "raw",
                1,
                100,
                i -> "k" + i,
                i -> i == 10
                        ? "{\"id\": 10, oops"
                        : i == 20 ? "{\"id\":20,\"blob\":\"" + "x".repeat(5_000) + "\"}" : json(i));

        Map<String, String> config = ConnectHarness.withDeadLetterQueue(connector("bad-input", "raw", 1), DLQ);
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("row.string.json.enabled", "true");
        config.put("batch.max.bytes", "2048");
        harness.configureConnector(CONNECTOR, config);

        ConnectHarness.await("98 records delivered", () -> script.deliveredCount() == 98);
        List<ReadRecord> dead = harness.readAll(DLQ, 2);
        Map<String, String> reasons = new HashMap<>();
        dead.forEach(record -> reasons.put(
                record.headers().get("__connect.errors.offset"),
                record.headers().get("__connect.errors.exception.message")));
        assertThat(reasons).hasSize(2);
        assertThat(reasons.get("10")).startsWith("the record could not be read: value is not valid JSON");
        assertThat(reasons.get("20")).endsWith("more than batch.max.bytes=2048");
        awaitCommittedToTheEnd("raw", 1);
    }

    @Test
    void retriableErrorsForTwentySecondsLoseNothingAndNeverFailTheTask() throws Exception {
        Script script = Script.register("outage", Clock.systemUTC());
        script.failWith(Failure.retriable("503 Service Unavailable"), System.currentTimeMillis() + 20_000);
        start(1, Map.of());
        harness.createTopic("alerts", 2);
        harness.produce("alerts", 2, 5_000, i -> "k" + i, FrameworkIT::json);

        Map<String, String> config = connector("outage", "alerts", 2);
        config.put("retry.backoff.max.ms", "4000");
        harness.configureConnector(CONNECTOR, config);

        AtomicBoolean everFailed = new AtomicBoolean();
        ConnectHarness.await("5,000 records delivered after the outage", () -> {
            everFailed.compareAndSet(false, harness.taskStates(CONNECTOR).contains("FAILED"));
            return script.deliveredCount() == 5_000;
        });
        assertThat(everFailed).isFalse();
        assertThat(script.writeCalls.get()).as("the outage was hit").isGreaterThan(script.deliveredCount() / 500);
        assertThat(script.duplicates()).isZero();
        awaitCommittedToTheEnd("alerts", 2);
    }

    @Test
    void aFatalErrorFailsTheTaskNamingTheCauseWithoutSecretsOrPayload() throws Exception {
        Script script = Script.register("fatal", Clock.systemUTC());
        script.failWith(Failure.fatal("the app revoked the credentials; issue a new token"), Long.MAX_VALUE);
        start(1, Map.of());
        harness.createTopic("secrets", 1);
        harness.produce("secrets", 1, 10, i -> "k" + i, i -> "{\"id\":" + i + ",\"ssn\":\"payload-marker-123\"}");

        Map<String, String> config = connector("fatal", "secrets", 1);
        config.put(ScriptedDestination.TOKEN, "token-value-do-not-leak");
        harness.configureConnector(CONNECTOR, config);

        String trace = harness.awaitTaskFailure(CONNECTOR);
        assertThat(trace)
                .contains("ScriptedSinkTask cannot be written to: the app revoked the credentials; issue a new token")
                .doesNotContain("token-value-do-not-leak")
                .doesNotContain("payload-marker-123");
    }

    @Test
    void aSlowAppBehindABigBacklogNeverMakesTheBufferExceedItsBound() throws Exception {
        Script script = Script.register("slow", Clock.systemUTC());
        script.writeDelayMs = 5;
        start(1, Map.of());
        harness.createTopic("backlog", 2);
        harness.produce("backlog", 2, 200_000, i -> null, FrameworkIT::json);

        Map<String, String> config = connector("slow", "backlog", 1);
        config.put("batch.max.records", "500");
        config.put("buffer.max.records", "2000");
        harness.configureConnector(CONNECTOR, config);

        ConnectHarness.await("200,000 records delivered", () -> script.deliveredCount() == 200_000);
        assertThat(script.maxBuffered.get()).isPositive().isLessThanOrEqualTo(2000);
        assertThat(script.duplicates()).isZero();
    }

    @Test
    void aWorkerStoppedMidStreamIsReplacedAndStoredOffsetsPreventDuplicates() throws Exception {
        Script script = Script.register("handover", Clock.systemUTC());
        script.storesOffsets = true;
        script.writeDelayMs = 2;
        start(1, Map.of());
        harness.createTopic("ledger", 2);
        harness.produce("ledger", 2, 30_000, i -> "k" + i, FrameworkIT::json);
        WorkerHandle first = harness.workers().get(0);

        Map<String, String> config = connector("handover", "ledger", 1);
        config.put("batch.max.records", "100");
        harness.configureConnector(CONNECTOR, config);
        ConnectHarness.await("a third delivered", () -> script.deliveredCount() >= 10_000);

        harness.addWorker();
        harness.removeWorker(first);
        ConnectHarness.await("30,000 records delivered", () -> script.deliveredCount() == 30_000);
        assertThat(script.duplicates()).isZero();
        awaitCommittedToTheEnd("ledger", 2);
    }

    @Test
    void aWorkerLeavingATwoWorkerClusterLosesNothing() throws Exception {
        Script script = Script.register("rebalance", Clock.systemUTC());
        script.writeDelayMs = 2;
        start(2, Map.of());
        harness.createTopic("clicks", 8);
        harness.produce("clicks", 8, 40_000, i -> "k" + i, FrameworkIT::json);

        Map<String, String> config = connector("rebalance", "clicks", 4);
        config.put("batch.max.records", "100");
        harness.configureConnector(CONNECTOR, config);
        harness.awaitRunning(CONNECTOR, 4);
        ConnectHarness.await("a quarter delivered", () -> script.deliveredCount() >= 10_000);

        List<WorkerHandle> workers = new ArrayList<>(harness.workers());
        harness.removeWorker(workers.get(0));
        ConnectHarness.await("40,000 records delivered", () -> script.deliveredCount() == 40_000);
        harness.awaitRunning(CONNECTOR, 4);
        awaitCommittedToTheEnd("clicks", 8);
    }
}
