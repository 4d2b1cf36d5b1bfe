package dev.outflow.benchmarks.suite;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The records every scenario reads: an order as schemaless JSON (what JsonConverter without
 * schemas turns into a Map), 8 fields of the usual types, about 150 bytes. Record i goes to
 * partition i % partitions.
 */
final class BenchRecords {

    private static final String[] STATUS = {"paid", "shipped", "refunded", "pending"};
    private static final String[] COUNTRY = {"FR", "DE", "US", "JP", "BR"};

    private BenchRecords() {}

    static String value(long i) {
        return String.format(
                Locale.ROOT,
                "{\"id\":%d,\"customer\":\"c-%d\",\"amount\":%d.%02d,\"currency\":\"EUR\",\"paid\":%b,"
                        + "\"status\":\"%s\",\"created\":%d,\"country\":\"%s\"}",
                i,
                i % 9973,
                i % 1000,
                i % 100,
                i % 3 != 0,
                STATUS[(int) (i % STATUS.length)],
                1_714_571_100_000L + i * 1000,
                COUNTRY[(int) (i % COUNTRY.length)]);
    }

    static String example() {
        return value(42);
    }

    /**
     * Produces {@code count} records and waits until the broker has them all. Large batches: the
     * backlog is set-up, not a figure, and should take seconds.
     */
    static void produce(String bootstrapServers, String topic, int partitions, long firstId, int count) {
        produce(bootstrapServers, topic, partitions, firstId, count, BenchRecords::value);
    }

    /** As {@link #produce(String, String, int, long, int)}, with the value of record {@code i} given by {@code value}. */
    static void produce(
            String bootstrapServers,
            String topic,
            int partitions,
            long firstId,
            int count,
            LongFunction<String> value) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acked = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int n = 0; n < count && failure.get() == null; n++) {
                long id = firstId + n;
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                (int) (id % partitions),
                                null,
                                value.apply(id).getBytes(StandardCharsets.UTF_8)),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            } else {
                                acked.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null || acked.get() != count) {
            throw new IllegalStateException(
                    "the benchmark records could not all be produced (" + acked.get() + " of " + count + ")",
                    failure.get());
        }
    }
}
