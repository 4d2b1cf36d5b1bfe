package dev.outflow.connect.core.internal.task;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.api.Destination;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.FirstRowsFailedException;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.core.api.config.SinkConfig;
import dev.outflow.connect.core.internal.batch.BufferedRow;
import dev.outflow.connect.core.internal.batch.TargetBuffer;
import dev.outflow.connect.core.internal.batch.TargetBuffers;
import dev.outflow.connect.core.internal.delivery.Backoff;
import dev.outflow.connect.core.internal.delivery.RateLimiter;
import dev.outflow.connect.core.internal.errors.DeadLetterRouter;
import dev.outflow.connect.core.internal.metrics.SinkMetrics;
import dev.outflow.connect.core.internal.metrics.WarningSummary;
import dev.outflow.connect.core.internal.offsets.OffsetTracker;
import dev.outflow.connect.core.internal.offsets.OffsetTracker.Pending;
import dev.outflow.connect.core.internal.offsets.StoredOffsetFloors;
import dev.outflow.connect.core.internal.receipts.Receipt;
import dev.outflow.connect.core.internal.receipts.Receipt.Outcome;
import dev.outflow.connect.core.internal.receipts.ReceiptReadBack;
import dev.outflow.connect.core.internal.receipts.Receipts;
import dev.outflow.connect.core.internal.row.RowMapper;

/**
 * Everything a sink task does between the worker and a {@link Destination}: records to rows,
 * buffers per target, batches, rate limits, retries, the dead-letter queue, stored offsets and
 * the offsets to commit. It never sleeps: when a batch may not go yet (linger, rate limit,
 * backoff) the rows stay buffered and the worker is asked for an early wake-up.
 *
 * <p>Failures are never silent (DESIGN.md 3.5): whatever ends the task, wherever it surfaces
 * ({@code put}, {@code preCommit}, {@code open}, {@code close}, a dead-letter report completing
 * later), is kept and thrown again from every later {@code put}, because the worker ignores what
 * {@code preCommit} throws. A rejected record counts as settled only once its report completed.
 *
 * <p>With receipts on (DESIGN.md 3.8) a record settles only once its receipt is acknowledged too,
 * and nothing more is written while {@code receipts.buffer.max.records} receipts are in flight. A
 * record the app already held when it came back (stored offsets) gets a receipt only if the
 * receipts topic has none for it yet: the tail of its receipts partition is read back once per
 * partition after it was opened.
 *
 * <p>State per target (buffer, quota scopes, stored-offset floors) is dropped once the target has
 * been idle for {@link #TARGET_IDLE_MS}, so it stays bounded however many targets records name.
 *
 * <p>Single-threaded, like the task that owns it; time comes from the injected clock.
 */
public final class SinkEngine {

    private static final Logger log = LoggerFactory.getLogger(SinkEngine.class);

    /** Pause the partitions at this share of {@code buffer.max.records}, resume at {@link #LOW_WATER}. */
    static final double HIGH_WATER = 0.9;

    static final double LOW_WATER = 0.5;
    /** A target with nothing buffered and nothing new for this long is forgotten. */
    static final long TARGET_IDLE_MS = 10 * 60_000;
    /** How often idle state is looked for, and summaries of repeated warnings are due. */
    static final long HOUSEKEEPING_INTERVAL_MS = 10_000;

    static final long SUMMARY_INTERVAL_MS = 60_000;
    /** While receipts are in flight the worker is asked to call again this soon, to see their acks. */
    static final long RECEIPT_CHECK_MS = 100;
    /** How long a revocation or stop waits for the receipts in flight. */
    static final Duration RECEIPTS_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    static final String SKIPPED_NULL = "a null value, and " + SinkConfig.NULL_VALUES + "=ignore";
    static final String WRITTEN_REPLY_LOST =
            "written by an attempt whose answer was lost (a crash or a lost response): "
                    + "the app holds the record, its ids were not kept";

    /**
     * A rejected record whose dead-letter report has not completed yet: its offset holds the line.
     * {@code done} runs when it completed (the record settles once its receipt is acknowledged too).
     */
    private record Report(String coordinates, Pending pending, Future<Void> future, Runnable done) {}

    /**
     * A record the app already held when it came back, waiting to learn from the receipts topic
     * whether an earlier attempt receipted it; {@code floor} is the last offset the app held then.
     */
    private record HeldSkip(Pending pending, String target, long floor) {}

    private final Destination destination;
    private final String destinationName;
    private final SinkConfig config;
    private final SinkTaskContext context;
    private final Clock clock;
    private final RowMapper mapper;
    private final RateLimiter limiter;
    private final Backoff backoff;
    private final DeadLetterRouter deadLetters;
    private final SinkMetrics metrics;
    private final OffsetTracker offsets = new OffsetTracker();
    private final WarningSummary retries;
    private final WarningSummary throttles;
    private final TargetBuffers buffers = new TargetBuffers();
    private final Deque<Report> reports = new ArrayDeque<>();
    private final Map<String, List<QuotaScope>> scopes = new HashMap<>();
    /** What the app itself stored (DESIGN.md 3.6); used only when the destination stores offsets. */
    private final StoredOffsetFloors floors;

    private final Receipts receipts;
    private final List<HeldSkip> heldSkips = new ArrayList<>();
    private final ReceiptReadBack readBack;
    /** Rows of writes whose answer was lost (AMBIGUOUS), until written again or found in the app. */
    private final Set<Pending> unanswered = new HashSet<>();

    private boolean paused;
    private long nextHousekeepingMs;
    /** Set once the task cannot go on: nothing is sent after that, and every later put() throws it. */
    private ConnectException failure;

    /** An engine without receipts. */
    public SinkEngine(
            Destination destination,
            String destinationName,
            SinkConfig config,
            SinkTaskContext context,
            Clock clock,
            RandomGenerator random,
            DeadLetterRouter deadLetters) {
        this(destination, destinationName, config, context, clock, random, deadLetters, Receipts.off(clock));
    }

    public SinkEngine(
            Destination destination,
            String destinationName,
            SinkConfig config,
            SinkTaskContext context,
            Clock clock,
            RandomGenerator random,
            DeadLetterRouter deadLetters,
            Receipts receipts) {
        this.destination = destination;
        this.destinationName = destinationName;
        this.config = config;
        this.context = context;
        this.clock = clock;
        this.mapper = new RowMapper(config.flattenMaxDepth(), config.stringJsonEnabled(), config.metadataFields());
        this.limiter = new RateLimiter(clock, random, config.taskCount());
        this.backoff = new Backoff(config.retryBackoffInitialMs(), config.retryBackoffMaxMs(), random);
        this.deadLetters = deadLetters;
        this.metrics = SinkMetrics.forTask(context, config.connectorName(), config.taskIndex(), buffers::rows);
        destination.useMetrics(metrics);
        this.receipts = receipts;
        if (receipts.enabled()) {
            metrics.receiptsInFlight(receipts::inFlight);
        }
        this.retries = new WarningSummary(
                "writes of " + destinationName + " failed and retried",
                clock,
                SUMMARY_INTERVAL_MS,
                log::warn,
                log::debug);
        this.floors = new StoredOffsetFloors(
                destination::storedOffsets, this::classify, backoff, clock, destinationName, retries::record);
        this.readBack = new ReceiptReadBack(receipts, clock, backoff, config.retryTimeoutMs(), retries::record);
        this.throttles = new WarningSummary(
                "writes of " + destinationName + " throttled by the app (429)",
                clock,
                SUMMARY_INTERVAL_MS,
                log::warn,
                log::debug);
    }

    /** Records not yet written, rejected or skipped. */
    public int buffered() {
        return buffers.rows();
    }

    public boolean isPaused() {
        return paused;
    }

    /** The targets whose state the engine holds (buffers and their quota scopes). */
    public int targets() {
        return buffers.targets();
    }

    /** The quota scopes and stored-offset floors the engine holds. */
    public int heldState() {
        return limiter.heldScopes() + floors.size();
    }

    public void open(Collection<TopicPartition> partitions) {
        throwIfFailed();
        try {
            destination.partitionsOpened(partitions);
            readBack.forget(partitions);
            if (destination.storesOffsets()) {
                floors.markUnknown(partitions);
                floorsKnown();
            }
            TopicPartition[] opened = partitions.toArray(new TopicPartition[0]);
            if (paused) {
                context.pause(opened);
            } else {
                // The worker pauses the partitions it assigns that its context lists as paused by the task. A
                // resume that fell between a revocation and this assignment named no partition (the consumer had
                // none), so the list can be stale: without this, those partitions would stay paused for ever.
                context.resume(opened);
            }
        } catch (RuntimeException e) {
            throw fail(e);
        }
    }

    public void put(Collection<SinkRecord> records) {
        throwIfFailed();
        try {
            take(records);
        } catch (RetriableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail(e);
        }
    }

    private void take(Collection<SinkRecord> records) {
        checkReports();
        boolean full = false;
        for (SinkRecord record : records) {
            TopicPartition partition = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            if (record.originalKafkaOffset() <= offsets.highestSeen(partition)) {
                continue;
            }
            if (buffers.rows() >= config.bufferMaxRecords()) {
                deliver(false);
                if (buffers.rows() >= config.bufferMaxRecords()) {
                    full = true;
                    break;
                }
            }
            accept(record, offsets.track(partition, record.originalKafkaOffset()));
        }
        deliver(false);
        applyBackPressure();
        scheduleWakeUp();
        housekeeping();
        if (full) {
            // The worker hands the same records again; those already taken are skipped as seen.
            throw new RetriableException("The task's buffer holds " + config.bufferMaxRecords()
                    + " records (buffer.max.records); the rest of this poll will be redelivered");
        }
    }

    /**
     * Sends what may go now, whatever the linger, and returns the offsets that are safe to commit,
     * never past what the worker has consumed ({@code consumed}, the worker's own view): after a
     * seek past stored offsets the worker only accepts commits up to the records it has handed over.
     */
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> consumed) {
        if (failure == null) {
            try {
                checkReports();
                deliver(true);
                applyBackPressure();
                scheduleWakeUp();
                housekeeping();
            } catch (RuntimeException e) {
                // the worker only logs what preCommit throws: keep it for the next put(), commit what is settled
                fail(e);
                log.error("{} cannot go on; the task fails on its next put(): {}", destinationName, e.getMessage());
                context.timeout(1);
            }
        }
        Map<TopicPartition, OffsetAndMetadata> committable = offsets.committable();
        committable.replaceAll((tp, offset) -> {
            OffsetAndMetadata limit = consumed.get(tp);
            return limit != null && limit.offset() < offset.offset() ? limit : offset;
        });
        return committable;
    }

    /** Drops the unsent rows of partitions this task no longer owns: they were not committed, so they are redelivered. */
    public void close(Collection<TopicPartition> partitions) {
        Set<TopicPartition> closed = new HashSet<>(partitions);
        if (failure == null) {
            try {
                checkReports();
            } catch (RuntimeException e) {
                throw fail(e);
            }
        }
        // reports still under way for these partitions: their records are redelivered, uncommitted
        reports.removeIf(report -> closed.contains(report.pending().partition()));
        // the next owner reads back what was receipted: let what is in flight land first
        receipts.forget(closed, RECEIPTS_CLOSE_TIMEOUT);
        heldSkips.removeIf(skip -> closed.contains(skip.pending().partition()));
        unanswered.removeIf(pending -> closed.contains(pending.partition()));
        readBack.forget(closed);
        for (TargetBuffer buffer : buffers.all()) {
            buffer.removePartitions(closed);
        }
        offsets.forget(closed);
        floors.forget(closed);
    }

    public void stop() {
        receipts.close(RECEIPTS_CLOSE_TIMEOUT);
        metrics.close();
    }

    /** Keeps the first failure: from now on nothing is sent and every put() throws it. */
    private ConnectException fail(RuntimeException e) {
        if (failure == null) {
            failure = e instanceof ConnectException connect
                    ? connect
                    : new ConnectException(destinationName + " failed: " + e, e);
        }
        return failure;
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Settles the records whose receipts were acknowledged and the rejected records whose reports
     * completed; a receipt or report that failed fails the task.
     */
    private void checkReports() {
        receipts.check();
        resolveHeldSkips();
        for (Iterator<Report> it = reports.iterator(); it.hasNext(); ) {
            Report report = it.next();
            if (!report.future().isDone()) {
                continue;
            }
            it.remove();
            settleReport(report);
        }
    }

    private void settleReport(Report report) {
        try {
            report.future().get();
            report.done().run();
        } catch (ExecutionException e) {
            throw fail(deadLetters.reportFailed(report.coordinates(), e.getCause() == null ? e : e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(new ConnectException(
                    "Interrupted while reading the dead-letter report of " + report.coordinates()));
        } catch (java.util.concurrent.CancellationException e) {
            throw fail(deadLetters.reportFailed(report.coordinates(), e));
        }
    }

    /** Now and then: forget idle targets, quota scopes and floors; log the summaries that are due. */
    private void housekeeping() {
        long now = clock.millis();
        if (now < nextHousekeepingMs) {
            return;
        }
        nextHousekeepingMs = now + HOUSEKEEPING_INTERVAL_MS;
        for (TargetBuffer idle : buffers.removeIdle(now, TARGET_IDLE_MS)) {
            scopes.remove(idle.target());
            destination.forgetTarget(idle.target());
        }
        limiter.evictIdle();
        floors.evictPassed(offsets);
        deadLetters.flushSummary();
        retries.flush();
        throttles.flush();
    }

    private void accept(SinkRecord record, Pending pending) {
        Row row;
        try {
            row = mapper.toRow(record);
        } catch (DataException e) {
            reject(record, pending, "the record could not be read: " + e.getMessage(), null);
            return;
        }
        if (row.isDelete()) {
            switch (config.nullValues()) {
                case IGNORE -> {
                    sendReceipt(pending, Outcome.SKIPPED, SKIPPED_NULL, null, null, pending::settle);
                    return;
                }
                case FAIL ->
                    throw new ConnectException("Record " + DeadLetterRouter.coordinates(record)
                            + " has a null value and " + SinkConfig.NULL_VALUES + "=fail");
                case DELETE -> {}
            }
        }
        String target;
        try {
            target = destination.route(row);
        } catch (DataException e) {
            reject(record, pending, "the record has no target: " + e.getMessage(), null);
            return;
        }
        if (floors.isStored(target, row.topicPartition(), row.offset())) {
            skipStored(pending, target);
            skipAhead(target, row.topicPartition());
            return;
        }
        if (row.sizeBytes() > config.batchMaxBytes()) {
            reject(
                    record,
                    pending,
                    "the record is about " + row.sizeBytes() + " bytes, more than " + SinkConfig.BATCH_MAX_BYTES + "="
                            + config.batchMaxBytes(),
                    target);
            return;
        }
        buffers.forTarget(target).add(new BufferedRow(row, pending, clock.millis()));
    }

    /**
     * The consumer is behind what the app stored (a crash after a write, before the commit): when
     * each partition has a single target, seek past the stored offset instead of reading the rest.
     */
    private void skipAhead(String target, TopicPartition partition) {
        long resumeAt = floors.skipAheadTo(target, partition);
        if (resumeAt >= 0 && receipts.enabled()) {
            // records the app holds whose receipts were lost in the crash must still come by to get one
            Long receipted = readBack.known(partition);
            resumeAt = receipted == null ? -1 : Math.min(resumeAt, receipted + 1);
        }
        if (resumeAt > offsets.highestSeen(partition) + 1) {
            log.info(
                    "{} already holds {} up to offset {}; resuming at {}",
                    destinationName,
                    partition,
                    floors.floor(partition),
                    resumeAt);
            context.offset(partition, resumeAt);
        }
    }

    private void reject(SinkRecord record, Pending pending, String reason, String target) {
        reject(record, pending, reason, target, null);
    }

    /**
     * A rejected record settles once both its dead-letter report and its receipt are done. What the app
     * answered for it ({@code reply}, may be null) goes into both, never into the logs.
     */
    private void reject(SinkRecord record, Pending pending, String reason, String target, AppReply reply) {
        Runnable settle = afterBoth(pending::settle);
        Report report = new Report(
                DeadLetterRouter.coordinates(record), pending, deadLetters.reject(record, reason, reply), settle);
        metrics.rejected(1);
        sendReceipt(pending, Outcome.REJECTED, reason, target, reply, settle);
        if (report.future().isDone()) {
            settleReport(report);
        } else {
            reports.addLast(report);
        }
    }

    /** Runs {@code action} on its second call. */
    private static Runnable afterBoth(Runnable action) {
        int[] calls = {0};
        return () -> {
            if (++calls[0] == 2) {
                action.run();
            }
        };
    }

    private void sendReceipt(
            Pending pending, Outcome outcome, String reason, String target, AppReply app, Runnable onAcked) {
        unanswered.remove(pending);
        Receipt receipt = new Receipt(
                pending.partition(),
                pending.offset(),
                outcome,
                reason,
                target,
                app,
                config.connectorName(),
                config.taskIndex(),
                clock.instant());
        receipts.send(
                receipt,
                receipts.enabled()
                        ? () -> {
                            metrics.receiptWritten();
                            onAcked.run();
                        }
                        : onAcked);
    }

    /**
     * A record the app already holds (DESIGN.md 3.6) settles without a write. Its receipt: a row of
     * a write of this task whose answer was lost has none yet; a row that came back after a crash
     * may have one from the attempt that wrote it, which the receipts topic is asked about.
     */
    private void skipStored(Pending pending, String target) {
        if (!receipts.enabled()) {
            pending.settle();
        } else if (unanswered.contains(pending)) {
            sendReceipt(pending, Outcome.WRITTEN, WRITTEN_REPLY_LOST, target, null, pending::settle);
        } else {
            heldSkips.add(new HeldSkip(pending, target, floors.floor(pending.partition())));
            resolveHeldSkips();
        }
    }

    /**
     * Settles the held skips whose partition's receipts are known: silently up to the highest
     * offset already receipted, with a receipt (written, no app ids) above it.
     */
    private void resolveHeldSkips() {
        for (Iterator<HeldSkip> it = heldSkips.iterator(); it.hasNext(); ) {
            HeldSkip skip = it.next();
            Pending pending = skip.pending();
            Long upTo;
            try {
                upTo = readBack.upTo(pending.partition(), skip.floor());
            } catch (ConnectException e) {
                throw fail(e);
            }
            if (upTo == null) {
                continue;
            }
            it.remove();
            if (pending.offset() <= upTo) {
                pending.settle();
            } else {
                sendReceipt(pending, Outcome.WRITTEN, WRITTEN_REPLY_LOST, skip.target(), null, pending::settle);
            }
        }
    }

    private void deliver(boolean force) {
        if (failure != null || !floorsKnown()) {
            return;
        }
        for (TargetBuffer buffer : buffers.all()) {
            deliver(buffer, force);
        }
    }

    private void deliver(TargetBuffer buffer, boolean force) {
        // with receipts.buffer.max.records receipts in flight, the rows wait: nothing blocks
        while (!buffer.isEmpty() && receipts.hasRoom()) {
            long now = clock.millis();
            if (now < buffer.notBeforeMs()) {
                return;
            }
            if (!force
                    && !buffer.isDue(now, config.batchMaxRecords(), config.batchMaxBytes(), config.batchLingerMs())) {
                return;
            }
            long waitMs = limiter.tryAcquire(scopes(buffer.target()));
            if (waitMs > 0) {
                buffer.notBefore(now + waitMs);
                return;
            }
            if (!attempt(buffer, buffer.nextBatch(config.batchMaxRecords(), config.batchMaxBytes()))) {
                return;
            }
        }
    }

    /** One write call. Returns true when the head of the buffer moved (written, rejected or split). */
    private boolean attempt(TargetBuffer buffer, List<BufferedRow> batch) {
        List<Row> rows = new ArrayList<>(batch.size());
        batch.forEach(b -> rows.add(b.row()));
        long started = clock.millis();
        WriteResult result;
        try {
            result = destination.write(buffer.target(), rows);
        } catch (Exception e) {
            metrics.apiCall(clock.millis() - started);
            List<BufferedRow> sent = batch;
            Exception error = e;
            if (e instanceof FirstRowsFailedException head) {
                // the write carried only the head of the batch: its failure concerns those rows alone
                sent = batch.subList(0, Math.min(head.rows(), batch.size()));
                error = head.getCause();
            }
            Failure failure = classify(error);
            return switch (failure.errorClass()) {
                case FATAL ->
                    throw fail(new ConnectException(destinationName + " cannot be written to: " + failure.reason()));
                case REJECTED -> rejectBatch(buffer, sent, failure);
                case AMBIGUOUS -> resolveAmbiguous(buffer, sent, failure);
                case RETRIABLE -> retryLater(buffer, sent, failure);
            };
        }
        metrics.apiCall(clock.millis() - started);
        settle(buffer, batch, result);
        return true;
    }

    private void settle(TargetBuffer buffer, List<BufferedRow> batch, WriteResult result) {
        int handled = Math.min(result.handled(), batch.size());
        int written = 0;
        for (int i = 0; i < handled; i++) {
            BufferedRow row = batch.get(i);
            String reason = result.rejected().get(i);
            if (reason == null) {
                Pending pending = row.pending();
                sendReceipt(
                        pending,
                        Outcome.WRITTEN,
                        null,
                        buffer.target(),
                        result.replies().get(i),
                        pending::settle);
                written++;
            } else {
                reject(
                        row.row().record(),
                        row.pending(),
                        reason,
                        buffer.target(),
                        result.replies().get(i));
            }
        }
        buffer.removeHead(handled);
        metrics.written(written);
        metrics.batchWritten();
        log.debug("{} wrote {} of {} rows to one target", destinationName, written, handled);
        context.requestCommit();
    }

    private boolean rejectBatch(TargetBuffer buffer, List<BufferedRow> batch, Failure failure) {
        if (batch.size() > 1) {
            log.debug("{} rejected a batch of {} rows; bisecting to find the bad rows", destinationName, batch.size());
            buffer.split(batch.size());
            return true;
        }
        BufferedRow row = batch.get(0);
        reject(row.row().record(), row.pending(), failure.reason(), buffer.target());
        buffer.removeHead(1);
        return true;
    }

    /**
     * The write may have been applied. With offsets stored in the app, read them and drop what
     * arrived before resending the rest; without, resend (at-least-once, as documented).
     */
    private boolean resolveAmbiguous(TargetBuffer buffer, List<BufferedRow> batch, Failure failure) {
        if (destination.storesOffsets()) {
            Set<TopicPartition> partitions = new HashSet<>();
            batch.forEach(b -> {
                partitions.add(b.row().topicPartition());
                if (receipts.enabled()) {
                    unanswered.add(b.pending());
                }
            });
            floors.markUnknown(partitions);
            if (floorsKnown()) {
                if (buffer.isEmpty() || buffer.nextBatch(1, Long.MAX_VALUE).get(0) != batch.get(0)) {
                    log.debug(
                            "{}: a write whose outcome was unknown had been applied; nothing is resent",
                            destinationName);
                    return true;
                }
            }
        }
        return retryLater(buffer, batch, failure);
    }

    private boolean retryLater(TargetBuffer buffer, List<BufferedRow> batch, Failure failure) {
        long now = clock.millis();
        metrics.retry();
        if (failure.throttled()) {
            Duration wait = failure.retryAfter() != null
                    ? failure.retryAfter()
                    : Duration.ofMillis(backoff.delayMs(buffer.recordThrottle()));
            buffer.notBefore(limiter.freeze(scopes(buffer.target()), wait));
            metrics.throttled(wait.toMillis());
            throttles.record("waiting " + wait.toMillis() + " ms before writing to a target again");
            return false;
        }
        int failures = buffer.recordFailure(now);
        if (buffer.failingForMs(now) >= config.retryTimeoutMs()) {
            String reason = "still failing after retrying for " + config.retryTimeoutMs() + " ms ("
                    + SinkConfig.RETRY_TIMEOUT_MS + "): " + failure.reason();
            for (BufferedRow row : batch) {
                reject(row.row().record(), row.pending(), reason, buffer.target());
            }
            buffer.removeHead(batch.size());
            return true;
        }
        long delay = failure.retryAfter() != null ? failure.retryAfter().toMillis() : backoff.delayMs(failures);
        buffer.notBefore(now + delay);
        retries.record(failure.reason() + " (attempt " + failures + "; retrying in " + delay + " ms)");
        return false;
    }

    private Failure classify(Exception e) {
        try {
            return destination.classify(e);
        } catch (RuntimeException bug) {
            log.error(
                    "{} could not classify a {}", destinationName, e.getClass().getName(), bug);
            return Failure.fatal(
                    "an unexpected " + e.getClass().getSimpleName() + " that the destination could not classify");
        }
    }

    /**
     * Reads the app's stored offsets for the partitions whose floors are unknown, when due, and
     * drops (settled) the buffered rows the app already holds. Returns false while they cannot be
     * read: nothing is written then.
     */
    private boolean floorsKnown() {
        if (floors.allKnown()) {
            return true;
        }
        if (!floors.readIfDue()) {
            return false;
        }
        for (TargetBuffer buffer : buffers.all()) {
            String target = buffer.target();
            buffer.removeIf(b -> floors.isStored(
                            target, b.row().topicPartition(), b.row().offset()))
                    .forEach(b -> skipStored(b.pending(), target));
        }
        return true;
    }

    private List<QuotaScope> scopes(String target) {
        return scopes.computeIfAbsent(target, destination::quotaScopes);
    }

    private void applyBackPressure() {
        int max = config.bufferMaxRecords();
        int buffered = buffers.rows();
        if (!paused && buffered >= Math.ceil(max * HIGH_WATER)) {
            paused = true;
            log.info("{} buffer holds {} records; pausing consumption until it drains", destinationName, buffered);
            context.pause(context.assignment().toArray(new TopicPartition[0]));
        } else if (paused && buffered <= max * LOW_WATER) {
            paused = false;
            log.info("{} buffer drained to {} records; resuming consumption", destinationName, buffered);
            context.resume(context.assignment().toArray(new TopicPartition[0]));
        }
    }

    /** Asks the worker to call again when the next batch may go (linger, backoff or rate limit). */
    private void scheduleWakeUp() {
        long now = clock.millis();
        long next = Long.MAX_VALUE;
        if (!floors.allKnown()) {
            // nothing is written before the stored offsets are read: waking earlier would only spin
            next = floors.nextReadMs();
        } else if (receipts.hasRoom()) {
            // with the receipts in flight at their limit nothing goes before their acks, seen below
            for (TargetBuffer buffer : buffers.all()) {
                if (!buffer.isEmpty()) {
                    long dueAt =
                            buffer.dueAtMs(config.batchMaxRecords(), config.batchMaxBytes(), config.batchLingerMs());
                    next = Math.min(next, Math.max(buffer.notBeforeMs(), dueAt));
                }
            }
        }
        if (!heldSkips.isEmpty()) {
            next = Math.min(next, Math.max(now + 1, readBack.nextReadMs()));
        }
        if (receipts.inFlight() > 0) {
            next = Math.min(next, now + RECEIPT_CHECK_MS);
        }
        if (next != Long.MAX_VALUE) {
            context.timeout(Math.max(1, next - now));
        }
    }
}
