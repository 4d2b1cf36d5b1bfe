package ${package};

import dev.outflow.connect.core.api.DestinationSinkTask;

/** The task the worker runs: the framework's, around a {@link ${destination}Destination}. */
public final class ${destination}SinkTask extends DestinationSinkTask {
    public ${destination}SinkTask() {
        super(${destination}Destination::new);
    }
}
