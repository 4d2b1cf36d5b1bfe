package dev.outflow.benchmarks.noop;

import dev.outflow.connect.core.api.DestinationSinkTask;

/** The task of {@link FrameworkNoopSinkConnector}. */
public final class FrameworkNoopSinkTask extends DestinationSinkTask {

    public FrameworkNoopSinkTask() {
        super(DiscardingDestination::new);
    }
}
