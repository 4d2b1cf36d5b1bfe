package dev.outflow.connect.slack;

import dev.outflow.connect.core.api.DestinationSinkTask;

/** The Slack sink's task: the framework's task on a {@link SlackDestination}. */
public final class SlackSinkTask extends DestinationSinkTask {

    public SlackSinkTask() {
        super(SlackDestination::new);
    }
}
