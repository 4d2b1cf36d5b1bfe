package dev.outflow.connect.hubspot;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One batch request planned from the head of a write's rows: the inputs to send, and which rows each
 * input stands for.
 *
 * @param handled  how many rows, from the head, this batch settles (sent, merged into a sent input, or
 *                 refused before sending); the rest wait for the next write
 * @param inputs   the objects to send, each one an input of the batch request (empty: nothing to send)
 * @param refused  rows refused before sending, by index, with the reason
 * @param archive  true when the rows are tombstones whose objects are archived
 * @param unknownProperties true when a row was refused for a field with no property (HubSpot may have one
 *                 by now)
 */
record ObjectBatch(
        int handled, List<Input> inputs, Map<Integer, String> refused, boolean archive, boolean unknownProperties) {

    /**
     * One object of the request.
     *
     * @param traceId its {@code objectWriteTraceId}, unique in the request: HubSpot names a failing input by it
     * @param id      the id property's value (null in create mode)
     * @param body    the input as sent
     * @param rows    the rows merged into it, by index in the write; the last one's values win
     * @param associateWith the associated object's id value (the last row's that has one), or null
     */
    record Input(String traceId, String id, ObjectNode body, List<Integer> rows, String associateWith) {}
}
