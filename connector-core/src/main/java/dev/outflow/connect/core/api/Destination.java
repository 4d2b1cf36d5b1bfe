package dev.outflow.connect.core.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.errors.DataException;

import dev.outflow.connect.core.row.Row;

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

    /** The quotas a write to {@code target} draws on; each write takes one permit from each. */
    List<QuotaScope> quotaScopes(String target);

    /**
     * Delivers a batch, ideally in one API call. Returns which rows the app rejected; throws when
     * the batch failed as a whole, and {@link #classify} then says what that means.
     */
    WriteResult write(String target, List<Row> rows) throws Exception;

    /** Classifies an exception thrown by {@link #write} or {@link #storedOffsets}. */
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
     * Checks, from {@code Connector.validate()}, that the credentials work and the targets are
     * reachable; returns what is wrong, key by key, with what to do about it.
     */
    default List<ConfigProblem> checkAccess(Map<String, String> props) {
        return List.of();
    }

    /** Releases the API client; a destination whose client holds nothing to release need not override it. */
    default void stop() {
    }
}
