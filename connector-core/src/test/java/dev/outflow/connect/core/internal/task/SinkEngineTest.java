package dev.outflow.connect.core.internal.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.config.SinkConfig;
import dev.outflow.connect.core.internal.errors.DeadLetterRouter;
import dev.outflow.connect.core.internal.errors.RejectedRecordException;
import dev.outflow.connect.core.internal.task.ScriptedDestination.Script;
import dev.outflow.connect.testkit.ManualClock;

class SinkEngineTest {

    private static final String TOPIC = "orders";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private final ManualClock clock = new ManualClock(1_000_000);
    private final Script script = new Script(clock);
    private RecordingContext context = new RecordingContext(true);

    private SinkEngine engine(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put(SinkConfig.BATCH_MAX_RECORDS, "10");
        props.put(SinkConfig.BATCH_LINGER_MS, "1000");
        props.put(SinkConfig.BUFFER_MAX_RECORDS, "100");
        props.put(SinkConfig.RETRY_BACKOFF_INITIAL_MS, "100");
        props.put(SinkConfig.RETRY_BACKOFF_MAX_MS, "1000");
        props.put(SinkConfig.RETRY_TIMEOUT_MS, "10000");
        props.putAll(overrides);
        context.assignment.add(P0);
        context.assignment.add(P1);
        ScriptedDestination destination = new ScriptedDestination(script);
        return new SinkEngine(
                destination,
                "Scripted",
                SinkConfig.parse(props),
                context,
                clock,
                new SplittableRandom(7),
                new DeadLetterRouter(context.errantRecordReporter(), "Scripted", "scripted", clock));
    }

    private static SinkRecord record(TopicPartition tp, long offset, Map<String, Object> value) {
        return new SinkRecord(tp.topic(), tp.partition(), null, "k" + offset, null, value, offset);
    }

    private static SinkRecord record(TopicPartition tp, long offset) {
        Map<String, Object> value = new HashMap<>();
        value.put("id", offset);
        return record(tp, offset, value);
    }

    private static List<SinkRecord> records(TopicPartition tp, long from, int count) {
        List<SinkRecord> records = new ArrayList<>();
        for (long offset = from; offset < from + count; offset++) {
            records.add(record(tp, offset));
        }
        return records;
    }

    private static long committed(Map<TopicPartition, OffsetAndMetadata> offsets, TopicPartition tp) {
        return offsets.get(tp).offset();
    }

    @Test
    void holdsRowsUntilTheBatchIsFullByCount() {
        SinkEngine engine = engine(Map.of());
        engine.put(records(P0, 0, 9));
        assertThat(script.writeCalls.get()).isZero();
        assertThat(engine.buffered()).isEqualTo(9);

        engine.put(records(P0, 9, 1));
        assertThat(script.writeCalls.get()).isEqualTo(1);
        assertThat(script.rows("default")).hasSize(10);
        assertThat(engine.buffered()).isZero();
        assertThat(context.commitRequests).isEqualTo(1);
    }

    @Test
    void flushesWhenTheBatchIsFullByBytes() {
        SinkEngine engine = engine(Map.of(SinkConfig.BATCH_MAX_BYTES, "1024"));
        Map<String, Object> value = Map.of("text", "x".repeat(600));
        engine.put(List.of(record(P0, 0, value)));
        assertThat(script.writeCalls.get()).isZero();

        engine.put(List.of(record(P0, 1, value)));
        // two rows of ~600 bytes pass 1024: the first goes alone, the second waits for company
        assertThat(script.writeCalls.get()).isEqualTo(1);
        assertThat(script.rows("default")).hasSize(1);
        assertThat(engine.buffered()).isEqualTo(1);
    }

    @Test
    void flushesAfterLingerAndAsksForAWakeUpUntilThen() {
        SinkEngine engine = engine(Map.of());
        engine.put(records(P0, 0, 3));
        assertThat(context.timeout).isEqualTo(1000);

        clock.advance(400);
        engine.put(List.of());
        assertThat(script.writeCalls.get()).isZero();
        assertThat(context.timeout).isEqualTo(600);

        clock.advance(600);
        engine.put(List.of());
        assertThat(script.rows("default")).hasSize(3);
    }

    @Test
    void preCommitFlushesWhatIsBufferedAndCommitsOnlyWhatWasWritten() {
        SinkEngine engine = engine(Map.of());
        engine.put(records(P0, 0, 3));
        script.failWith(Failure.retriable("503"), Long.MAX_VALUE);

        Map<TopicPartition, OffsetAndMetadata> offsets = engine.preCommit(Map.of());
        assertThat(offsets.getOrDefault(P0, new OffsetAndMetadata(0)).offset())
                .as("nothing written, nothing committed")
                .isZero();
        assertThat(script.writeCalls.get())
                .as("preCommit sent the batch before linger")
                .isEqualTo(1);

        script.failure = null;
        clock.advance(2000);
        offsets = engine.preCommit(Map.of());
        assertThat(committed(offsets, P0)).isEqualTo(3);
        assertThat(script.rows("default")).hasSize(3);
    }

    @Test
    void commitsAcrossOffsetGapsAndNeverPastAnUnwrittenRecord() {
        SinkEngine engine = engine(Map.of());
        script.failWith(Failure.retriable("503"), Long.MAX_VALUE);
        script.failingTargets = "stuck"::equals;
        // offsets 2-4 were compacted away; 5 goes to a target that is failing, 6 to one that works
        engine.put(List.of(
                record(P0, 0),
                record(P0, 1),
                record(P0, 5, new HashMap<>(Map.of("id", 5, "target", "stuck"))),
                record(P0, 6)));

        assertThat(committed(engine.preCommit(Map.of()), P0)).isEqualTo(5);
        assertThat(script.rows("default")).extracting(r -> r.offset()).containsExactly(0L, 1L, 6L);

        script.failure = null;
        clock.advance(2000);
        assertThat(committed(engine.preCommit(Map.of()), P0)).isEqualTo(7);
    }

    @Test
    void aRejectedRecordIsReportedAndItsOffsetCommitted() {
        SinkEngine engine = engine(Map.of());
        script.refuseRow = row -> row.offset() == 1;
        engine.put(records(P0, 0, 3));
        Map<TopicPartition, OffsetAndMetadata> offsets = engine.preCommit(Map.of());

        assertThat(script.rows("default")).extracting(r -> r.offset()).containsExactly(0L, 2L);
        assertThat(context.reported).singleElement().satisfies(reported -> {
            assertThat(reported.record().kafkaOffset()).isEqualTo(1);
            assertThat(reported.error())
                    .isInstanceOf(RejectedRecordException.class)
                    .hasMessage("the app refused this row");
        });
        assertThat(committed(offsets, P0)).isEqualTo(3);
    }

    @Test
    void whatTheAppAnsweredForARejectedRowGoesIntoItsDeadLetterRecord() {
        SinkEngine engine = engine(Map.of());
        script.refuseRow = row -> row.offset() == 1;
        script.reply = row -> AppReply.of("status", "400", "body", "{\"error\":\"bad email\"}");
        engine.put(records(P0, 0, 3));
        engine.preCommit(Map.of());

        assertThat(context.reported)
                .singleElement()
                .satisfies(
                        reported -> assertThat(reported.error())
                                .hasMessage(
                                        "the app refused this row; the app answered: status=400, body={\"error\":\"bad email\"}"));
    }

    @Test
    void pausesAtTheHighWaterMarkAndResumesAtTheLowWaterMark() {
        SinkEngine engine = engine(Map.of(SinkConfig.BATCH_MAX_RECORDS, "100", SinkConfig.BUFFER_MAX_RECORDS, "100"));
        script.failWith(Failure.retriable("503"), Long.MAX_VALUE);
        engine.put(records(P0, 0, 89));
        assertThat(context.paused).isEmpty();

        engine.put(records(P0, 89, 1));
        assertThat(engine.isPaused()).isTrue();
        assertThat(context.paused).containsExactlyInAnyOrder(P0, P1);

        script.failure = null;
        clock.advance(2000);
        engine.preCommit(Map.of());
        assertThat(engine.buffered()).isZero();
        assertThat(engine.isPaused()).isFalse();
        assertThat(context.paused).isEmpty();
    }

    /**
     * What a worker did in 1 of 8 runs of an IT (Kafka 4.4, eager rebalance): the task, paused at its high
     * water mark, drained its buffer in the commit that precedes a revocation, when the consumer's assignment
     * is already empty, so its resume named no partition; the worker then paused the partitions it assigned
     * back, as its context still listed them as paused by the task. The task must not stay paused for ever.
     */
    @Test
    void aResumeThatFellBetweenRevocationAndAssignmentIsNotLost() {
        SinkEngine engine = engine(Map.of(SinkConfig.BATCH_MAX_RECORDS, "100", SinkConfig.BUFFER_MAX_RECORDS, "100"));
        engine.open(List.of(P0, P1));
        script.failWith(Failure.retriable("503"), Long.MAX_VALUE);
        engine.put(records(P0, 0, 90));
        assertThat(context.paused).containsExactlyInAnyOrder(P0, P1);

        // the revocation: the assignment is already gone when the worker asks for the last commit
        context.assignment.clear();
        script.failure = null;
        clock.advance(2000);
        engine.preCommit(Map.of());
        engine.close(List.of(P0, P1));
        // the assignment: the worker pauses what its context still lists as paused, then opens
        context.assignment.add(P1);
        context.paused.retainAll(List.of(P1));
        engine.open(List.of(P1));
        engine.put(List.of());

        assertThat(engine.isPaused()).isFalse();
        assertThat(context.paused).as("partitions left paused").isEmpty();
    }

    @Test
    void neverHoldsMoreThanTheBufferAndSkipsRecordsHandedAgain() {
        SinkEngine engine = engine(Map.of(SinkConfig.BATCH_MAX_RECORDS, "10", SinkConfig.BUFFER_MAX_RECORDS, "20"));
        script.failWith(Failure.retriable("503"), Long.MAX_VALUE);
        List<SinkRecord> poll = records(P0, 0, 30);

        assertThatThrownBy(() -> engine.put(poll)).isInstanceOf(RetriableException.class);
        assertThat(engine.buffered()).isEqualTo(20);

        script.failure = null;
        clock.advance(2000);
        engine.put(poll); // the worker hands the same poll again
        engine.preCommit(Map.of());
        assertThat(script.deliveredCount()).isEqualTo(30);
        assertThat(script.duplicates()).isZero();
    }

    @Test
    void retriesWithBackoffUntilTheAppRecovers() {
        SinkEngine engine = engine(Map.of());
        script.failWith(Failure.retriable("503 Service Unavailable"), clock.millis() + 3000);
        engine.put(records(P0, 0, 10));
        assertThat(script.writeCalls.get()).isEqualTo(1);
        assertThat(engine.buffered()).isEqualTo(10);
        assertThat(context.timeout).isBetween(1L, 100L);

        int calls = script.writeCalls.get();
        engine.put(List.of()); // no time passed: still backing off, no new attempt
        assertThat(script.writeCalls.get()).isEqualTo(calls);

        for (int i = 0; i < 50 && engine.buffered() > 0; i++) {
            clock.advance(context.timeout);
            engine.put(List.of());
        }
        assertThat(script.rows("default")).hasSize(10);
        assertThat(context.reported).isEmpty();
    }

    @Test
    void givesUpAfterTheRetryTimeoutAndReportsTheBatch() {
        SinkEngine engine = engine(Map.of(SinkConfig.RETRY_TIMEOUT_MS, "5000"));
        script.failWith(Failure.retriable("503 Service Unavailable"), Long.MAX_VALUE);
        engine.put(records(P0, 0, 10));
        for (int i = 0; i < 200 && engine.buffered() > 0; i++) {
            clock.advance(Math.max(1, context.timeout));
            engine.put(List.of());
        }
        assertThat(engine.buffered()).isZero();
        assertThat(context.reported).hasSize(10);
        assertThat(context.reported.get(0).error().getMessage())
                .isEqualTo("still failing after retrying for 5000 ms (retry.timeout.ms): 503 Service Unavailable");
        assertThat(committed(engine.preCommit(Map.of()), P0)).isEqualTo(10);
    }

    @Test
    void aThrottleFreezesTheTargetForRetryAfterAndDoesNotCountAsFailure() {
        SinkEngine engine = engine(Map.of(SinkConfig.RETRY_TIMEOUT_MS, "1000"));
        script.failWith(ScriptedDestination.throttled(30_000), Long.MAX_VALUE);
        engine.put(records(P0, 0, 10));
        assertThat(script.writeCalls.get()).isEqualTo(1);
        assertThat(context.timeout).isGreaterThanOrEqualTo(30_000);

        clock.advance(29_000);
        engine.put(List.of());
        assertThat(script.writeCalls.get()).as("no call before Retry-After").isEqualTo(1);

        script.failure = null;
        clock.advance(context.timeout);
        engine.put(List.of());
        assertThat(script.rows("default")).hasSize(10);
        assertThat(context.reported)
                .as("a 30 s throttle is not a 1 s retry timeout")
                .isEmpty();
    }

    @Test
    void aFatalErrorFailsTheTaskWithTheReason() {
        SinkEngine engine = engine(Map.of());
        script.failWith(Failure.fatal("the credentials were revoked: create a new key"), Long.MAX_VALUE);
        assertThatThrownBy(() -> engine.put(records(P0, 0, 10)))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Scripted cannot be written to: the credentials were revoked: create a new key");

        // the worker's closing preCommit must not call the app again with the refused credentials
        int calls = script.writeCalls.get();
        clock.advance(60_000);
        engine.preCommit(Map.of());
        assertThat(script.writeCalls.get()).isEqualTo(calls);
    }

    @Test
    void bisectsARejectedBatchSoOnlyThePoisonRowIsReported() {
        SinkEngine engine = engine(Map.of(SinkConfig.BATCH_MAX_RECORDS, "64"));
        script.poison = row -> row.offset() == 37;
        engine.put(records(P0, 0, 64));

        assertThat(context.reported)
                .singleElement()
                .satisfies(r -> assertThat(r.record().kafkaOffset()).isEqualTo(37));
        assertThat(script.deliveredCount()).isEqualTo(63);
        assertThat(script.rows("default")).extracting(r -> r.offset()).isSorted();
        // one failed batch of 64, then two halves per level down to one row: at most 1 + 2 * log2(64) calls
        assertThat(script.writeCalls.get()).isLessThanOrEqualTo(13);
        assertThat(committed(engine.preCommit(Map.of()), P0)).isEqualTo(64);
    }

    @Test
    void aRefusedWriteOfOneRowRejectsThatRowWithoutBisectingTheBatch() {
        SinkEngine engine = engine(Map.of(SinkConfig.BATCH_MAX_RECORDS, "10"));
        script.rowsPerWrite = 1; // one message per call, as Slack
        script.failsSentRowsOnly = true;
        script.poison = row -> row.offset() == 3;
        engine.put(records(P0, 0, 10));
        long committed = committed(engine.preCommit(Map.of()), P0); // writes what a write left buffered

        assertThat(committed).isEqualTo(10);
        assertThat(context.reported).singleElement().satisfies(r -> {
            assertThat(r.record().kafkaOffset()).isEqualTo(3);
            assertThat(r.error()).hasMessage("the app refused the batch: row 3 is invalid");
        });
        assertThat(script.deliveredCount()).isEqualTo(9);
        assertThat(script.writeCalls.get())
                .as("one call per row, none for a bisection")
                .isEqualTo(10);
    }

    @Test
    void aRefusedWriteOfTheHeadRowsIsBisectedAmongThoseRowsOnly() {
        SinkEngine engine = engine(Map.of(SinkConfig.BATCH_MAX_RECORDS, "16"));
        script.rowsPerWrite = 4; // a digest of four
        script.failsSentRowsOnly = true;
        script.poison = row -> row.offset() == 5;
        engine.put(records(P0, 0, 16));
        long committed = committed(engine.preCommit(Map.of()), P0); // writes what a write left buffered

        assertThat(committed).isEqualTo(16);
        assertThat(context.reported)
                .singleElement()
                .satisfies(r -> assertThat(r.record().kafkaOffset()).isEqualTo(5));
        assertThat(script.deliveredCount()).isEqualTo(15);
        assertThat(script.rows("default")).extracting(r -> r.offset()).isSorted();
        // 0-3, 4-7 refused, 4-5 refused, 4, 5 rejected, 6-7, 8-11, 12-15
        assertThat(script.writeCalls.get()).isEqualTo(8);
    }

    @Test
    void withoutADeadLetterQueueARejectedRecordFailsTheTaskNamingIt() {
        context = new RecordingContext(false);
        SinkEngine engine = engine(Map.of());
        script.refuseRow = row -> row.offset() == 4;
        assertThatThrownBy(() -> engine.put(records(P1, 0, 10)))
                .isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("Record orders/1/4 was rejected by Scripted: the app refused this row.")
                .hasMessageContaining("errors.tolerance=all");
    }

    @Test
    void theDestinationHearsOfEachPartitionItIsGiven() {
        SinkEngine engine = engine(Map.of());

        engine.open(List.of(P0));
        engine.close(List.of(P0));
        engine.open(List.of(P0, P1));

        assertThat(script.opened).containsExactly(List.of(P0), List.of(P0, P1));
    }

    @Test
    void anAmbiguousWriteIsNotResentWhenTheAppStoredItsOffsets() {
        script.storesOffsets = true;
        SinkEngine engine = engine(Map.of());
        engine.open(List.of(P0));
        script.applyThenLose.set(1);
        engine.put(records(P0, 0, 10));

        assertThat(script.duplicates()).isZero();
        assertThat(script.deliveredCount()).isEqualTo(10);
        assertThat(engine.buffered()).isZero();
        assertThat(committed(engine.preCommit(Map.of()), P0)).isEqualTo(10);
    }

    @Test
    void anAmbiguousWriteIsResentWhenTheAppStoresNoOffsets() {
        SinkEngine engine = engine(Map.of());
        script.applyThenLose.set(1);
        engine.put(records(P0, 0, 10));
        clock.advance(2000);
        engine.put(List.of());
        assertThat(script.duplicates())
                .as("at-least-once without stored offsets")
                .isEqualTo(10);
    }

    @Test
    void onOpenRecordsTheAppAlreadyHoldsAreSkippedAndTheConsumerSeeksPastThem() {
        script.storesOffsets = true;
        SinkEngine first = engine(Map.of());
        first.open(List.of(P0));
        first.put(records(P0, 0, 10));
        // a crash before the commit: a new task gets the same records again
        RecordingContext fresh = new RecordingContext(true);
        context = fresh;
        SinkEngine second = engine(Map.of());
        second.open(List.of(P0));
        second.put(records(P0, 0, 15));
        second.preCommit(Map.of());

        assertThat(script.deliveredCount()).isEqualTo(15);
        assertThat(script.duplicates()).isZero();
        assertThat(fresh.seeks).containsEntry(P0, 10L);
    }

    @Test
    void neverCommitsPastWhatTheWorkerHasConsumed() {
        SinkEngine engine = engine(Map.of());
        engine.put(records(P0, 0, 10));
        Map<TopicPartition, OffsetAndMetadata> offsets = engine.preCommit(Map.of(P0, new OffsetAndMetadata(6)));
        assertThat(committed(offsets, P0)).isEqualTo(6);
        assertThat(committed(engine.preCommit(Map.of(P0, new OffsetAndMetadata(10))), P0))
                .isEqualTo(10);
    }

    @Test
    void nullValuesAreIgnoredDeletedOrFailAsConfigured() {
        SinkRecord tombstone = new SinkRecord(TOPIC, 0, null, "k", null, null, 3);

        SinkEngine ignoring = engine(Map.of());
        ignoring.put(List.of(tombstone));
        assertThat(ignoring.buffered()).isZero();
        assertThat(committed(ignoring.preCommit(Map.of()), P0)).isEqualTo(4);

        SinkEngine deleting = engine(Map.of(SinkConfig.NULL_VALUES, "delete"));
        deleting.put(List.of(tombstone));
        deleting.preCommit(Map.of());
        assertThat(script.rows("default"))
                .singleElement()
                .satisfies(row -> assertThat(row.isDelete()).isTrue());

        SinkEngine failing = engine(Map.of(SinkConfig.NULL_VALUES, "fail"));
        assertThatThrownBy(() -> failing.put(List.of(tombstone)))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Record orders/0/3 has a null value and behavior.on.null.values=fail");
    }

    @Test
    void aRecordLargerThanABatchGoesToTheDeadLetterQueue() {
        SinkEngine engine = engine(Map.of(SinkConfig.BATCH_MAX_BYTES, "1024"));
        engine.put(List.of(record(P0, 0, Map.of("text", "x".repeat(5000)))));
        assertThat(context.reported)
                .singleElement()
                .satisfies(r -> assertThat(r.error().getMessage())
                        .startsWith("the record is about ")
                        .endsWith("bytes, more than batch.max.bytes=1024"));
        assertThat(script.writeCalls.get()).isZero();
    }

    @Test
    void recordsThatCannotBeReadGoToTheDeadLetterQueueWithAReasonAndTheirNeighboursAreWritten() {
        SinkEngine engine = engine(Map.of(SinkConfig.STRING_JSON_ENABLED, "true"));
        org.apache.kafka.connect.data.Schema schema = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .field("id", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
                .build();
        java.util.Map<String, Object> unsupported = new HashMap<>(Map.of("when", new Object()));
        engine.put(List.of(
                record(P0, 0),
                new SinkRecord(TOPIC, 0, null, "k", null, "{\"id\": 1, oops", 1),
                new SinkRecord(TOPIC, 0, null, "k", schema, "not a struct", 2),
                record(P0, 3, unsupported),
                record(P0, 4)));
        engine.preCommit(Map.of());

        assertThat(context.reported).extracting(r -> r.record().kafkaOffset()).containsExactly(1L, 2L, 3L);
        assertThat(context.reported)
                .extracting(r -> r.error().getMessage())
                .allSatisfy(message -> assertThat(message).startsWith("the record could not be read: "));
        assertThat(context.reported.get(0).error().getMessage()).contains("value is not valid JSON");
        assertThat(context.reported.get(2).error().getMessage()).contains("unsupported value type Object");
        assertThat(script.rows("default")).extracting(r -> r.offset()).containsExactly(0L, 4L);
    }

    @Test
    void aRecordWithNoTargetGoesToTheDeadLetterQueue() {
        SinkEngine engine = engine(Map.of());
        engine.put(List.of(record(P0, 0, new HashMap<>(Map.of("target", "none")))));
        assertThat(context.reported)
                .singleElement()
                .satisfies(r -> assertThat(r.error().getMessage())
                        .isEqualTo("the record has no target: field 'target' names no known target"));
    }

    @Test
    void closingAPartitionDropsItsUnsentRowsWithoutCommittingThem() {
        SinkEngine engine = engine(Map.of());
        engine.put(records(P0, 0, 3));
        engine.put(records(P1, 0, 3));
        engine.close(List.of(P0));
        assertThat(engine.buffered()).isEqualTo(3);
        Map<TopicPartition, OffsetAndMetadata> offsets = engine.preCommit(Map.of());
        assertThat(offsets).doesNotContainKey(P0);
        assertThat(script.rows("default"))
                .allSatisfy(row -> assertThat(row.partition()).isEqualTo(1));
    }

    @Test
    void rowsAWriteDidNotTakeStayBufferedInOrderForTheNextWrite() {
        script.rowsPerWrite = 1;
        script.scopes = List.of(new QuotaScope("channel", 1, java.time.Duration.ofSeconds(1), 1));
        SinkEngine engine = engine(Map.of(SinkConfig.BATCH_MAX_RECORDS, "3"));
        engine.put(records(P0, 0, 3));
        assertThat(script.rows("default")).extracting(r -> r.offset()).containsExactly(0L);
        assertThat(engine.buffered()).isEqualTo(2);
        assertThat(committed(engine.preCommit(Map.of()), P0)).isEqualTo(1);

        clock.advance(1000);
        engine.put(List.of());
        clock.advance(1000);
        engine.put(List.of());
        assertThat(script.rows("default")).extracting(r -> r.offset()).containsExactly(0L, 1L, 2L);
        assertThat(script.writeCalls.get()).isEqualTo(3);
    }

    @Test
    void eachWriteTakesAPermitFromEveryQuotaScope() {
        script.scopes = List.of(QuotaScope.perMinute("workspace", 60, 2));
        SinkEngine engine = engine(Map.of(SinkConfig.BATCH_MAX_RECORDS, "1"));
        engine.put(records(P0, 0, 5));
        assertThat(script.writeCalls.get())
                .as("a burst of 2, then one a second")
                .isEqualTo(2);
        assertThat(context.timeout).isBetween(1L, 1000L);

        clock.advance(1000);
        engine.put(List.of());
        assertThat(script.writeCalls.get()).isEqualTo(3);
    }

    @Test
    void aFatalErrorFoundInPreCommitFailsTheNextPutAndOnlyWhatWasWrittenIsCommitted() {
        SinkEngine engine = engine(Map.of());
        engine.put(records(P0, 0, 10));
        engine.put(records(P0, 10, 3));
        script.failWith(Failure.fatal("the app revoked the credentials"), Long.MAX_VALUE);

        // the worker ignores what preCommit throws, so it does not throw: it commits what is settled
        assertThat(committed(engine.preCommit(Map.of()), P0)).isEqualTo(10);
        assertThatThrownBy(() -> engine.put(List.of()))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Scripted cannot be written to: the app revoked the credentials");

        int calls = script.writeCalls.get();
        assertThatThrownBy(() -> engine.put(records(P0, 13, 20))).hasMessageContaining("revoked");
        assertThat(committed(engine.preCommit(Map.of()), P0)).isEqualTo(10);
        assertThat(script.writeCalls.get())
                .as("nothing is sent after a fatal error")
                .isEqualTo(calls);
    }

    @Test
    void aRecordThatCannotBeRejectedWithoutADeadLetterQueueFailsTheNextPutWhenFoundInPreCommit() {
        context = new RecordingContext(false);
        SinkEngine engine = engine(Map.of());
        script.refuseRow = row -> row.offset() == 1;
        engine.put(records(P0, 0, 3));

        assertThat(engine.preCommit(Map.of())
                        .getOrDefault(P0, new OffsetAndMetadata(0))
                        .offset())
                .isLessThanOrEqualTo(1);
        assertThatThrownBy(() -> engine.put(List.of()))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("Record orders/0/1 was rejected by Scripted: the app refused this row");
    }

    @Test
    void aThrottledReadOfTheStoredOffsetsWaitsAsLongAsItsRetryAfterSaysAndWritesNothingMeanwhile() {
        script.storesOffsets = true;
        script.storedOffsetsFailure = Failure.throttled("history budget spent", Duration.ofSeconds(60));
        SinkEngine engine = engine(Map.of());
        engine.open(List.of(P0));
        engine.put(records(P0, 0, 3));

        assertThat(script.deliveredCount()).isZero();
        assertThat(context.timeout)
                .as("the next read is asked for when the app allows it")
                .isEqualTo(60_000);

        script.storedOffsetsFailure = null;
        clock.advance(59_000);
        engine.put(List.of());
        assertThat(script.deliveredCount()).as("not before the Retry-After").isZero();

        clock.advance(1_000);
        engine.put(List.of());
        assertThat(script.deliveredCount()).isEqualTo(3);
    }

    @Test
    void rowsBufferedWhileTheStoredOffsetsCouldNotBeReadAreDroppedAndSettledOnceTheyAreRead() {
        script.storesOffsets = true;
        SinkEngine first = engine(Map.of());
        first.open(List.of(P0));
        first.put(records(P0, 0, 10));
        // a crash before the commit; the new task cannot read the app's offsets for a minute
        context = new RecordingContext(true);
        script.storedOffsetsFailure = Failure.throttled("history budget spent", Duration.ofSeconds(60));
        SinkEngine second = engine(Map.of());
        second.open(List.of(P0));
        second.put(records(P0, 0, 15));
        assertThat(second.buffered())
                .as("held, not written, while the floors are unknown")
                .isEqualTo(15);
        assertThat(committed(second.preCommit(Map.of()), P0)).isZero();

        script.storedOffsetsFailure = null;
        clock.advance(60_000);
        second.put(List.of());
        assertThat(second.buffered()).isZero();
        assertThat(script.deliveredCount()).isEqualTo(15);
        assertThat(script.duplicates())
                .as("the rows the app held were dropped, not resent")
                .isZero();
        assertThat(committed(second.preCommit(Map.of()), P0))
                .as("and settled: their offsets pass")
                .isEqualTo(15);
    }

    @Test
    void aFailedReadOfTheStoredOffsetsIsTriedAgainWithBackoffAndNothingIsWrittenMeanwhile() {
        script.storesOffsets = true;
        script.storedOffsetsFailure = Failure.retriable("503 from the metadata read");
        SinkEngine engine = engine(Map.of(SinkConfig.BATCH_LINGER_MS, "0"));
        engine.open(List.of(P0));
        engine.put(records(P0, 0, 3));
        assertThat(script.deliveredCount()).isZero();
        assertThat(context.timeout).as("woken within the first backoff step").isBetween(1L, 100L);

        for (int i = 0; i < 5; i++) {
            clock.advance(context.timeout);
            engine.put(List.of());
        }
        assertThat(script.deliveredCount()).isZero();
        assertThat(engine.buffered()).isEqualTo(3);

        script.storedOffsetsFailure = null;
        clock.advance(context.timeout);
        engine.put(List.of());
        assertThat(script.deliveredCount()).isEqualTo(3);
        assertThat(engine.buffered()).isZero();
    }

    @Test
    void aFatalErrorReadingStoredOffsetsInOpenFailsOpenAndEveryLaterPut() {
        script.storesOffsets = true;
        script.storedOffsetsFailure = Failure.fatal("the spreadsheet was deleted");
        SinkEngine engine = engine(Map.of());

        assertThatThrownBy(() -> engine.open(List.of(P0)))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Scripted cannot read its stored offsets: the spreadsheet was deleted");
        assertThatThrownBy(() -> engine.put(records(P0, 0, 1))).hasMessageContaining("the spreadsheet was deleted");
    }

    @Test
    void aRejectedRecordsOffsetPassesOnlyOnceItsDeadLetterReportCompleted() {
        SinkEngine engine = engine(Map.of());
        CompletableFuture<Void> report = new CompletableFuture<>();
        context.reportOutcome = record -> report;
        script.refuseRow = row -> row.offset() == 1;
        engine.put(records(P0, 0, 3));

        assertThat(committed(engine.preCommit(Map.of()), P0))
                .as("the report is still under way")
                .isEqualTo(1);
        report.complete(null);
        assertThat(committed(engine.preCommit(Map.of()), P0)).isEqualTo(3);
    }

    @Test
    void aDeadLetterWriteThatFailsFailsTheTaskNamingTheRecordAndTheSettingToRaise() {
        SinkEngine engine = engine(Map.of());
        CompletableFuture<Void> report = new CompletableFuture<>();
        context.reportOutcome = record -> report;
        script.refuseRow = row -> row.offset() == 1;
        engine.put(records(P0, 0, 3));
        report.completeExceptionally(
                new RecordTooLargeException("The message is 5000 bytes when serialized which is larger "
                        + "than 2000, which is the value of the max.request.size configuration."));

        assertThat(committed(engine.preCommit(Map.of()), P0))
                .as("never past the record that is nowhere")
                .isEqualTo(1);
        assertThatThrownBy(() -> engine.put(List.of()))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining(
                        "Record orders/0/1 was rejected by Scripted but could not be written to the dead-letter queue")
                .hasMessageContaining("RecordTooLargeException")
                .hasMessageContaining("producer.override.max.request.size");
    }

    @Test
    void theStateOfTargetsThatWentIdleIsForgottenSoItStaysBounded() {
        script.scopesOf = target -> List.of(QuotaScope.perMinute("scope:" + target, 60, 1));
        SinkEngine engine = engine(Map.of(SinkConfig.BATCH_LINGER_MS, "0"));
        int most = 0;
        for (int i = 0; i < 100_000; i++) {
            engine.put(List.of(record(P0, i, new HashMap<>(Map.of("id", i, "target", "t" + i)))));
            clock.advance(1_000);
            most = Math.max(most, engine.targets());
        }
        assertThat(script.deliveredCount()).isEqualTo(100_000);
        // ten minutes of targets at one a second, plus one housekeeping interval
        long window = (SinkEngine.TARGET_IDLE_MS + SinkEngine.HOUSEKEEPING_INTERVAL_MS) / 1_000;
        assertThat(most).isLessThanOrEqualTo((int) window + 1);
        // what a housekeeping interval adds at one new target a second, and nothing older: the rest was forgotten
        assertThat(engine.heldState())
                .as("quota scopes refilled within a second are forgotten at each housekeeping")
                .isLessThanOrEqualTo((int) (SinkEngine.HOUSEKEEPING_INTERVAL_MS / 1_000) + 1);
        assertThat(script.forgottenTargets.get()).isGreaterThanOrEqualTo(100_000 - (int) window - 1);
    }
}
