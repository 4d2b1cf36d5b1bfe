package dev.outflow.connect.hubspot;

import dev.outflow.connect.core.api.DestinationSinkConnector;

/** Writes Kafka records into HubSpot CRM objects: see connector-hubspot/README.md. */
public final class HubSpotSinkConnector extends DestinationSinkConnector {

    public HubSpotSinkConnector() {
        super(HubSpotSinkTask.class, HubSpotDestination::new);
    }
}
