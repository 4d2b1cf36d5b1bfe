package dev.outflow.connect.core.internal.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.api.config.SinkConfig;
import dev.outflow.connect.core.internal.errors.DeadLetterRouter;
import dev.outflow.connect.core.internal.receipts.KafkaReceiptSender;
import dev.outflow.connect.core.internal.receipts.Receipt;
import dev.outflow.connect.core.internal.receipts.ReceiptReader;
import dev.outflow.connect.core.internal.receipts.Receipts;
import dev.outflow.connect.core.internal.task.ScriptedDestination.Script;
import dev.outflow.connect.testkit.ManualClock;

/** Receipts (DESIGN.md 3.8) as the engine writes them, to a {@link MockProducer} that acks when told. */
class SinkEngineReceiptsTest {

    private static final String TOPIC = "orders";
    private static final String RECEIPTS = "receipts";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualClock clock = new ManualClock(1_000_000);
    private final Script script = new Script(clock);
    private final RecordingContext context = new RecordingContext(true);
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(cluster(3), false, null, new ByteArraySerializer(), new ByteArraySerializer());
    /** What the receipts topic answers when read back; -1: no receipt of the partition. */
    private long receiptedUpTo = -1;

    private final AtomicInteger readBacks = new AtomicInteger();

    private static Cluster cluster(int partitions) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            infos.add(new PartitionInfo(RECEIPTS, p, node, new Node[] {node}, new Node[] {node}));
        }
        return new Cluster("test", List.of(node), infos, java.util.Set.of(), java.util.Set.of());
    }

    private SinkEngine engine(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "crm");
        props.put(SinkConfig.TASK_INDEX, "2");
        props.put(SinkConfig.BATCH_MAX_RECORDS, "10");
        props.put(SinkConfig.BATCH_LINGER_MS, "1000");
        props.put(SinkConfig.BUFFER_MAX_RECORDS, "100");
        props.put(SinkConfig.RETRY_BACKOFF_INITIAL_MS, "100");
        props.put(SinkConfig.RETRY_BACKOFF_MAX_MS, "1000");
        props.put(SinkConfig.RETRY_TIMEOUT_MS, "10000");
        props.put(SinkConfig.RECEIPTS_TOPIC, RECEIPTS);
        props.put(SinkConfig.RECEIPTS_BOOTSTRAP_SERVERS, "localhost:9092");
        props.putAll(overrides);
        context.assignment.add(P0);
        SinkConfig config = SinkConfig.parse(props);
        ReceiptReader reader = (input, atMost, partition) -> {
            readBacks.incrementAndGet();
            return Math.min(receiptedUpTo, atMost);
        };
        Receipts receipts = new Receipts(
                new KafkaReceiptSender(producer, RECEIPTS), reader, config.receiptsBufferMaxRecords(), 60_000, clock);
        return new SinkEngine(
                new ScriptedDestination(script),
                "Scripted",
                config,
                context,
                clock,
                new SplittableRandom(7),
                new DeadLetterRouter(context.errantRecordReporter(), "Scripted", "crm", clock),
                receipts);
    }

    private static SinkRecord record(long offset, Object value) {
        return new SinkRecord(TOPIC, 0, null, "k" + offset, null, value, offset);
    }

    private static List<SinkRecord> records(long from, int count) {
        List<SinkRecord> records = new ArrayList<>();
        for (long offset = from; offset < from + count; offset++) {
            records.add(record(offset, new HashMap<>(Map.of("id", offset))));
        }
        return records;
    }

    private static JsonNode value(ProducerRecord<byte[], byte[]> receipt) {
        try {
            return JSON.readTree(receipt.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<Long, JsonNode> receiptsByOffset() {
        Map<Long, JsonNode> byOffset = new HashMap<>();
        for (ProducerRecord<byte[], byte[]> receipt : producer.history()) {
            JsonNode value = value(receipt);
            assertThat(new String(receipt.key(), StandardCharsets.UTF_8))
                    .isEqualTo(TOPIC + "/0/" + value.get("offset").asLong());
            assertThat(byOffset.put(value.get("offset").asLong(), value))
                    .as("one receipt per record")
                    .isNull();
        }
        return byOffset;
    }

    private void ackAll() {
        while (producer.completeNext()) {
            // each call acknowledges the oldest receipt in flight
        }
    }

    private long committed(SinkEngine engine) {
        OffsetAndMetadata offset = engine.preCommit(Map.of()).get(P0);
        return offset == null ? 0 : offset.offset();
    }

    @Test
    void aWrittenRecordsReceiptCarriesTheAppsReplyAndWhereItCameFrom() {
        script.reply = row -> AppReply.of("tab", "Leads", "row", String.valueOf(row.offset() + 2));
        SinkEngine engine = engine(Map.of());
        engine.put(records(0, 10));
        ackAll();

        JsonNode receipt = receiptsByOffset().get(3L);
        assertThat(receipt.get("topic").asText()).isEqualTo(TOPIC);
        assertThat(receipt.get("partition").asInt()).isZero();
        assertThat(receipt.get("outcome").asText()).isEqualTo("written");
        assertThat(receipt.get("reason").isNull()).isTrue();
        assertThat(receipt.get("target").asText()).isEqualTo("default");
        assertThat(receipt.get("app").get("tab").asText()).isEqualTo("Leads");
        assertThat(receipt.get("app").get("row").asText()).isEqualTo("5");
        assertThat(receipt.get("connector").asText()).isEqualTo("crm");
        assertThat(receipt.get("task").asInt()).isEqualTo(2);
        assertThat(receipt.get("settled_at").asText()).isEqualTo(clock.instant().toString());
        assertThat(receipt.has("value")).as("no payload").isFalse();
        assertThat(producer.history())
                .extracting(ProducerRecord::partition)
                .as("one receipts partition for one input partition")
                .containsOnly(Receipt.receiptsPartition(P0, 3));
        assertThat(committed(engine)).isEqualTo(10);
    }

    @Test
    void aRejectedRecordsReceiptGivesTheDeadLetterReasonAndANullValueIsSkipped() {
        script.refuseRow = row -> row.offset() == 1;
        SinkEngine engine = engine(Map.of());
        List<SinkRecord> records = new ArrayList<>(records(0, 3));
        records.add(record(3, null));
        engine.put(records);
        engine.preCommit(Map.of());
        ackAll();

        Map<Long, JsonNode> receipts = receiptsByOffset();
        assertThat(receipts).containsOnlyKeys(0L, 1L, 2L, 3L);
        assertThat(receipts.get(1L).get("outcome").asText()).isEqualTo("rejected");
        assertThat(receipts.get(1L).get("reason").asText()).isEqualTo("the app refused this row");
        assertThat(receipts.get(1L).get("app").isNull()).isTrue();
        assertThat(context.reported)
                .singleElement()
                .satisfies(r -> assertThat(r.record().kafkaOffset()).isEqualTo(1));
        assertThat(receipts.get(3L).get("outcome").asText()).isEqualTo("skipped");
        assertThat(receipts.get(3L).get("reason").asText()).isEqualTo(SinkEngine.SKIPPED_NULL);
        assertThat(receipts.get(3L).get("target").isNull()).isTrue();
        assertThat(committed(engine)).isEqualTo(4);
    }

    @Test
    void anOffsetPassesOnlyOnceItsReceiptIsAcknowledged() {
        SinkEngine engine = engine(Map.of());
        engine.put(records(0, 10));
        assertThat(script.rows("default")).hasSize(10);
        assertThat(committed(engine)).as("written, receipts not acknowledged").isZero();

        producer.completeNext();
        producer.completeNext();
        assertThat(committed(engine)).isEqualTo(2);

        ackAll();
        assertThat(committed(engine)).isEqualTo(10);
    }

    @Test
    void aRejectedRecordNeedsBothItsDeadLetterReportAndItsReceipt() {
        java.util.concurrent.CompletableFuture<Void> report = new java.util.concurrent.CompletableFuture<>();
        context.reportOutcome = record -> report;
        script.refuseRow = row -> row.offset() == 0;
        SinkEngine engine = engine(Map.of());
        engine.put(records(0, 10));
        ackAll();
        assertThat(committed(engine))
                .as("receipt acknowledged, report not done")
                .isZero();

        report.complete(null);
        assertThat(committed(engine)).isEqualTo(10);
    }

    @Test
    void aReceiptThatFailsFailsTheTaskNamingTheRecordAndTheReceiptsTopicAndCommitsNothingPastIt() {
        SinkEngine engine = engine(Map.of());
        engine.put(records(0, 10));
        producer.completeNext();
        producer.errorNext(new NotEnoughReplicasException("not enough replicas"));
        ackAll();

        assertThat(committed(engine)).isEqualTo(1);
        assertThatThrownBy(() -> engine.put(List.of()))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("orders/0/1")
                .hasMessageContaining("receipts topic " + RECEIPTS)
                .hasMessageNotContaining("\"id\"");
    }

    @Test
    void aReceiptsClusterOutOfReachIsTriedAgainUntilTheDeliveryTimeoutThenFailsTheTask() {
        SinkEngine engine = engine(Map.of());
        producer.sendException = new org.apache.kafka.common.errors.TimeoutException("no metadata within max.block.ms");
        engine.put(records(0, 10));
        assertThat(producer.history()).isEmpty();
        assertThat(committed(engine)).isZero();

        clock.advance(30_000);
        producer.sendException = null;
        engine.put(List.of());
        assertThat(producer.history())
                .as("sent once the cluster answered, in order")
                .hasSize(10);
        ackAll();
        assertThat(committed(engine)).isEqualTo(10);

        producer.sendException = new org.apache.kafka.common.errors.TimeoutException("no metadata within max.block.ms");
        engine.put(records(10, 10));
        clock.advance(60_000);
        assertThatThrownBy(() -> engine.put(List.of()))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("orders/0/10")
                .hasMessageContaining("receipts topic " + RECEIPTS);
        assertThat(committed(engine)).isEqualTo(10);
    }

    @Test
    void whileTheReceiptsInFlightFillTheirBufferNothingMoreIsWritten() {
        SinkEngine engine = engine(Map.of(SinkConfig.RECEIPTS_BUFFER_MAX_RECORDS, "10"));
        engine.put(records(0, 10));
        assertThat(script.writeCalls.get()).isEqualTo(1);

        engine.put(records(10, 10));
        engine.preCommit(Map.of());
        assertThat(script.writeCalls.get()).as("10 receipts in flight").isEqualTo(1);
        assertThat(engine.buffered()).isEqualTo(10);
        assertThat(context.timeout).as("called again to see the acks").isEqualTo(SinkEngine.RECEIPT_CHECK_MS);

        ackAll();
        engine.put(List.of());
        assertThat(script.writeCalls.get()).isEqualTo(2);
        assertThat(engine.buffered()).isZero();
    }

    /** The app holds 0-9 (a crashed attempt wrote them); the receipts topic has receipts up to 6. */
    private SinkEngine afterACrash() {
        script.storesOffsets = true;
        SinkEngine crashed = new SinkEngine(
                new ScriptedDestination(script),
                "Scripted",
                SinkConfig.parse(Map.of()),
                context,
                clock,
                new SplittableRandom(7),
                new DeadLetterRouter(context.errantRecordReporter(), "Scripted", "crm", clock));
        crashed.open(List.of(P0));
        crashed.put(records(0, 10));
        crashed.preCommit(Map.of());
        assertThat(script.storedOffset(P0)).isEqualTo(9);
        receiptedUpTo = 6;
        SinkEngine engine = engine(Map.of());
        engine.open(List.of(P0));
        return engine;
    }

    @Test
    void recordsTheAppHeldAreSkippedSilentlyWhereReceiptedAndReceiptedAsWrittenWhereTheReceiptWasLost() {
        SinkEngine engine = afterACrash();
        engine.put(records(0, 13));
        engine.preCommit(Map.of());
        ackAll();

        Map<Long, JsonNode> receipts = receiptsByOffset();
        assertThat(receipts).containsOnlyKeys(7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(receipts.get(8L).get("outcome").asText()).isEqualTo("written");
        assertThat(receipts.get(8L).get("app").isNull()).isTrue();
        assertThat(receipts.get(8L).get("reason").asText()).isEqualTo(SinkEngine.WRITTEN_REPLY_LOST);
        assertThat(receipts.get(11L).get("reason").isNull()).isTrue();
        assertThat(readBacks.get()).as("read back once for the partition").isEqualTo(1);
        assertThat(context.seeks)
                .as("the consumer skips only what has a receipt")
                .containsEntry(P0, 7L);
        assertThat(script.deliveredCount()).isEqualTo(13);
        assertThat(script.duplicates()).isZero();
        assertThat(committed(engine)).isEqualTo(13);
    }

    @Test
    void aWriteWhoseAnswerWasLostButThatTheAppAppliedIsReceiptedAsWrittenWithoutAppIds() {
        script.storesOffsets = true;
        script.reply = row -> AppReply.of("row", String.valueOf(row.offset()));
        script.applyThenLose.set(1);
        SinkEngine engine = engine(Map.of());
        engine.open(List.of(P0));
        engine.put(records(0, 10));
        engine.preCommit(Map.of());
        ackAll();

        Map<Long, JsonNode> receipts = receiptsByOffset();
        assertThat(receipts).hasSize(10);
        assertThat(receipts.get(4L).get("outcome").asText()).isEqualTo("written");
        assertThat(receipts.get(4L).get("app").isNull()).isTrue();
        assertThat(receipts.get(4L).get("reason").asText()).isEqualTo(SinkEngine.WRITTEN_REPLY_LOST);
        assertThat(readBacks.get()).as("rows this task wrote need no read-back").isZero();
        assertThat(script.duplicates()).isZero();
        assertThat(committed(engine)).isEqualTo(10);
    }

    @Test
    void aReadBackThatFailsHoldsTheOffsetAndIsTriedAgain() {
        SinkEngine engine = afterACrash();
        AtomicInteger failures = new AtomicInteger(1);
        ReceiptReader failingOnce = (input, atMost, partition) -> {
            if (failures.getAndDecrement() > 0) {
                throw new org.apache.kafka.common.errors.TimeoutException("receipts cluster unreachable");
            }
            return 6;
        };
        engine = new SinkEngine(
                new ScriptedDestination(script),
                "Scripted",
                SinkConfig.parse(Map.of(
                        SinkConfig.RECEIPTS_TOPIC, RECEIPTS, SinkConfig.RECEIPTS_BOOTSTRAP_SERVERS, "localhost:9092")),
                context,
                clock,
                new SplittableRandom(7),
                new DeadLetterRouter(context.errantRecordReporter(), "Scripted", "crm", clock),
                new Receipts(new KafkaReceiptSender(producer, RECEIPTS), failingOnce, 100, 60_000, clock));
        engine.open(List.of(P0));
        engine.put(records(0, 10));
        assertThat(committed(engine)).isZero();

        clock.advance(2_000);
        engine.put(List.of());
        ackAll();
        assertThat(receiptsByOffset()).containsOnlyKeys(7L, 8L, 9L);
        assertThat(committed(engine)).isEqualTo(10);
    }
}
