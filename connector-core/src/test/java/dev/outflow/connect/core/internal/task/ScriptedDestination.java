package dev.outflow.connect.core.internal.task;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.errors.DataException;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.api.Destination;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.FirstRowsFailedException;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.StoredOffsets;
import dev.outflow.connect.core.api.WriteResult;

/**
 * A destination for tests that an in-memory "app" ({@link Script}) stands behind: it can be told
 * to fail, to be slow, to reject given rows, to lose responses after applying a write, and to
 * store offsets with the data. Scripts are found by id so that tasks the worker creates share them.
 */
public final class ScriptedDestination implements Destination {

    public static final String SCRIPT_ID = "scripted.id";
    public static final String TOKEN = "scripted.token";

    /** What a failing write throws: it carries its own classification. */
    public static final class ScriptedException extends Exception {
        final Failure failure;

        ScriptedException(Failure failure) {
            super(failure.reason());
            this.failure = failure;
        }
    }

    /** The app behind the destination, shared by every task of one test. */
    public static final class Script {
        private static final Map<String, Script> BY_ID = new ConcurrentHashMap<>();

        final Clock clock;
        /** Rows matching this are refused, and with them the whole batch they are in. */
        public volatile Predicate<Row> poison = row -> false;
        /** Rows matching this are refused one by one, in a WriteResult. */
        public volatile Predicate<Row> refuseRow = row -> false;
        /** Every write fails with this until {@link #failUntilMs}. */
        public volatile Failure failure;

        public volatile long failUntilMs = Long.MAX_VALUE;
        /** Which targets {@link #failure} applies to. */
        public volatile Predicate<String> failingTargets = target -> true;
        /** This many next writes are applied, then answered with an AMBIGUOUS failure. */
        public final AtomicInteger applyThenLose = new AtomicInteger();
        /** The most rows one write takes; the rest stay buffered for the next write. */
        public volatile int rowsPerWrite = Integer.MAX_VALUE;
        /** A poison row refuses only the {@link #rowsPerWrite} rows sent, saying so with a FirstRowsFailedException. */
        public volatile boolean failsSentRowsOnly;
        /** How long each write takes. */
        public volatile long writeDelayMs;

        /** What the app answers for each row it writes (its ids, for the receipts); null: nothing. */
        public volatile Function<Row, AppReply> reply;

        public volatile boolean storesOffsets;
        /** The task plays a killed process: its next put fails and it commits nothing more. */
        public volatile boolean crashed;

        public volatile List<QuotaScope> scopes = List.of();
        /** The quota scopes of a target; by default {@link #scopes} for every target. */
        public volatile Function<String, List<QuotaScope>> scopesOf = target -> scopes;
        /** When set, reading the stored offsets fails with this. */
        public volatile Failure storedOffsetsFailure;
        /** Every alteration of the stored offsets by the offsets REST API, in order. */
        public final List<Map<TopicPartition, Long>> alterations = new java.util.concurrent.CopyOnWriteArrayList<>();

        public final AtomicInteger forgottenTargets = new AtomicInteger();
        /** Every {@code partitionsOpened} call's partitions, in order. */
        public final List<Collection<TopicPartition>> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

        public final AtomicInteger writeCalls = new AtomicInteger();
        public final AtomicInteger maxBuffered = new AtomicInteger();
        /** topic/partition/offset -> times written. */
        public final Map<String, Integer> delivered = new ConcurrentHashMap<>();
        /** target -> rows in write order. */
        public final Map<String, List<Row>> byTarget = new HashMap<>();

        private final Map<String, Map<TopicPartition, Long>> stored = new HashMap<>();

        public Script(Clock clock) {
            this.clock = clock;
        }

        public static Script register(String id, Clock clock) {
            Script script = new Script(clock);
            BY_ID.put(id, script);
            return script;
        }

        public static Script forId(String id) {
            Script script = BY_ID.get(id);
            if (script == null) {
                throw new IllegalStateException("no script registered as " + id);
            }
            return script;
        }

        public void failWith(Failure failure, long untilMs) {
            this.failUntilMs = untilMs;
            this.failure = failure;
        }

        public int deliveredCount() {
            return delivered.size();
        }

        public long duplicates() {
            return delivered.values().stream().filter(times -> times > 1).count();
        }

        public synchronized List<Row> rows(String target) {
            return new ArrayList<>(byTarget.getOrDefault(target, List.of()));
        }

        synchronized void apply(String target, List<Row> rows, Map<Integer, String> refused) {
            for (int i = 0; i < rows.size(); i++) {
                if (refused.containsKey(i)) {
                    continue;
                }
                Row row = rows.get(i);
                delivered.merge(row.coordinates(), 1, Integer::sum);
                byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(row);
                if (storesOffsets) {
                    stored.computeIfAbsent(target, t -> new HashMap<>())
                            .merge(row.topicPartition(), row.offset(), Math::max);
                }
            }
        }

        /** What the app stores for a partition, over all targets; null when nothing. */
        public synchronized Long storedOffset(TopicPartition tp) {
            return stored.values().stream()
                    .map(offsets -> offsets.get(tp))
                    .filter(java.util.Objects::nonNull)
                    .max(Long::compare)
                    .orElse(null);
        }

        /** The offsets REST API changed the Kafka offsets: forget, or lower below the new position, what the app stores. */
        synchronized void alter(Map<TopicPartition, Long> offsets) {
            alterations.add(new HashMap<>(offsets));
            offsets.forEach((tp, offset) -> stored.values().forEach(byPartition -> {
                if (offset == null || offset == 0) {
                    byPartition.remove(tp);
                } else {
                    byPartition.computeIfPresent(tp, (p, last) -> Math.min(last, offset - 1));
                }
            }));
        }

        synchronized StoredOffsets stored(Collection<TopicPartition> partitions) {
            Map<String, Map<TopicPartition, Long>> result = new HashMap<>();
            stored.forEach((target, offsets) -> offsets.forEach((tp, offset) -> {
                if (partitions.contains(tp)) {
                    result.computeIfAbsent(target, t -> new HashMap<>()).put(tp, offset);
                }
            }));
            return new StoredOffsets(result, true);
        }
    }

    private Script script;

    public ScriptedDestination() {}

    ScriptedDestination(Script script) {
        this.script = script;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define(
                        SCRIPT_ID,
                        ConfigDef.Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        ConfigDef.Importance.HIGH,
                        "Which test script plays the app.")
                .define(
                        TOKEN,
                        ConfigDef.Type.PASSWORD,
                        "",
                        ConfigDef.Importance.HIGH,
                        "A secret, to check it never leaks.");
    }

    @Override
    public void start(Map<String, String> props) {
        if (script == null) {
            script = Script.forId(props.get(SCRIPT_ID));
        }
    }

    /** A row with a "target" field goes there; a "target" of "none" has no target. */
    @Override
    public String route(Row row) {
        if (!row.has("target")) {
            return DEFAULT_TARGET;
        }
        String target = row.get("target").asText();
        if ("none".equals(target)) {
            throw new DataException("field 'target' names no known target");
        }
        return target;
    }

    @Override
    public List<QuotaScope> quotaScopes(String target) {
        return script.scopesOf.apply(target);
    }

    @Override
    public WriteResult write(String target, List<Row> rows) throws Exception {
        script.writeCalls.incrementAndGet();
        if (script.writeDelayMs > 0) {
            Thread.sleep(script.writeDelayMs); // plays a slow app
        }
        Failure failure = script.failure;
        if (failure != null && script.clock.millis() < script.failUntilMs && script.failingTargets.test(target)) {
            throw new ScriptedException(failure);
        }
        int sent = Math.min(rows.size(), script.rowsPerWrite);
        for (Row row : script.failsSentRowsOnly ? rows.subList(0, sent) : rows) {
            if (script.poison.test(row)) {
                ScriptedException refused = new ScriptedException(
                        Failure.rejected("the app refused the batch: row " + row.offset() + " is invalid"));
                throw script.failsSentRowsOnly ? new FirstRowsFailedException(sent, refused) : refused;
            }
        }
        Map<Integer, String> refused = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (script.refuseRow.test(rows.get(i))) {
                refused.put(i, "the app refused this row");
            }
        }
        int handled = Math.min(rows.size(), script.rowsPerWrite);
        rows = rows.subList(0, handled);
        refused.keySet().removeIf(i -> i >= handled);
        script.apply(target, rows, refused);
        if (script.applyThenLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ScriptedException(Failure.ambiguous("the response was lost after the request was sent"));
        }
        WriteResult result = handled == Integer.MAX_VALUE || script.rowsPerWrite == Integer.MAX_VALUE
                ? WriteResult.rejecting(refused)
                : WriteResult.firstRows(handled, refused);
        Function<Row, AppReply> reply = script.reply;
        if (reply == null) {
            return result;
        }
        Map<Integer, AppReply> replies = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            replies.put(i, reply.apply(rows.get(i)));
        }
        return result.withReplies(replies);
    }

    @Override
    public Failure classify(Exception error) {
        if (error instanceof ScriptedException scripted) {
            return scripted.failure;
        }
        return Failure.fatal("unexpected " + error.getClass().getSimpleName());
    }

    @Override
    public boolean storesOffsets() {
        return script.storesOffsets;
    }

    @Override
    public StoredOffsets storedOffsets(Collection<TopicPartition> partitions) throws ScriptedException {
        if (script.storedOffsetsFailure != null) {
            throw new ScriptedException(script.storedOffsetsFailure);
        }
        return script.stored(partitions);
    }

    @Override
    public void alterStoredOffsets(Map<String, String> props, Map<TopicPartition, Long> offsets) {
        Script.forId(props.get(SCRIPT_ID)).alter(offsets);
    }

    @Override
    public void forgetTarget(String target) {
        script.forgottenTargets.incrementAndGet();
    }

    @Override
    public void partitionsOpened(Collection<TopicPartition> partitions) {
        script.opened.add(List.copyOf(partitions));
    }

    @Override
    public void stop() {}

    /** For tests that name a throttle's wait. */
    static Failure throttled(long retryAfterMs) {
        return Failure.throttled("429 too many requests", Duration.ofMillis(retryAfterMs));
    }
}
