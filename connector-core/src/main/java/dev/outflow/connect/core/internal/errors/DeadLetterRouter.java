package dev.outflow.connect.core.internal.errors;

import java.time.Clock;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.internal.metrics.WarningSummary;

/**
 * Routes rejected records (DESIGN.md 3.5): to the worker's errant record reporter when the worker
 * has {@code errors.tolerance=all} and a DLQ topic or error log; otherwise the task fails with a
 * message naming the record's topic/partition/offset and the app's reason. Nothing is dropped: the
 * caller keeps the record's offset uncommitted until the returned report has completed.
 */
public final class DeadLetterRouter {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRouter.class);

    /** At most one WARN line a minute about rejected records. */
    static final long SUMMARY_INTERVAL_MS = 60_000;

    private final ErrantRecordReporter reporter;
    private final String destinationName;
    private final WarningSummary rejections;
    private final DeadLetterFailures failures;

    /**
     * @param reporter  the worker's reporter, or null when it has none configured
     * @param connector the connector's name, to read the worker's count of failed DLQ writes
     */
    public DeadLetterRouter(ErrantRecordReporter reporter, String destinationName, String connector, Clock clock) {
        this.reporter = reporter;
        this.destinationName = destinationName;
        this.failures = new DeadLetterFailures(connector);
        this.rejections = new WarningSummary(
                "records rejected by " + destinationName + " and reported to the dead-letter queue",
                clock,
                SUMMARY_INTERVAL_MS,
                log::warn,
                log::debug);
    }

    /**
     * Reports the record, throwing when there is nowhere to report it to, with what the app answered for it ({@code reply}, may be null), such as an HTTP
     * status and an excerpt of the answer's body. The reply goes into the dead-letter record's reason
     * only: the logs show the reason alone, since an app's answer may quote the record.
     */
    public Future<Void> reject(SinkRecord record, String reason, AppReply reply) {
        String coordinates = coordinates(record);
        if (reporter == null) {
            throw new ConnectException("Record " + coordinates + " was rejected by " + destinationName + ": " + reason
                    + ". The task stops rather than lose it; to route such records to a dead-letter queue instead, "
                    + "set errors.tolerance=all and errors.deadletterqueue.topic.name on the connector.");
        }
        rejections.record(coordinates + ": " + reason);
        double failedBefore = failures.count();
        Future<Void> report = reporter.report(record, new RejectedRecordException(withReply(reason, reply)));
        if (report.isDone() && failures.count() > failedBefore) {
            return CompletableFuture.failedFuture(new RefusedAtOnceException());
        }
        return report;
    }

    /** The DLQ producer refused the record while it was reported, and the worker's future hid it (see {@link DeadLetterFailures}). */
    static final class RefusedAtOnceException extends Exception {
        RefusedAtOnceException() {
            super(
                    "the worker's dead-letter producer refused the record at once (its deadletterqueue-produce-failures "
                            + "metric rose; the worker logged the producer's reason as 'Could not produce message to dead letter queue')");
        }
    }

    /** Logs the summary of rejections that is due, if any. */
    public void flushSummary() {
        rejections.flush();
    }

    /**
     * The exception that fails the task when a report could not be written: it names the record and
     * the producer's reason, and what to change when the record was too large for the DLQ producer.
     */
    public ConnectException reportFailed(String coordinates, Throwable cause) {
        String advice = cause instanceof org.apache.kafka.common.errors.RecordTooLargeException
                        || cause instanceof RefusedAtOnceException
                ? " A record larger than the dead-letter queue producer accepts is the usual cause: raise max.request.size of that producer "
                        + "(producer.override.max.request.size on the connector, which the worker's "
                        + "connector.client.config.override.policy must allow, or producer.max.request.size on the worker) "
                        + "and max.message.bytes of the dead-letter topic."
                : "";
        return new ConnectException(
                "Record " + coordinates + " was rejected by " + destinationName
                        + " but could not be written to the dead-letter queue ("
                        + cause.getClass().getSimpleName() + ": "
                        + cause.getMessage() + "). The task stops rather than lose it; its offset is not committed."
                        + advice,
                cause);
    }

    /** The reason, then the app's answer as {@code name=value} pairs: {@code HTTP 400 ...; the app answered: status=400, body=...}. */
    static String withReply(String reason, AppReply reply) {
        if (reply == null || reply.fields().isEmpty()) {
            return reason;
        }
        StringJoiner answer = new StringJoiner(", ", reason + "; the app answered: ", "");
        reply.fields().forEach((name, value) -> answer.add(name + "=" + value));
        return answer.toString();
    }

    /** A record's identity for logs and messages: where it came from, never what it holds. */
    public static String coordinates(SinkRecord record) {
        return record.originalTopic() + "/" + record.originalKafkaPartition() + "/" + record.originalKafkaOffset();
    }
}
