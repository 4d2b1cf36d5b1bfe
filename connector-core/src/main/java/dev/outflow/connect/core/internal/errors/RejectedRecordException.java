package dev.outflow.connect.core.internal.errors;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * Why a record went to the dead-letter queue. The worker writes the message into the DLQ record's
 * {@code __connect.errors.exception.message} header, so it carries the app's reason and never the
 * payload.
 */
public final class RejectedRecordException extends ConnectException {

    public RejectedRecordException(String reason) {
        super(reason);
    }
}
