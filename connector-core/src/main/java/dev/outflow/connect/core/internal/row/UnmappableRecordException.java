package dev.outflow.connect.core.internal.row;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record that can never become a row (malformed JSON, a value that does not match its schema,
 * an unsupported type). The message is a reason safe to log: it names types and field paths,
 * never values.
 */
public final class UnmappableRecordException extends DataException {

    public UnmappableRecordException(String reason) {
        super(reason);
    }

    public UnmappableRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
