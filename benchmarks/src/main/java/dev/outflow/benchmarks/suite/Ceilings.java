package dev.outflow.benchmarks.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.outflow.benchmarks.noop.DeliveredCounts;
import dev.outflow.benchmarks.noop.DiscardingSinkConnector;
import dev.outflow.benchmarks.noop.FrameworkNoopSinkConnector;
import dev.outflow.connect.testkit.ConnectHarness;

/**
 * Scenario 1, the limits: how fast this machine reads the backlog with a plain KafkaConsumer, and
 * how fast the Connect worker hands it to a plain SinkTask that discards it (the ceiling the
 * connectors are compared to), and to a discarding destination on the framework (what the
 * framework adds). Each rate is measured from 10% to 90% of the backlog, so start-up, group joins
 * and JIT warm-up stay out; CPU per record is read over the same stretch.
 */
final class Ceilings {

    static final String SCENARIO = "1 ceilings";
    static final String PLAIN_SINK = "no-op sink (plain SinkTask)";

    private final ConnectHarness harness;
    private final Settings settings;
    private final String topic;
    private final Results results;
    private Ceiling plainSink;

    /** How fast a no-op sink went, and the CPU each record cost the whole JVM and the task thread on the way. */
    record Ceiling(double recordsPerSecond, double jvmMicrosPerRecord, double taskMicrosPerRecord) {}

    Ceilings(ConnectHarness harness, Settings settings, String topic, Results results) {
        this.harness = harness;
        this.settings = settings;
        this.topic = topic;
        this.results = results;
    }

    /** Runs the scenario; afterwards {@link #plainSink()} is the ceiling the connectors compare to. */
    void run() throws InterruptedException {
        long from = settings.records() / 10;
        long until = settings.records() * 9L / 10;
        double consumer = consumerRate(from, until);
        results.add(Figure.plain(SCENARIO, "plain KafkaConsumer", consumer, "records/s"));

        plainSink = sink("noop-plain", DiscardingSinkConnector.class.getName(), from, until);
        results.add(Figure.ratio(
                SCENARIO,
                PLAIN_SINK,
                plainSink.recordsPerSecond(),
                "records/s",
                consumer,
                "plain KafkaConsumer",
                null));
        results.add(Figure.plain(
                SCENARIO, PLAIN_SINK + ": CPU per record, whole JVM", plainSink.jvmMicrosPerRecord(), "µs/record"));
        results.add(Figure.plain(
                SCENARIO, PLAIN_SINK + ": CPU per record, task thread", plainSink.taskMicrosPerRecord(), "µs/record"));

        String framework = "no-op destination on connector-core";
        Ceiling onFramework = sink("noop-framework", FrameworkNoopSinkConnector.class.getName(), from, until);
        results.add(Figure.ratio(
                SCENARIO,
                framework,
                onFramework.recordsPerSecond(),
                "records/s",
                plainSink.recordsPerSecond(),
                PLAIN_SINK,
                null));
        results.add(Figure.ratio(
                SCENARIO,
                framework + ": CPU per record, task thread",
                onFramework.taskMicrosPerRecord(),
                "µs/record",
                plainSink.taskMicrosPerRecord(),
                PLAIN_SINK,
                null));
    }

    Ceiling plainSink() {
        return plainSink;
    }

    /** Reads every partition from the start, deserializing to bytes only: the broker and the client, nothing else. */
    private double consumerRate(long from, long until) {
        Map<String, Object> config = new HashMap<>();
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                harness.cluster().kafka().bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < settings.partitions(); p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            long startNanos = 0;
            long startCount = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (count < until) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the consumer read only " + count + " records in 2 minutes");
                }
                count += consumer.poll(Duration.ofMillis(200)).count();
                if (startNanos == 0 && count >= from) {
                    startNanos = System.nanoTime();
                    startCount = count;
                }
            }
            return (count - startCount) / ((System.nanoTime() - startNanos) / 1e9);
        }
    }

    private Ceiling sink(String name, String connectorClass, long from, long until) throws InterruptedException {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", connectorClass);
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put(DiscardingSinkConnector.COUNTER, name);
        results.setting(SCENARIO, name, config);
        AtomicLong delivered = DeliveredCounts.get(name);
        harness.configureConnector(name, config);
        try {
            RateProbe.Span<CpuTimes> span = RateProbe.measure(
                    delivered::get,
                    () -> CpuTimes.now(name, null),
                    from,
                    until,
                    Duration.ofMinutes(2),
                    Duration.ofMinutes(3));
            CpuTimes.PerRecord cpu = span.end().perRecordSince(span.start(), span.counted());
            return new Ceiling(span.perSecond(), cpu.jvm(), cpu.task());
        } finally {
            harness.cluster().deleteConnector(name);
        }
    }
}
