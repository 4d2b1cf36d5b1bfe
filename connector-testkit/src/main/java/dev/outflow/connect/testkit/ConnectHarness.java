package dev.outflow.connect.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.apache.kafka.test.TestUtils;

/**
 * A real KRaft broker and real distributed Connect workers in this JVM, set up the way
 * REFERENCE.md found fast and reliable: service-loader plugin discovery, producers that keep
 * order and check every send, and waits on conditions instead of sleeps.
 */
public final class ConnectHarness implements AutoCloseable {

    /** How long a test waits for a condition before it fails. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(90);

    private final EmbeddedConnectCluster connect;

    private ConnectHarness(EmbeddedConnectCluster connect) {
        this.connect = connect;
    }

    /** Starts one broker and {@code workers} workers; {@code workerProps} add to or override the defaults. */
    public static ConnectHarness start(String name, int workers, Map<String, String> workerProps) {
        Map<String, String> props = new HashMap<>();
        props.put("plugin.discovery", "service_load");
        props.put("offset.flush.interval.ms", "1000");
        // a worker that leaves hands its connectors and tasks over within seconds, not the default five minutes
        props.put("scheduled.rebalance.max.delay.ms", "2000");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter.schemas.enable", "false");
        props.putAll(workerProps);
        // EmbeddedConnectCluster points every worker's REST listener at an ephemeral port when it
        // starts; a listener asked for here (a fixed port, for one worker) is put back into the map
        // the cluster keeps, before its workers start
        String listeners = props.get("listeners");
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder()
                .name(name)
                .numWorkers(listeners == null ? workers : 0)
                .numBrokers(1)
                .workerProps(props)
                .build();
        connect.start();
        if (listeners != null) {
            props.put("listeners", listeners);
            for (int i = 0; i < workers; i++) {
                connect.addWorker();
            }
        }
        return new ConnectHarness(connect);
    }

    public EmbeddedConnectCluster cluster() {
        return connect;
    }

    public void createTopic(String topic, int partitions) {
        connect.kafka().createTopic(topic, partitions);
    }

    /**
     * Produces {@code count} records, record i with key {@code keys.apply(i)} (may be null) and
     * value {@code values.apply(i)} (null for a tombstone), to partition {@code i % partitions}
     * so every partition gets a known share. Waits for every send and fails on any error.
     */
    public void produce(String topic, int partitions, int count, IntFunction<String> keys, IntFunction<String> values) {
        produce(connect.kafka(), topic, partitions, count, keys, values);
    }

    /** {@link #produce(String, int, int, IntFunction, IntFunction)} to a broker without workers of this harness. */
    public static void produce(
            EmbeddedKafkaCluster kafka,
            String topic,
            int partitions,
            int count,
            IntFunction<String> keys,
            IntFunction<String> values) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer = kafka.createProducer(config)) {
            List<Future<RecordMetadata>> sends = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                sends.add(producer.send(
                        new ProducerRecord<>(topic, i % partitions, bytes(keys.apply(i)), bytes(values.apply(i)))));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a test record could not be produced", e.getCause());
        }
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Adds to a connector config what routes its rejected records to a dead-letter queue on
     * {@code topic}, with the reason in the record's headers; returns the same map.
     */
    public static Map<String, String> withDeadLetterQueue(Map<String, String> config, String topic) {
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", topic);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        return config;
    }

    public void configureConnector(String name, Map<String, String> config) {
        connect.configureConnector(name, config);
    }

    /** Waits until the connector and exactly {@code tasks} tasks run. */
    public void awaitRunning(String connector, int tasks) throws InterruptedException {
        connect.assertions()
                .assertConnectorAndExactlyNumTasksAreRunning(connector, tasks, connector + " did not start");
    }

    /** Waits until some task of the connector has FAILED, and returns its trace. */
    public String awaitTaskFailure(String connector) throws InterruptedException {
        String[] trace = new String[1];
        await(connector + " has a failed task", () -> {
            ConnectorStateInfo status = connect.connectorStatus(connector);
            return status.tasks().stream()
                    .filter(t -> "FAILED".equals(t.state()))
                    .findFirst()
                    .map(t -> trace[0] = t.trace())
                    .isPresent();
        });
        return trace[0];
    }

    /** The task states of the connector, e.g. [RUNNING, RUNNING]. */
    public List<String> taskStates(String connector) {
        return connect.connectorStatus(connector).tasks().stream()
                .map(ConnectorStateInfo.AbstractState::state)
                .toList();
    }

    /** The offsets the worker committed for a sink connector's consumer group. */
    public Map<TopicPartition, Long> committedOffsets(String connector) {
        ConnectorOffsets offsets = connect.connectorOffsets(connector);
        Map<TopicPartition, Long> result = new HashMap<>();
        for (ConnectorOffset offset : offsets.offsets()) {
            Map<String, ?> partition = offset.partition();
            result.put(
                    new TopicPartition(
                            (String) partition.get("kafka_topic"),
                            ((Number) partition.get("kafka_partition")).intValue()),
                    ((Number) offset.offset().get("kafka_offset")).longValue());
        }
        return result;
    }

    /** The end offset of every partition of the topic. */
    public Map<TopicPartition, Long> endOffsets(String topic, int partitions) {
        Map<TopicPartition, Long> result = new HashMap<>();
        try {
            for (int p = 0; p < partitions; p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                result.put(tp, connect.kafka().endOffset(tp));
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not read the end offsets of " + topic, e);
        }
        return result;
    }

    /** A record read back from a topic (a dead-letter queue, typically), with its headers as text. */
    public record ReadRecord(String key, String value, Map<String, String> headers) {}

    /** Reads every record of the topic that is there now (waiting up to the default wait for at least {@code atLeast}). */
    public List<ReadRecord> readAll(String topic, int atLeast) throws InterruptedException {
        List<ReadRecord> read = new ArrayList<>();
        Map<String, Object> config = Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.GROUP_ID_CONFIG,
                "testkit-reader-" + System.nanoTime());
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumerAndSubscribeTo(config, topic)) {
            await(atLeast + " records in " + topic, () -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new HashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(
                                header.key(),
                                header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
                    }
                    read.add(new ReadRecord(text(record.key()), text(record.value()), headers));
                }
                return read.size() >= atLeast;
            });
        }
        return read;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Waits, polling, until the condition holds; fails the test after {@link #DEFAULT_WAIT}. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, DEFAULT_WAIT);
    }

    public static void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        TestUtils.waitForCondition(condition::getAsBoolean, timeout.toMillis(), "timed out waiting for: " + what);
    }

    public WorkerHandle addWorker() {
        return connect.addWorker();
    }

    public void removeWorker(WorkerHandle worker) {
        connect.removeWorker(worker);
    }

    public List<WorkerHandle> workers() {
        return new ArrayList<>(connect.workers());
    }

    @Override
    public void close() {
        connect.stop();
    }
}
