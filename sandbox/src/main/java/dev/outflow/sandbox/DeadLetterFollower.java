package dev.outflow.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every dead-letter queue, by the sandbox's naming convention (topics ending in {@code -dlq},
 * including those of connectors deployed later), into a {@link DeadLetterLog}.
 */
final class DeadLetterFollower implements AutoCloseable {

    static final Pattern TOPICS = Pattern.compile(".*-dlq");

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DeadLetterLog log;
    private final Thread thread;

    DeadLetterFollower(String bootstrapServers, DeadLetterLog log) {
        this.log = log;
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "outflow-sandbox-web-page",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        // a new connector's dead-letter queue is found within seconds, not the default 5 minutes
                        ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                        3_000),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        thread = new Thread(this::follow, "sandbox-dead-letters");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            consumer.subscribe(TOPICS);
            while (true) {
                consumer.poll(Duration.ofMillis(500)).forEach(log::add);
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
