package ${package};

import dev.outflow.connect.core.api.DestinationSinkConnector;

/** The connector a user configures: {@code "connector.class": "${package}.${destination}SinkConnector"}. */
public final class ${destination}SinkConnector extends DestinationSinkConnector {
    public ${destination}SinkConnector() {
        super(${destination}SinkTask.class, ${destination}Destination::new);
    }
}
