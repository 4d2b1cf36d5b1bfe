package dev.outflow.connect.slack;

import dev.outflow.connect.core.task.DestinationSinkTask;

/** The Slack sink's task: the framework's task on a {@link SlackDestination}. */
public final class SlackSinkTask extends DestinationSinkTask {

    public SlackSinkTask() {
        super(SlackDestination::new);
    }
}
