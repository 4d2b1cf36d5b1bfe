package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.MetadataField;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.config.SinkConfig;
import dev.outflow.connect.core.internal.delivery.RateLimiter;
import dev.outflow.connect.core.internal.row.RowMapper;
import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.sheets.SheetsEmulator;

/**
 * The connector stays under Google's per-user quota, and two connectors that split a project's
 * quota by configuration stay under that, shown on one {@link ManualClock} rather than on the wall
 * clock (DESIGN.md 5: rates are measured in {@code benchmarks/}, never asserted against the
 * machine's speed). The emulator's quotas (Google's sliding minute) and the framework's {@link
 * RateLimiter} (as {@code SinkEngine} drives it: ask for a permit, and when told to wait, ask again
 * that much later) run on the same clock, and the test moves it by exactly what the limiter says, so
 * the outcome is the same on an idle machine and on a loaded one. Every request the destination
 * makes reaches the emulator's quota, including those outside the write budget (the access check,
 * each task's fence claim and read of its stored offsets, the read each write makes of its tab).
 *
 * <p>Requests take no time on this clock. What round trips of real length do to the timing is
 * measured by the benchmark suite (scenarios 3 and 3b: the emulator's 429s after the warm-up, goal
 * 0); the limiter's bound over every 60-second window, whatever the timing, is {@code
 * SheetsDestinationTest}'s. These tests replaced two wall-clock ITs of {@code SheetsSinkIT} and the
 * wall-clock count of 429s in {@code SheetsSharedProjectQuotaIT}.
 */
class SheetsQuotaOnOneClockTest {

    private static final String SHEET = "sheet-1";
    private static final String TAB = "steady";

    private final ManualClock clock = new ManualClock();
    private final RowMapper mapper = new RowMapper(3, false, EnumSet.noneOf(MetadataField.class));
    private final List<SheetsDestination> started = new ArrayList<>();
    private SheetsEmulator google;
    private String key;

    @BeforeEach
    void startGoogle() {
        google = new SheetsEmulator(clock);
        key = google.createServiceAccount("sink");
        google.createSpreadsheet(SHEET, google.serviceAccountEmail("sink"));
    }

    @AfterEach
    void stop() {
        started.forEach(SheetsDestination::stop);
        google.close();
    }

    private Map<String, String> props(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "sheets");
        props.put(SheetsConfig.SPREADSHEET_ID, SHEET);
        props.put(SheetsConfig.CREDENTIALS_JSON, key);
        props.put(SheetsConfig.ROOT_URL, google.rootUrl());
        props.putAll(extra);
        return props;
    }

    /** One task as the worker runs it: its destination, its limiter, its partitions and what they hold. */
    private final class Task {
        final SheetsDestination destination;
        final RateLimiter limiter;
        final List<TopicPartition> partitions;
        final List<List<Row>> batches = new ArrayList<>();

        Task(int index, int count, Map<String, String> extra, List<TopicPartition> partitions) throws Exception {
            Map<String, String> props = new HashMap<>(props(extra));
            props.put(SinkConfig.TASK_INDEX, String.valueOf(index));
            props.put(SinkConfig.TASK_COUNT, String.valueOf(count));
            destination = new SheetsDestination(clock);
            destination.start(props);
            started.add(destination);
            limiter = new RateLimiter(clock, new SplittableRandom(index), count);
            this.partitions = partitions;
            destination.storedOffsets(partitions); // what a task does when it is given its partitions
        }

        /**
         * After a fenced write, as the engine does: claims the fence again (its own only) and reads
         * the stored offsets; rows at or below them are not sent again.
         */
        void resume() throws Exception {
            Map<TopicPartition, Long> stored =
                    destination.storedOffsets(partitions).byTarget().getOrDefault(TAB, Map.of());
            for (List<Row> batch : batches) {
                batch.removeIf(
                        row -> row.offset() <= stored.getOrDefault(new TopicPartition(TAB, row.partition()), -1L));
            }
            batches.removeIf(List::isEmpty);
        }
    }

    /** Record i goes to partition i % partitions; each task batches its partitions' records in order. */
    private static void fill(List<Task> tasks, RowMapper mapper, int records, int partitions, int perBatch) {
        Map<Integer, Task> owner = new HashMap<>();
        tasks.forEach(task -> task.partitions.forEach(tp -> owner.put(tp.partition(), task)));
        Map<Task, List<Row>> pending = new HashMap<>();
        for (int i = 0; i < records; i++) {
            int partition = i % partitions;
            Task task = owner.get(partition);
            Row row = mapper.toRow(
                    new SinkRecord(TAB, partition, null, "k" + i, null, Map.of("id", (long) i), i / partitions));
            List<Row> batch = pending.computeIfAbsent(task, t -> new ArrayList<>());
            batch.add(row);
            if (batch.size() == perBatch) {
                task.batches.add(batch);
                pending.remove(task);
            }
        }
        pending.forEach((task, batch) -> task.batches.add(batch));
    }

    /** What the run showed: when it ended on the manual clock, and the 429s served before and after the first minute. */
    private record Run(Duration took, long rateLimitedInFirstMinute, long rateLimitedAfter, int refusedWrites) {}

    /**
     * Every task writes its batches, each when its limiter gives a permit; when none has one, the
     * clock moves to the earliest permit. A 429 freezes the task's limiter as the engine does (Google
     * sends no {@code Retry-After}: one second), and the batch is sent again. Each task's fence claim
     * at its start revokes those of the tasks that started before it, as on a Connect worker, so their
     * first writes are refused and they claim again.
     */
    private Run drain(List<Task> tasks) throws Exception {
        Instant start = clock.instant();
        Instant firstMinuteEnds = start.plus(Duration.ofMinutes(1));
        long rateLimitedInFirstMinute = -1;
        int refusedWrites = 0;
        while (tasks.stream().anyMatch(task -> !task.batches.isEmpty())) {
            long earliestMs = Long.MAX_VALUE;
            boolean wrote = false;
            for (Task task : tasks) {
                if (task.batches.isEmpty()) {
                    continue;
                }
                List<QuotaScope> scopes = task.destination.quotaScopes(TAB);
                long waitMs = task.limiter.tryAcquire(scopes);
                if (waitMs > 0) {
                    earliestMs = Math.min(earliestMs, waitMs);
                    continue;
                }
                if (rateLimitedInFirstMinute < 0 && !clock.instant().isBefore(firstMinuteEnds)) {
                    rateLimitedInFirstMinute = google.rateLimitedTotal();
                }
                try {
                    task.destination.write(TAB, task.batches.get(0));
                    task.batches.remove(0);
                } catch (Exception e) {
                    refusedWrites++;
                    Failure failure = task.destination.classify(e);
                    if (failure.throttled()) {
                        task.limiter.freeze(
                                scopes, failure.retryAfter() != null ? failure.retryAfter() : Duration.ofSeconds(1));
                    } else {
                        // a task that started later fenced this one: read what is stored, resend the rest
                        assertThat(e)
                                .as("only a 429 or a fence may fail a write here")
                                .isInstanceOf(FencedWriteException.class);
                        task.resume();
                    }
                }
                wrote = true;
            }
            if (!wrote && earliestMs != Long.MAX_VALUE) {
                clock.advance(earliestMs);
            }
        }
        long total = google.rateLimitedTotal();
        long inFirstMinute = rateLimitedInFirstMinute < 0 ? total : rateLimitedInFirstMinute;
        return new Run(Duration.between(start, clock.instant()), inFirstMinute, total - inFirstMinute, refusedWrites);
    }

    /** How many times each id is in the tab of {@code spreadsheet}. */
    private Map<Long, Integer> copiesById(String spreadsheet) {
        return SheetsTestSupport.copiesById(google, spreadsheet, TAB);
    }

    /** Was {@code SheetsSinkIT.aSteadyRunAtTheDefaultRateNeverDrawsA429}, which timed two minutes of wall clock. */
    @Test
    void aSteadyRunAtTheDefaultRateNeverDrawsA429() throws Exception {
        // Google's default quota (60 writes and 60 reads a minute per user), the connector at its default budget
        assertThat(new SheetsDestination().checkAccess(props(Map.of()))).isEmpty();
        Task task = new Task(0, 1, Map.of(), List.of(new TopicPartition(TAB, 0)));
        // 550 rows in batches of 5: 110 writes (and 110 reads) at the default 50 a minute, over two minutes
        fill(List.of(task), mapper, 550, 1, 5);

        Run run = drain(List.of(task));

        assertThat(google.rateLimitedTotal()).as("429s in the whole run").isZero();
        assertThat(copiesById(SHEET))
                .hasSize(550)
                .allSatisfy((id, copies) ->
                        assertThat(copies).as("copies of %d", id).isEqualTo(1));
        // the budget was used, not merely respected: one write at once, then 49 a minute (a second's worth kept in
        // hand)
        assertThat(run.took())
                .as("110 writes at the default budget")
                .isBetween(
                        Duration.ofMillis(109 * 60_000L / 49 - 1_000), Duration.ofMillis(109 * 60_000L / 49 + 1_000));
    }

    /**
     * Was {@code SheetsSinkIT.fourTasksOnOneCredentialShareItsQuotaAndDrawNo429OnceWarmedUp}, which
     * waited out a warm-up minute of wall clock. Four tasks, one service account, the connector's
     * budget the whole per-user quota (240 a minute here, reads the same).
     */
    @Test
    void fourTasksOnOneCredentialShareItsQuotaAndDrawNo429OnceWarmedUp() throws Exception {
        int perMinute = 240;
        google.setWriteQuotaPerMinute(perMinute);
        google.setReadQuotaPerMinute(perMinute);
        Map<String, String> budget = Map.of(SheetsConfig.WRITES_PER_MINUTE, String.valueOf(perMinute));
        assertThat(new SheetsDestination().checkAccess(props(budget))).isEmpty();
        List<Task> tasks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            tasks.add(new Task(
                    t, 4, budget, List.of(new TopicPartition(TAB, 2 * t), new TopicPartition(TAB, 2 * t + 1))));
        }
        // 4,800 records of 8 partitions in batches of 10: 480 writes, two minutes at 240 a minute
        fill(tasks, mapper, 4_800, 8, 10);

        Run run = drain(tasks);

        // warm-up: for its first minute Google's window still holds the start-up requests the write budget does not
        // count (the access check, each task's fence claim and read of its stored offsets), which can pass the quota
        // at a budget equal to it; after that minute, none
        assertThat(run.rateLimitedAfter())
                .as("429s after the first minute (%d in it)", run.rateLimitedInFirstMinute())
                .isZero();
        assertThat(copiesById(SHEET))
                .hasSize(4_800)
                .allSatisfy((id, copies) ->
                        assertThat(copies).as("copies of %d", id).isEqualTo(1));
        // the four shares add up to the budget: each task a permit at once, then 59 a minute; a refused write
        // (fenced, or a 429 and its second's freeze) costs its task about two seconds
        assertThat(run.took())
                .as("120 writes of each task at 59 a minute, %d refused", run.refusedWrites())
                .isLessThanOrEqualTo(Duration.ofMillis(119 * 60_000L / 59 + 1_000 + 2_200L * run.refusedWrites()));
    }

    /**
     * Was {@code SheetsSharedProjectQuotaIT}'s count of 429s after a warm-up of wall clock. Two
     * connectors, each with its own service account of one Google Cloud project and its own
     * spreadsheet, know nothing of each other; the README has them split the project's quota by
     * configuration, and here each is set to half of it.
     */
    @Test
    void twoServiceAccountsOfOneProjectEachSetToHalfItsQuotaDrawNo429OnceWarmedUp() throws Exception {
        // Google's default per-project quota, not scaled; the per-user quota raised to the same, as a project may,
        // so only the project's can refuse, and each account alone could spend all of it
        int projectPerMinute = 300;
        google.setProjectWriteQuotaPerMinute(projectPerMinute);
        google.setProjectReadQuotaPerMinute(projectPerMinute);
        google.setWriteQuotaPerMinute(projectPerMinute);
        google.setReadQuotaPerMinute(projectPerMinute);
        String otherSheet = "sheet-b";
        String otherKey = google.createServiceAccount("sink-b");
        google.createSpreadsheet(otherSheet, google.serviceAccountEmail("sink-b"));
        String half = String.valueOf(projectPerMinute / 2);
        List<Map<String, String>> connectors = List.of(
                Map.of("name", "sheets-a", SheetsConfig.WRITES_PER_MINUTE, half),
                Map.of(
                        "name",
                        "sheets-b",
                        SheetsConfig.SPREADSHEET_ID,
                        otherSheet,
                        SheetsConfig.CREDENTIALS_JSON,
                        otherKey,
                        SheetsConfig.WRITES_PER_MINUTE,
                        half));
        List<Task> tasks = new ArrayList<>();
        for (Map<String, String> connector : connectors) {
            assertThat(new SheetsDestination().checkAccess(props(connector))).isEmpty();
            Task task = new Task(0, 1, connector, List.of(new TopicPartition(TAB, 0)));
            // 2,250 records in batches of 5: 450 writes, three minutes at its half; long enough that were either set
            // above its half, both would still be writing after the warm-up (with two minutes, one at 200 was done
            // before the project's window was full again)
            fill(List.of(task), mapper, 2_250, 1, 5);
            tasks.add(task);
        }

        Run run = drain(tasks);

        // warm-up: the first minute also holds both connectors' start-up requests, outside their budgets (the access
        // check, the fence claim, the read of the stored offsets), which can pass the project's quota when the two
        // halves add up to all of it (so not "none at all"); after that minute, none
        assertThat(run.rateLimitedAfter())
                .as("429s after the first minute (%d in it)", run.rateLimitedInFirstMinute())
                .isZero();
        for (String spreadsheet : List.of(SHEET, otherSheet)) {
            assertThat(copiesById(spreadsheet))
                    .hasSize(2_250)
                    .allSatisfy((id, copies) -> assertThat(copies)
                            .as("copies of %d in %s", id, spreadsheet)
                            .isEqualTo(1));
        }
        // the halves were used, not merely respected: each connector two permits at once (a second's worth), then
        // 148 a minute; a refused write (a 429 and its second's freeze) costs its connector about two seconds
        assertThat(run.took())
                .as("450 writes of each connector at 148 a minute, %d refused", run.refusedWrites())
                .isLessThanOrEqualTo(Duration.ofMillis(448 * 60_000L / 148 + 1_000 + 2_200L * run.refusedWrites()));
    }
}
