package dev.outflow.connect.core.api;

/** How the framework treats a failed write (DESIGN.md 3.1 and 3.4). */
public enum ErrorClass {
    /** 429, 5xx, I/O before the request was sent: back off and send again. */
    RETRIABLE,
    /** A timeout after the request was sent: it may have been applied. Never resent blindly. */
    AMBIGUOUS,
    /**
     * The rows can never succeed. A batch is bisected until the bad rows are found; they go to the DLQ.
     * A write that carried one row ({@link FirstRowsFailedException}) rejects that row alone.
     */
    REJECTED,
    /** Bad credentials, missing permission, target gone: the task fails with an actionable message. */
    FATAL
}
