package dev.outflow.connect.http;

import dev.outflow.connect.core.api.DestinationSinkTask;

/** The task the worker runs: the framework's, around an {@link HttpDestination}. */
public final class HttpSinkTask extends DestinationSinkTask {

    public HttpSinkTask() {
        super(HttpDestination::new);
    }
}
