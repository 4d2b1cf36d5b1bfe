package dev.outflow.connect.http;

import dev.outflow.connect.core.api.DestinationSinkConnector;

/** Sends Kafka records to an HTTP API: see connector-http/README.md. */
public final class HttpSinkConnector extends DestinationSinkConnector {

    public HttpSinkConnector() {
        super(HttpSinkTask.class, HttpDestination::new);
    }
}
