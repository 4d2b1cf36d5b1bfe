package dev.outflow.benchmarks.noop;

import dev.outflow.connect.core.api.DestinationSinkConnector;

/** {@link DiscardingDestination} wired as every destination is. */
public final class FrameworkNoopSinkConnector extends DestinationSinkConnector {

    public FrameworkNoopSinkConnector() {
        super(FrameworkNoopSinkTask.class, DiscardingDestination::new);
    }
}
