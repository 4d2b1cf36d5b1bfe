package dev.outflow.connect.core.internal.batch;

import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.internal.offsets.OffsetTracker.Pending;

/** A row waiting in a target's buffer, with its offset's place in line and when it arrived. */
public record BufferedRow(Row row, Pending pending, long arrivedMs) {}
