package dev.outflow.connect.sheets;

import java.io.IOException;

/**
 * Google refused a write because the task's fence is gone (see {@link Fence}): another task was
 * given partitions of the connector, or a person deleted the fence tab. Nothing of the write was
 * applied, but what is stored may have moved on: the offsets are read again before anything is resent.
 */
final class FencedWriteException extends IOException {

    FencedWriteException() {
        super(
                "this task's fence tab is gone: another task took over partitions of the connector, or the tab was deleted");
    }
}
