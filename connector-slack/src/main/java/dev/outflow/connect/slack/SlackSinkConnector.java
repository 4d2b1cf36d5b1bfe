package dev.outflow.connect.slack;

import dev.outflow.connect.core.api.DestinationSinkConnector;

/** Posts Kafka records to Slack: see connector-slack/README.md. */
public final class SlackSinkConnector extends DestinationSinkConnector {

    public SlackSinkConnector() {
        super(SlackSinkTask.class, SlackDestination::new);
    }
}
