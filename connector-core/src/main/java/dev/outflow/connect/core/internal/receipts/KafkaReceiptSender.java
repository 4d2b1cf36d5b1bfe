package dev.outflow.connect.core.internal.receipts;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;

import dev.outflow.connect.core.api.config.SinkConfig;

/** Receipts through an idempotent Kafka producer with {@code acks=all}. */
public final class KafkaReceiptSender implements ReceiptSender {

    /** A send waits this long at most for metadata or buffer space, unless the user says otherwise. */
    static final long DEFAULT_MAX_BLOCK_MS = 1_000;
    /** Kafka's default {@code delivery.timeout.ms}. */
    static final long DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public KafkaReceiptSender(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** The producer the receipts of one task go through, named after the connector and task. */
    public static KafkaReceiptSender create(SinkConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, DEFAULT_MAX_BLOCK_MS);
        props.putAll(config.receiptsClientProps());
        // consumer-only settings under receipts.kafka. (for the read-back) would only make the producer warn
        props.keySet().removeIf(key -> !ProducerConfig.configNames().contains(key));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.receiptsBootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(
                ProducerConfig.CLIENT_ID_CONFIG,
                "outflow-receipts-" + config.connectorName() + "-" + config.taskIndex());
        return new KafkaReceiptSender(
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()),
                config.receiptsTopic());
    }

    /**
     * How long a receipt the producer cannot take is tried again: the producer's own
     * {@code delivery.timeout.ms}, the time it gives a receipt it took.
     */
    public static long deliveryTimeoutMs(SinkConfig config) {
        Object configured = config.receiptsClientProps().get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        return configured == null ? DEFAULT_DELIVERY_TIMEOUT_MS : Long.parseLong(configured.toString());
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public int partitions() {
        List<PartitionInfo> partitions = producer.partitionsFor(topic);
        if (partitions == null || partitions.isEmpty()) {
            throw new ConnectException("The receipts topic " + topic + " has no partitions; it must exist");
        }
        return partitions.size();
    }

    @Override
    public Future<?> send(int partition, byte[] key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, partition, key, value));
    }

    @Override
    public void close(Duration timeout) {
        producer.close(timeout);
    }
}
