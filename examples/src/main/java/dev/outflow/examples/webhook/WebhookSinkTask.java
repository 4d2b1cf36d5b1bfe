package dev.outflow.examples.webhook;

import dev.outflow.connect.core.api.DestinationSinkTask;

/** The task the worker runs: the framework's, around a {@link WebhookDestination}. */
public final class WebhookSinkTask extends DestinationSinkTask {
    public WebhookSinkTask() {
        super(WebhookDestination::new);
    }
}
