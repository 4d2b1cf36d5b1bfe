package dev.outflow.connect.core.api.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import dev.outflow.connect.core.api.MetadataField;

/**
 * The keys every Outflow connector shares (DESIGN.md 3.2 to 3.4), declared once. A destination's
 * own keys are added to {@link #configDef()} by the connector.
 */
public final class SinkConfig extends AbstractConfig {

    public static final String ROW_GROUP = "Rows";
    public static final String BATCH_GROUP = "Batching";
    public static final String RETRY_GROUP = "Retries";
    public static final String RECEIPTS_GROUP = "Receipts";

    public static final String FLATTEN_MAX_DEPTH = "row.flatten.max.depth";
    public static final String STRING_JSON_ENABLED = "row.string.json.enabled";
    public static final String METADATA_FIELDS = "row.metadata.fields";
    public static final String NULL_VALUES = "behavior.on.null.values";

    public static final String BATCH_MAX_RECORDS = "batch.max.records";
    public static final String BATCH_MAX_BYTES = "batch.max.bytes";
    public static final String BATCH_LINGER_MS = "batch.linger.ms";
    public static final String BUFFER_MAX_RECORDS = "buffer.max.records";

    public static final String RETRY_TIMEOUT_MS = "retry.timeout.ms";
    public static final String RETRY_BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";

    public static final String RECEIPTS_TOPIC = "receipts.topic";
    public static final String RECEIPTS_BOOTSTRAP_SERVERS = "receipts.bootstrap.servers";
    public static final String RECEIPTS_BUFFER_MAX_RECORDS = "receipts.buffer.max.records";
    /** Kafka client settings for the receipts producer and read-back consumer: {@code receipts.kafka.security.protocol}. */
    public static final String RECEIPTS_KAFKA_PREFIX = "receipts.kafka.";
    /** Client settings the task sets itself, which {@link #RECEIPTS_KAFKA_PREFIX} may not override. */
    static final Set<String> RECEIPTS_FIXED_CLIENT_KEYS = Set.of(
            "bootstrap.servers",
            "key.serializer",
            "value.serializer",
            "key.deserializer",
            "value.deserializer",
            "enable.idempotence",
            "acks");

    /**
     * How many tasks the connector runs, set by the connector in each task's config (never by a
     * user, so not declared): quota scopes are divided among them.
     */
    public static final String TASK_COUNT = "outflow.task.count";
    /** The task's number among them, as the worker numbers tasks (set by the connector like {@link #TASK_COUNT}). */
    public static final String TASK_INDEX = "outflow.task.index";

    /** What a record with a null value (a tombstone) means. */
    public enum NullValues {
        /** Skipped on purpose: its offset is committed, nothing is written. */
        IGNORE,
        /** Passed to the destination as a delete of the row or message with the same key. */
        DELETE,
        /** The task fails, naming the record's topic/partition/offset. */
        FAIL;

        static final String[] NAMES = EnumNames.of(values());
    }

    private static final ConfigDef CONFIG_DEF = define(new ConfigDef());

    public SinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    /** Parses with a connector's full definition, so a destination's own defaults for shared keys apply. */
    public SinkConfig(ConfigDef definition, Map<?, ?> props) {
        super(definition, props);
    }

    /** A fresh copy of the shared keys. */
    public static ConfigDef configDef() {
        return define(new ConfigDef());
    }

    /**
     * The shared keys and a destination's keys as one definition. A destination may declare a
     * shared key again to give it another default or range (Sheets keeps batches under Google's
     * request size); its declaration then replaces the shared one.
     */
    public static ConfigDef withDestinationKeys(ConfigDef destinationKeys) {
        ConfigDef merged = new ConfigDef();
        configDef().configKeys().values().stream()
                .filter(key -> !destinationKeys.configKeys().containsKey(key.name))
                .forEach(merged::define);
        destinationKeys.configKeys().values().forEach(merged::define);
        return merged;
    }

    private static ConfigDef define(ConfigDef def) {
        int order = 0;
        def.define(
                FLATTEN_MAX_DEPTH,
                Type.INT,
                3,
                Range.between(0, 16),
                Importance.LOW,
                "How many levels of nested structs and maps flatten into 'parent.child' fields. "
                        + "Deeper values, and every array, become JSON text.",
                ROW_GROUP,
                ++order,
                Width.SHORT,
                "Flatten depth");
        def.define(
                STRING_JSON_ENABLED,
                Type.BOOLEAN,
                false,
                Importance.MEDIUM,
                "Parse record values that are strings as JSON. Off: a string value is one field named 'value'. "
                        + "On: a JSON object becomes fields; malformed JSON goes to the dead-letter queue.",
                ROW_GROUP,
                ++order,
                Width.SHORT,
                "Parse JSON strings");
        def.define(
                METADATA_FIELDS,
                Type.LIST,
                "",
                ConfigDef.ValidList.in(metadataNames()),
                Importance.LOW,
                "Kafka metadata to add to each row as extra fields: topic (_topic), partition (_partition), "
                        + "offset (_offset), timestamp (_timestamp), key (_key, or _key.<field>), headers (_header.<name>).",
                ROW_GROUP,
                ++order,
                Width.LONG,
                "Metadata fields",
                List.of(),
                KeyRecommender.values(metadataNames()));
        def.define(
                NULL_VALUES,
                Type.STRING,
                "ignore",
                ConfigDef.CaseInsensitiveValidString.in(NullValues.NAMES),
                Importance.MEDIUM,
                "What a record with a null value (a tombstone) does: 'ignore' skips it, 'delete' deletes the row "
                        + "or message with the same key where the destination supports it, 'fail' fails the task.",
                ROW_GROUP,
                ++order,
                Width.SHORT,
                "Null values",
                List.of(),
                KeyRecommender.values(NullValues.NAMES));

        order = 0;
        def.define(
                BATCH_MAX_RECORDS,
                Type.INT,
                500,
                Range.between(1, 100_000),
                Importance.MEDIUM,
                "The most rows sent in one write. A target's buffer is flushed when it holds this many.",
                BATCH_GROUP,
                ++order,
                Width.SHORT,
                "Batch records");
        def.define(
                BATCH_MAX_BYTES,
                Type.INT,
                1_000_000,
                Range.between(1_024, 64 * 1024 * 1024),
                Importance.MEDIUM,
                "The most bytes (estimated) sent in one write. A single record larger than this goes to the dead-letter queue.",
                BATCH_GROUP,
                ++order,
                Width.SHORT,
                "Batch bytes");
        def.define(
                BATCH_LINGER_MS,
                Type.LONG,
                1_000L,
                Range.between(0, 3_600_000),
                Importance.MEDIUM,
                "How long a row may wait in the buffer for more rows before its batch is sent anyway.",
                BATCH_GROUP,
                ++order,
                Width.SHORT,
                "Linger");
        def.define(
                BUFFER_MAX_RECORDS,
                Type.INT,
                10_000,
                Range.between(1, 10_000_000),
                Importance.MEDIUM,
                "The most records a task holds unsent. At 90% the task pauses its partitions, at 50% it resumes them; "
                        + "records beyond the limit are handed back to the worker, which redelivers them.",
                BATCH_GROUP,
                ++order,
                Width.SHORT,
                "Buffer records");

        order = 0;
        def.define(
                RETRY_TIMEOUT_MS,
                Type.LONG,
                300_000L,
                Range.atLeast(0),
                Importance.MEDIUM,
                "How long a batch that fails with retriable errors (429, 5xx, I/O) is retried before its records "
                        + "are treated as rejected (dead-letter queue, or task failure without one).",
                RETRY_GROUP,
                ++order,
                Width.SHORT,
                "Retry timeout");
        def.define(
                RETRY_BACKOFF_INITIAL_MS,
                Type.LONG,
                500L,
                Range.between(1, 3_600_000),
                Importance.LOW,
                "The first backoff after a retriable error; it doubles with each failure, with full jitter.",
                RETRY_GROUP,
                ++order,
                Width.SHORT,
                "Initial backoff");
        def.define(
                RETRY_BACKOFF_MAX_MS,
                Type.LONG,
                30_000L,
                Range.between(1, 3_600_000),
                Importance.LOW,
                "The longest backoff between two attempts.",
                RETRY_GROUP,
                ++order,
                Width.SHORT,
                "Maximum backoff");

        order = 0;
        def.define(
                RECEIPTS_TOPIC,
                Type.STRING,
                "",
                new ConfigDef.NonNullValidator(),
                Importance.MEDIUM,
                "The Kafka topic that gets one receipt per input record once it is settled: its coordinates, "
                        + "whether it was written, rejected or skipped, and the app's ids. Empty: no receipts. "
                        + "The topic must exist (a compacted topic keeps one receipt per record).",
                RECEIPTS_GROUP,
                ++order,
                Width.LONG,
                "Receipts topic");
        def.define(
                RECEIPTS_BOOTSTRAP_SERVERS,
                Type.STRING,
                "",
                new ConfigDef.NonNullValidator(),
                Importance.MEDIUM,
                "The Kafka cluster of the receipts topic, as host:port pairs; required with " + RECEIPTS_TOPIC
                        + " (a task does not know its worker's). Other client settings (security, SASL) go under "
                        + RECEIPTS_KAFKA_PREFIX + ", e.g. " + RECEIPTS_KAFKA_PREFIX + "security.protocol.",
                RECEIPTS_GROUP,
                ++order,
                Width.LONG,
                "Receipts cluster");
        def.define(
                RECEIPTS_BUFFER_MAX_RECORDS,
                Type.INT,
                10_000,
                Range.between(1, 1_000_000),
                Importance.LOW,
                "The most receipts a task has sent and not yet seen acknowledged. While that many are in flight "
                        + "nothing more is written to the app; rows wait in the buffer.",
                RECEIPTS_GROUP,
                ++order,
                Width.SHORT,
                "Receipts in flight");
        return def;
    }

    private static String[] metadataNames() {
        return Arrays.stream(MetadataField.values())
                .map(MetadataField::configName)
                .toArray(String[]::new);
    }

    /** The rules between the shared keys, each message on every key involved (DESIGN.md 3.7). */
    public static final List<ConfigRule> RULES = List.of(
            ConfigRule.of(
                    c -> c.getInt(BUFFER_MAX_RECORDS) < c.getInt(BATCH_MAX_RECORDS)
                            ? BUFFER_MAX_RECORDS + " (" + c.getInt(BUFFER_MAX_RECORDS) + ") must be at least "
                                    + BATCH_MAX_RECORDS + " (" + c.getInt(BATCH_MAX_RECORDS)
                                    + "), or no batch could ever fill"
                            : null,
                    BUFFER_MAX_RECORDS,
                    BATCH_MAX_RECORDS),
            ConfigRule.of(
                    c -> c.getLong(RETRY_BACKOFF_MAX_MS) < c.getLong(RETRY_BACKOFF_INITIAL_MS)
                            ? RETRY_BACKOFF_MAX_MS + " must be at least " + RETRY_BACKOFF_INITIAL_MS
                            : null,
                    RETRY_BACKOFF_MAX_MS,
                    RETRY_BACKOFF_INITIAL_MS),
            ConfigRule.of(
                    c -> !c.getString(RECEIPTS_TOPIC).isBlank()
                                    && c.getString(RECEIPTS_BOOTSTRAP_SERVERS).isBlank()
                            ? RECEIPTS_TOPIC + " is set but " + RECEIPTS_BOOTSTRAP_SERVERS
                                    + " is empty: name the Kafka cluster of the receipts topic"
                            : null,
                    RECEIPTS_TOPIC,
                    RECEIPTS_BOOTSTRAP_SERVERS),
            ConfigRule.of(
                    c -> fixedClientKeysSet(c.originalsWithPrefix(RECEIPTS_KAFKA_PREFIX)),
                    RECEIPTS_TOPIC,
                    RECEIPTS_BOOTSTRAP_SERVERS));

    /** What is wrong with the receipts client settings: one the task sets itself; null when none. Never a value. */
    private static String fixedClientKeysSet(Map<String, Object> client) {
        List<String> fixed = client.keySet().stream()
                .filter(RECEIPTS_FIXED_CLIENT_KEYS::contains)
                .sorted()
                .map(key -> RECEIPTS_KAFKA_PREFIX + key)
                .toList();
        return fixed.isEmpty()
                ? null
                : String.join(", ", fixed) + " cannot be set: the task sets its receipts clients' "
                        + "serializers, idempotence and acks itself, and their servers from "
                        + RECEIPTS_BOOTSTRAP_SERVERS;
    }

    /** Parses the shared keys only, with their shared defaults, and checks their rules. */
    public static SinkConfig parse(Map<String, String> props) {
        return parse(CONFIG_DEF, props);
    }

    /**
     * Parses with a connector's full definition and checks the shared rules, for the task: the
     * connector's validate() has said the same earlier.
     */
    public static SinkConfig parse(ConfigDef definition, Map<String, String> props) {
        SinkConfig config = new SinkConfig(definition, props);
        ConfigRules.check(definition, RULES, props);
        return config;
    }

    /** The connector's task count, or 1 where no connector set it (a task started by a test). */
    public int taskCount() {
        Object count = originals().get(TASK_COUNT);
        return count == null ? 1 : Integer.parseInt(count.toString());
    }

    /** The task's number, or 0 where no connector set it. */
    public int taskIndex() {
        Object index = originals().get(TASK_INDEX);
        return index == null ? 0 : Integer.parseInt(index.toString());
    }

    /** The connector's name, from the config the connector handed its task. */
    public String connectorName() {
        return connectorName(originals(), "");
    }

    /**
     * The connector's name ({@code name}, which Connect sets in the config of a connector and of
     * its tasks), or {@code unnamed} where nothing set it (a task a test started).
     */
    public static String connectorName(Map<String, ?> props, String unnamed) {
        Object name = props.get("name");
        return name == null ? unnamed : name.toString();
    }

    public int flattenMaxDepth() {
        return getInt(FLATTEN_MAX_DEPTH);
    }

    public boolean stringJsonEnabled() {
        return getBoolean(STRING_JSON_ENABLED);
    }

    public Set<MetadataField> metadataFields() {
        Set<MetadataField> fields = EnumSet.noneOf(MetadataField.class);
        List<String> names = getList(METADATA_FIELDS);
        names.forEach(name -> fields.add(MetadataField.fromConfig(name)));
        return fields;
    }

    public NullValues nullValues() {
        return NullValues.valueOf(getString(NULL_VALUES).toUpperCase(Locale.ROOT));
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS);
    }

    public int batchMaxBytes() {
        return getInt(BATCH_MAX_BYTES);
    }

    public long batchLingerMs() {
        return getLong(BATCH_LINGER_MS);
    }

    public int bufferMaxRecords() {
        return getInt(BUFFER_MAX_RECORDS);
    }

    public long retryTimeoutMs() {
        return getLong(RETRY_TIMEOUT_MS);
    }

    public long retryBackoffInitialMs() {
        return getLong(RETRY_BACKOFF_INITIAL_MS);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS);
    }

    /** True when receipts are on: {@link #RECEIPTS_TOPIC} is set. */
    public boolean receiptsEnabled() {
        return !receiptsTopic().isBlank();
    }

    public String receiptsTopic() {
        return getString(RECEIPTS_TOPIC).trim();
    }

    public String receiptsBootstrapServers() {
        return getString(RECEIPTS_BOOTSTRAP_SERVERS).trim();
    }

    public int receiptsBufferMaxRecords() {
        return getInt(RECEIPTS_BUFFER_MAX_RECORDS);
    }

    /**
     * The Kafka client settings given under {@link #RECEIPTS_KAFKA_PREFIX}, prefix removed (a rule
     * refuses those the task sets itself). They may hold secrets: never log them.
     */
    public Map<String, Object> receiptsClientProps() {
        return originalsWithPrefix(RECEIPTS_KAFKA_PREFIX);
    }
}
