package dev.outflow.connect.core.internal.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.internal.task.ScriptedDestination.Script;
import dev.outflow.connect.testkit.ConnectHarness;

/**
 * DESIGN.md 3.5 and 3.6 end to end, on a real broker and worker: a fatal outcome fails the task
 * wherever it surfaces, a record the dead-letter queue cannot take is never lost, and the offsets
 * REST API resets what the app stored as well as what Kafka did.
 */
class FailureSemanticsIT {

    private static final String CONNECTOR = "scripted";
    private static final String REVOKED = "the app revoked the credentials; issue a new token";

    private ConnectHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static Map<String, String> connector(String scriptId, String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ScriptedSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put(ScriptedDestination.SCRIPT_ID, scriptId);
        config.put("batch.linger.ms", "200");
        return config;
    }

    /** A connector whose rows never leave by themselves: only the worker's commit (preCommit) sends them. */
    private static Map<String, String> flushedOnlyByCommits(String scriptId, String topic) {
        Map<String, String> config = connector(scriptId, topic);
        config.put("batch.linger.ms", "3600000");
        config.put("batch.max.records", "1000");
        return config;
    }

    private static String json(int i) {
        return "{\"id\":" + i + "}";
    }

    @Test
    void aFatalErrorFoundWhileTheWorkerCommitsFailsTheTask() throws Exception {
        Script script = Script.register("fatal-commit", Clock.systemUTC());
        script.failWith(Failure.fatal(REVOKED), Long.MAX_VALUE);
        harness = ConnectHarness.start("fatal-commit", 1, Map.of("offset.flush.interval.ms", "500"));
        harness.createTopic("events", 1);
        harness.produce("events", 1, 10, i -> "k" + i, FailureSemanticsIT::json);

        harness.configureConnector(CONNECTOR, flushedOnlyByCommits("fatal-commit", "events"));

        String trace = harness.awaitTaskFailure(CONNECTOR);
        assertThat(trace).contains("ScriptedSinkTask cannot be written to: " + REVOKED);
        assertThat(script.writeCalls.get())
                .as("the write was tried from preCommit")
                .isPositive();
        assertThat(harness.committedOffsets(CONNECTOR).getOrDefault(new TopicPartition("events", 0), 0L))
                .isZero();
    }

    @Test
    void aFatalErrorWhileOpeningPartitionsFailsTheTask() throws Exception {
        Script script = Script.register("fatal-open", Clock.systemUTC());
        script.storesOffsets = true;
        script.storedOffsetsFailure = Failure.fatal("the spreadsheet was deleted");
        harness = ConnectHarness.start("fatal-open", 1, Map.of());
        harness.createTopic("ledger", 1);
        harness.produce("ledger", 1, 10, i -> "k" + i, FailureSemanticsIT::json);

        harness.configureConnector(CONNECTOR, connector("fatal-open", "ledger"));

        assertThat(harness.awaitTaskFailure(CONNECTOR))
                .contains("ScriptedSinkTask cannot read its stored offsets: the spreadsheet was deleted");
        assertThat(script.deliveredCount()).isZero();
    }

    @Test
    void aFatalErrorFoundWhilePartitionsAreRevokedFailsTheTask() throws Exception {
        Script script = Script.register("fatal-revoke", Clock.systemUTC());
        // no periodic commit: the only preCommit is the one of the revocation, followed by close
        harness = ConnectHarness.start(
                "fatal-revoke", 1, Map.of("offset.flush.interval.ms", "600000", "consumer.metadata.max.age.ms", "500"));
        harness.createTopic("feed-a", 1);
        harness.produce("feed-a", 1, 10, i -> "k" + i, FailureSemanticsIT::json);
        Map<String, String> config = flushedOnlyByCommits("fatal-revoke", null);
        config.remove("topics");
        config.put("topics.regex", "feed-.*");
        harness.configureConnector(CONNECTOR, config);
        harness.awaitRunning(CONNECTOR, 1);
        ConnectHarness.await("the task took the records", () -> script.maxBuffered.get() == 10);

        script.failWith(Failure.fatal(REVOKED), Long.MAX_VALUE);
        // a new matching topic makes the consumer rebalance: the task's partitions are revoked
        harness.createTopic("feed-b", 1);

        assertThat(harness.awaitTaskFailure(CONNECTOR)).contains("ScriptedSinkTask cannot be written to: " + REVOKED);
        assertThat(script.deliveredCount()).isZero();
    }

    @Test
    void aRejectedRecordTooLargeForTheDeadLetterQueueFailsTheTaskAndIsNeverCommitted() throws Exception {
        Script script = Script.register("dlq-too-large", Clock.systemUTC());
        script.refuseRow = row -> row.has("blob");
        harness = ConnectHarness.start("dlq-too-large", 1, Map.of("connector.client.config.override.policy", "All"));
        harness.createTopic("orders", 1);
        harness.produce(
                "orders",
                1,
                100,
                i -> "k" + i,
                i -> i == 50 ? "{\"id\":50,\"blob\":\"" + "x".repeat(20_000) + "\"}" : json(i));

        Map<String, String> config = ConnectHarness.withDeadLetterQueue(connector("dlq-too-large", "orders"), "dlq");
        config.put("producer.override.max.request.size", "8192");
        harness.configureConnector(CONNECTOR, config);

        String trace = harness.awaitTaskFailure(CONNECTOR);
        assertThat(trace).contains("orders/0/50").contains("max.request.size");
        long committed = harness.committedOffsets(CONNECTOR).getOrDefault(new TopicPartition("orders", 0), 0L);
        assertThat(committed)
                .as("never past the record that is neither in the app nor in the DLQ")
                .isLessThanOrEqualTo(50);
        // nothing silently gone: each record below the committed offset is in the app, the rest will be redelivered
        for (int offset = 0; offset < committed; offset++) {
            assertThat(script.delivered).containsKey("orders/0/" + offset);
        }
        assertThat(script.delivered).doesNotContainKey("orders/0/50");
    }

    @Test
    void theOffsetsRestApiResetsWhatTheAppStoredAndPatchResumesWhereItSays() throws Exception {
        Script script = Script.register("offsets-api", Clock.systemUTC());
        script.storesOffsets = true;
        harness = ConnectHarness.start("offsets-api", 1, Map.of());
        harness.createTopic("ledger", 2);
        harness.produce("ledger", 2, 1_000, i -> "k" + i, FailureSemanticsIT::json);
        TopicPartition p0 = new TopicPartition("ledger", 0);
        TopicPartition p1 = new TopicPartition("ledger", 1);
        Map<TopicPartition, Long> end = harness.endOffsets("ledger", 2);

        harness.configureConnector(CONNECTOR, connector("offsets-api", "ledger"));
        awaitDeliveredTimes(script, end, 1);
        ConnectHarness.await(
                "committed to the end",
                () -> harness.committedOffsets(CONNECTOR).equals(end));

        // DELETE: everything is consumed and written again, and the app's stored offsets follow
        stopConnector();
        harness.cluster().resetConnectorOffsets(CONNECTOR);
        assertThat(script.alterations)
                .singleElement()
                .satisfies(reset -> assertThat(reset).containsKeys(p0, p1));
        assertThat(script.storedOffset(p0)).isNull();
        harness.cluster().resumeConnector(CONNECTOR);
        awaitDeliveredTimes(script, end, 2);
        ConnectHarness.await(
                "committed to the end again",
                () -> harness.committedOffsets(CONNECTOR).equals(end));
        assertThat(script.storedOffset(p0)).isEqualTo(end.get(p0) - 1);
        assertThat(script.storedOffset(p1)).isEqualTo(end.get(p1) - 1);

        // PATCH partition 0 to 300: exactly its records from 300 on are written a third time
        stopConnector();
        harness.cluster().alterSinkConnectorOffset(CONNECTOR, p0, 300L);
        assertThat(script.storedOffset(p0)).isEqualTo(299);
        harness.cluster().resumeConnector(CONNECTOR);
        ConnectHarness.await("partition 0 from 300 written a third time", () -> {
            for (long offset = 300; offset < end.get(p0); offset++) {
                if (script.delivered.getOrDefault("ledger/0/" + offset, 0) != 3) {
                    return false;
                }
            }
            return true;
        });
        ConnectHarness.await(
                "committed to the end a third time",
                () -> harness.committedOffsets(CONNECTOR).equals(end));
        for (long offset = 0; offset < 300; offset++) {
            assertThat(script.delivered.get("ledger/0/" + offset)).isEqualTo(2);
        }
        for (long offset = 0; offset < end.get(p1); offset++) {
            assertThat(script.delivered.get("ledger/1/" + offset)).isEqualTo(2);
        }
    }

    private void stopConnector() throws InterruptedException {
        harness.cluster().stopConnector(CONNECTOR);
        harness.cluster().assertions().assertConnectorIsStopped(CONNECTOR, CONNECTOR + " did not stop");
    }

    private static void awaitDeliveredTimes(Script script, Map<TopicPartition, Long> end, int times)
            throws InterruptedException {
        long records = end.values().stream().mapToLong(Long::longValue).sum();
        ConnectHarness.await(
                "every record written " + times + " times",
                () -> script.delivered.size() == records
                        && script.delivered.values().stream().allMatch(count -> count == times));
    }
}
