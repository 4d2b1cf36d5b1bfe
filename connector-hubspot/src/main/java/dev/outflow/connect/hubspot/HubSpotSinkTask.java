package dev.outflow.connect.hubspot;

import dev.outflow.connect.core.api.DestinationSinkTask;

/** The task the worker runs: the framework's, around a {@link HubSpotDestination}. */
public final class HubSpotSinkTask extends DestinationSinkTask {

    public HubSpotSinkTask() {
        super(HubSpotDestination::new);
    }
}
