package dev.outflow.connect.core.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.errors.DataException;

import dev.outflow.connect.core.api.config.ConfigProblem;
import dev.outflow.connect.core.api.config.ConfigRule;

/**
 * The one class a new destination writes (DESIGN.md 3.1). The framework owns buffering,
 * batching, rate limiting, retries, the dead-letter queue and offsets; a destination only
 * knows how to talk to its app.
 *
 * <p>One instance serves one task, from {@link #start} to {@link #stop}, on the task's thread.
 */
public interface Destination {

    /** The target of destinations that write everything to one place. */
    String DEFAULT_TARGET = "default";

    /** The destination's own config keys; the framework adds its shared keys. */
    ConfigDef config();

    /** Builds the API client. Secrets are unwrapped here and nowhere else. */
    void start(Map<String, String> props);

    /**
     * Which target (a sheet tab, a channel) the row goes to. Throw {@link DataException} with a
     * payload-free reason when this row can have no target: it goes to the dead-letter queue.
     */
    default String route(Row row) {
        return DEFAULT_TARGET;
    }

    /**
     * The quotas a write to {@code target} draws on; each write takes one permit from each. A scope
     * is the app's whole budget: the framework divides it among the connector's tasks.
     */
    List<QuotaScope> quotaScopes(String target);

    /**
     * Delivers a batch, ideally in one API call. Returns which rows the app rejected; throws when
     * the batch failed as a whole, and {@link #classify} then says what that means. A write that
     * sent only the head of the batch (one message of many) and failed throws
     * {@link FirstRowsFailedException}: the failure then concerns those rows alone.
     */
    WriteResult write(String target, List<Row> rows) throws Exception;

    /**
     * Classifies an exception thrown by {@link #write} or {@link #storedOffsets}. The app's answers
     * are the destination's to read; {@link TransportFailures} reads I/O failures and
     * {@link RetryAfter} the {@code Retry-After} header.
     */
    Failure classify(Exception error);

    /** True when {@link #storedOffsets} reads offsets the app stored atomically with the data. */
    default boolean storesOffsets() {
        return false;
    }

    /**
     * The offsets the app recorded for these partitions (DESIGN.md 3.6). Called on
     * {@code open} and after an {@link ErrorClass#AMBIGUOUS} write, before anything is resent.
     */
    default StoredOffsets storedOffsets(Collection<TopicPartition> partitions) throws Exception {
        return StoredOffsets.none();
    }

    /**
     * The rules between this destination's keys (and the framework's), checked by
     * {@code Connector.validate()} together with every other problem, and when a task starts.
     */
    default List<ConfigRule> configRules() {
        return List.of();
    }

    /**
     * Checks, from {@code Connector.validate()}, that the credentials work and the targets are
     * reachable; returns what is wrong, key by key, with what to do about it. Runs only when every
     * key of {@link #accessCheckKeys} is valid, whatever is wrong elsewhere.
     */
    default List<ConfigProblem> checkAccess(Map<String, String> props) {
        return List.of();
    }

    /** The keys {@link #checkAccess} needs valid; by default all of the destination's own keys. */
    default Set<String> accessCheckKeys() {
        return config().names();
    }

    /**
     * Makes the offsets this destination stores in the app agree with offsets an operator set
     * through Connect's offsets REST API (KIP-875, DESIGN.md 3.6), so that a reset really resets.
     * Per partition, a null offset means "forget everything stored": the partition is consumed
     * from its new start and every record is written again; an offset {@code n} means "the next
     * record to write is {@code n}": nothing at or after {@code n} may count as stored any more.
     *
     * <p>Called on a fresh instance from the connector config alone: the connector is stopped and
     * {@link #start} has not run. It must be idempotent (the worker may call it again). Throw to
     * refuse the change: the worker then leaves the Kafka offsets as they were.
     */
    default void alterStoredOffsets(Map<String, String> props, Map<TopicPartition, Long> offsets) throws Exception {}

    /**
     * The framework dropped its state for {@code target}: nothing was buffered for it for a while.
     * A destination that keeps something per target (a tab's header, a channel's id) may forget it
     * too, so state stays bounded when records name ever new targets.
     */
    default void forgetTarget(String target) {}

    /**
     * The task now reads these partitions (after a start or a rebalance). Another task may have
     * written their records meanwhile: a destination that remembers what it wrote, to skip sending
     * it again, must not trust that memory for records of these partitions any more.
     */
    default void partitionsOpened(Collection<TopicPartition> partitions) {}

    /**
     * The task's metrics, for counters of the destination's own; called once, after {@link #start}
     * and before anything is written.
     */
    default void useMetrics(DestinationMetrics metrics) {}

    /** Releases the API client; a destination whose client holds nothing to release need not override it. */
    default void stop() {}
}
