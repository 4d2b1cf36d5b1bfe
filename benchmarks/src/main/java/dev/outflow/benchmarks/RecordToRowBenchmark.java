package dev.outflow.benchmarks;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.outflow.connect.core.api.MetadataField;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.internal.batch.BufferedRow;
import dev.outflow.connect.core.internal.batch.TargetBuffer;
import dev.outflow.connect.core.internal.offsets.OffsetTracker;
import dev.outflow.connect.core.internal.offsets.OffsetTracker.Pending;
import dev.outflow.connect.core.internal.row.RowMapper;

/**
 * Records per second one thread takes through the framework's hot path, as a task's {@code put()}
 * does: track the record's offset, map it to a {@link Row} with {@link RowMapper#toRow}, buffer the
 * row for its target, then take the batch. Each invocation handles {@value #BATCH} distinct
 * pre-built records (10 fields each); the score is records/s.
 *
 * <ul>
 *   <li>{@code struct}: a Struct with a schema (Avro, Protobuf, JSON-with-schema converters):
 *       INT64, 3 STRING, INT32, FLOAT64, BOOLEAN, Decimal, Timestamp and an optional STRING that
 *       is null in half the records.</li>
 *   <li>{@code map}: the same data as a schemaless Map, with the Java types JsonConverter produces
 *       without schemas (Long, Double, String, Boolean, null).</li>
 *   <li>{@code json}: the same data as a JSON String, parsed because {@code parseJsonStrings} is on.</li>
 * </ul>
 *
 * {@code metadata} adds Kafka metadata fields to every row: none, or topic, partition and offset.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RecordToRowBenchmark {

    static final int BATCH = 1000;

    @Param({"none", "topic,partition,offset"})
    public String metadata;

    private RowMapper mapper;
    private SinkRecord[] structRecords;
    private SinkRecord[] mapRecords;
    private SinkRecord[] jsonRecords;

    static final Schema VALUE_SCHEMA = SchemaBuilder.struct()
            .name("dev.outflow.bench.Customer")
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("email", Schema.STRING_SCHEMA)
            .field("age", Schema.INT32_SCHEMA)
            .field("score", Schema.FLOAT64_SCHEMA)
            .field("active", Schema.BOOLEAN_SCHEMA)
            .field("balance", Decimal.schema(2))
            .field("created", Timestamp.SCHEMA)
            .field("country", Schema.STRING_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    @Setup(Level.Trial)
    public void setUp() {
        Set<MetadataField> fields = EnumSet.noneOf(MetadataField.class);
        if (!metadata.equals("none")) {
            for (String name : metadata.split(",")) {
                fields.add(MetadataField.fromConfig(name));
            }
        }
        mapper = new RowMapper(1, true, fields);
        structRecords = new SinkRecord[BATCH];
        mapRecords = new SinkRecord[BATCH];
        jsonRecords = new SinkRecord[BATCH];
        String[] countries = {"FR", "DE", "US", "JP", "BR"};
        for (int i = 0; i < BATCH; i++) {
            long id = 1_000_000L + i;
            String name = "Customer " + i;
            String email = "customer" + i + "@example.com";
            int age = 18 + i % 60;
            double score = i * 0.37;
            boolean active = i % 3 != 0;
            BigDecimal balance = BigDecimal.valueOf(i * 1234L, 2);
            long created = 1_714_571_100_000L + i * 1000L;
            String country = countries[i % countries.length];
            String note = i % 2 == 0 ? null : "note " + i;

            Struct struct = new Struct(VALUE_SCHEMA)
                    .put("id", id)
                    .put("name", name)
                    .put("email", email)
                    .put("age", age)
                    .put("score", score)
                    .put("active", active)
                    .put("balance", balance)
                    .put("created", new java.util.Date(created))
                    .put("country", country)
                    .put("note", note);
            structRecords[i] = record(i, VALUE_SCHEMA, struct);

            Map<String, Object> map = new LinkedHashMap<>();
            map.put("id", id);
            map.put("name", name);
            map.put("email", email);
            map.put("age", (long) age);
            map.put("score", score);
            map.put("active", active);
            map.put("balance", balance.doubleValue());
            map.put("created", created);
            map.put("country", country);
            map.put("note", note);
            mapRecords[i] = record(i, null, map);

            String json = String.format(
                    Locale.ROOT,
                    "{\"id\":%d,\"name\":\"%s\",\"email\":\"%s\",\"age\":%d,\"score\":%s,\"active\":%b,"
                            + "\"balance\":%s,\"created\":%d,\"country\":\"%s\",\"note\":%s}",
                    id,
                    name,
                    email,
                    age,
                    score,
                    active,
                    balance.toPlainString(),
                    created,
                    country,
                    note == null ? "null" : "\"" + note + "\"");
            jsonRecords[i] = record(i, null, json);
        }
        // fail fast, before measuring, if a record does not map as intended
        for (SinkRecord[] records : List.of(structRecords, mapRecords, jsonRecords)) {
            int expected = 10 + fields.size();
            int size = mapper.toRow(records[1]).size();
            if (size != expected) {
                throw new IllegalStateException("expected " + expected + " fields, got " + size);
            }
        }
    }

    private static SinkRecord record(int i, Schema schema, Object value) {
        return new SinkRecord(
                "customers",
                i % 6,
                Schema.STRING_SCHEMA,
                "customer-" + i,
                schema,
                value,
                10_000L + i,
                1_714_571_100_000L + i,
                TimestampType.CREATE_TIME);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<BufferedRow> struct() {
        return mapAll(structRecords);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<BufferedRow> map() {
        return mapAll(mapRecords);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<BufferedRow> json() {
        return mapAll(jsonRecords);
    }

    /** As {@code put()} does: track the offset, map the record, buffer the row for its target; then take the batch. */
    private List<BufferedRow> mapAll(SinkRecord[] records) {
        OffsetTracker offsets = new OffsetTracker();
        TargetBuffer buffer = new TargetBuffer("customers");
        RowMapper m = mapper;
        for (SinkRecord record : records) {
            Pending pending = offsets.track(
                    new TopicPartition(record.originalTopic(), record.originalKafkaPartition()),
                    record.originalKafkaOffset());
            buffer.add(new BufferedRow(m.toRow(record), pending, 0L));
        }
        return buffer.nextBatch(BATCH, Long.MAX_VALUE);
    }
}
