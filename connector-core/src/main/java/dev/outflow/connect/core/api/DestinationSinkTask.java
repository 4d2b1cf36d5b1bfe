package dev.outflow.connect.core.api;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.outflow.connect.core.api.config.ConfigRules;
import dev.outflow.connect.core.api.config.SinkConfig;
import dev.outflow.connect.core.internal.errors.DeadLetterRouter;
import dev.outflow.connect.core.internal.receipts.KafkaReceiptReader;
import dev.outflow.connect.core.internal.receipts.KafkaReceiptSender;
import dev.outflow.connect.core.internal.receipts.Receipts;
import dev.outflow.connect.core.internal.task.SinkEngine;

/**
 * The sink task every destination shares: {@code put}, {@code preCommit}, {@code open} and
 * {@code close} are written once, here, on a {@link SinkEngine}. A destination's task is a final
 * subclass that only names its {@link Destination}.
 */
public abstract class DestinationSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(DestinationSinkTask.class);

    private final Supplier<? extends Destination> destinations;
    private final Clock clock;
    private final RandomGenerator random;
    private Destination destination;
    private SinkEngine engine;

    protected DestinationSinkTask(Supplier<? extends Destination> destinations) {
        this(destinations, Clock.systemUTC(), RandomGenerator.getDefault());
    }

    /** For tests: a clock they move and a seeded random source, so no test needs to sleep. */
    protected DestinationSinkTask(Supplier<? extends Destination> destinations, Clock clock, RandomGenerator random) {
        this.destinations = Objects.requireNonNull(destinations, "destinations");
        this.clock = clock;
        this.random = random;
    }

    @Override
    public String version() {
        return Versions.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        destination = destinations.get();
        ConfigDef definition = SinkConfig.withDestinationKeys(destination.config());
        SinkConfig config = SinkConfig.parse(definition, props);
        ConfigRules.check(definition, destination.configRules(), props);
        String name = getClass().getSimpleName();
        destination.start(props);
        Receipts receipts = receipts(config, name);
        engine = new SinkEngine(
                destination,
                name,
                config,
                context,
                clock,
                random,
                new DeadLetterRouter(reporter(), name, config.connectorName(), clock),
                receipts);
        log.info("{} started", name);
    }

    private Receipts receipts(SinkConfig config, String name) {
        if (!config.receiptsEnabled()) {
            return Receipts.off(clock);
        }
        KafkaReceiptSender sender = KafkaReceiptSender.create(config);
        log.info(
                "{} writes a receipt of every record to {} (at most {} in flight)",
                name,
                sender.topic(),
                config.receiptsBufferMaxRecords());
        return new Receipts(
                sender,
                KafkaReceiptReader.create(config, clock),
                config.receiptsBufferMaxRecords(),
                KafkaReceiptSender.deliveryTimeoutMs(config),
                clock);
    }

    private ErrantRecordReporter reporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6: rejected records fail the task instead
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        engine.open(partitions);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        engine.put(records);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        return engine.preCommit(currentOffsets);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        engine.close(partitions);
    }

    @Override
    public void stop() {
        if (engine != null) {
            engine.stop();
        }
        if (destination != null) {
            destination.stop();
        }
        log.info("{} stopped", getClass().getSimpleName());
    }

    /** For tests: what the task still holds unsent. */
    int buffered() {
        return engine.buffered();
    }
}
