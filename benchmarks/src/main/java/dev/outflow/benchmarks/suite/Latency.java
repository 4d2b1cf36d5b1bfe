package dev.outflow.benchmarks.suite;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.outflow.connect.testkit.ConnectHarness;

/**
 * Scenario 5: one record on an idle pipeline, from the producer's send until the emulator holds
 * it (a row in the sheet, a message in the channel), with every connector key at its default and
 * the emulators' real (unscaled) quotas. Trials start {@code period} apart, longer than the
 * connector's rate limiter needs to refill a permit, so no trial waits for a rate limit: that is
 * what "idle" means here. A first, unmeasured trial creates the tab and warms the clients.
 */
final class Latency {

    static final String SCENARIO = "5 latency";
    /** Sheets' default limiter refills a permit every 1.2 s (50 a minute); Slack's every second. */
    private static final Duration SHEETS_PERIOD = Duration.ofMillis(1300);

    private static final Duration SLACK_PERIOD = Duration.ofMillis(1100);

    private final ConnectHarness harness;
    private final Settings settings;
    private final Results results;

    Latency(ConnectHarness harness, Settings settings, Results results) {
        this.harness = harness;
        this.settings = settings;
        this.results = results;
    }

    void run() throws InterruptedException {
        try (Emulated.Sheets sheets = Emulated.Sheets.start()) {
            String topic = "latency-sheets";
            harness.createTopic(topic, 1);
            Map<String, String> config = sheets.connector(topic);
            results.setting(SCENARIO, "sheets connector", Emulated.forResults(config));
            results.setting(SCENARIO, "sheets emulator", "Google's default quota: 60 writes and 60 reads a minute");
            report("sheets", trials("latency-sheets", config, topic, () -> sheets.rows(topic), SHEETS_PERIOD));
        }
        try (Emulated.Slack slack = Emulated.Slack.start()) {
            String topic = "latency-slack";
            harness.createTopic(topic, 1);
            Map<String, String> config = slack.connector(topic);
            results.setting(SCENARIO, "slack connector", Emulated.forResults(config));
            results.setting(SCENARIO, "slack emulator", "Slack's limits: 1 message/s per channel, burst 3");
            report(
                    "slack",
                    trials(
                            "latency-slack",
                            config,
                            topic,
                            () -> slack.emulator().postCount(Emulated.SLACK_CHANNEL),
                            SLACK_PERIOD));
        }
        results.setting(
                SCENARIO,
                "trials",
                settings.latencyTrials() + " per destination, one every " + SHEETS_PERIOD.toMillis() + " ms (Sheets) / "
                        + SLACK_PERIOD.toMillis() + " ms (Slack)");
    }

    private void report(String destination, long[] nanos) {
        Arrays.sort(nanos);
        results.add(Figure.plain(SCENARIO, destination + " p50", percentile(nanos, 0.50) / 1e6, "ms"));
        results.add(Figure.plain(SCENARIO, destination + " p99", percentile(nanos, 0.99) / 1e6, "ms"));
    }

    /** Nearest rank: with fewer than 100 trials, p99 is the slowest. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private long[] trials(
            String connector, Map<String, String> config, String topic, LongSupplier visible, Duration period)
            throws InterruptedException {
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                harness.cluster().kafka().bootstrapServers());
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        long[] latencies = new long[settings.latencyTrials()];
        harness.configureConnector(connector, config);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            harness.awaitRunning(connector, 1);
            for (int trial = -1; trial < latencies.length; trial++) {
                long seen = visible.getAsLong();
                long started = System.nanoTime();
                producer.send(new ProducerRecord<>(
                        topic, BenchRecords.value(trial + 1).getBytes(StandardCharsets.UTF_8)));
                awaitAbove(visible, seen, trial < 0 ? Duration.ofSeconds(60) : Duration.ofSeconds(30));
                long took = System.nanoTime() - started;
                if (trial >= 0) {
                    latencies[trial] = took;
                }
                Thread.sleep(Math.max(0, (period.toNanos() - (System.nanoTime() - started)) / 1_000_000));
            }
        } finally {
            harness.cluster().deleteConnector(connector);
        }
        return latencies;
    }

    /** Polls every millisecond: the resolution of the figures. */
    private static void awaitAbove(LongSupplier visible, long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (visible.getAsLong() <= seen) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a record did not arrive within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(1);
        }
    }
}
