package dev.outflow.connect.core.errors;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes rejected records (DESIGN.md 3.5): to the worker's errant record reporter when the worker
 * has {@code errors.tolerance=all} and a DLQ topic or error log; otherwise the task fails with a
 * message naming the record's topic/partition/offset and the app's reason. Nothing is dropped.
 */
public final class DeadLetterRouter {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRouter.class);

    private final ErrantRecordReporter reporter;
    private final String destinationName;

    /** @param reporter the worker's reporter, or null when it has none configured */
    public DeadLetterRouter(ErrantRecordReporter reporter, String destinationName) {
        this.reporter = reporter;
        this.destinationName = destinationName;
    }

    /** Reports the record; throws when there is nowhere to report it to. */
    public void reject(SinkRecord record, String reason) {
        String coordinates = coordinates(record);
        if (reporter == null) {
            throw new ConnectException("Record " + coordinates + " was rejected by " + destinationName + ": " + reason
                    + ". The task stops rather than lose it; to route such records to a dead-letter queue instead, "
                    + "set errors.tolerance=all and errors.deadletterqueue.topic.name on the connector.");
        }
        log.warn("Record {} rejected by {}: {}; reported to the dead-letter queue", coordinates, destinationName, reason);
        reporter.report(record, new RejectedRecordException(reason));
    }

    /** A record's identity for logs and messages: where it came from, never what it holds. */
    public static String coordinates(SinkRecord record) {
        return record.originalTopic() + "/" + record.originalKafkaPartition() + "/" + record.originalKafkaOffset();
    }
}
