package dev.outflow.examples.webhook;

import dev.outflow.connect.core.api.DestinationSinkConnector;

/** The connector a user configures: {@code "connector.class": "dev.outflow.examples.webhook.WebhookSinkConnector"}. */
public final class WebhookSinkConnector extends DestinationSinkConnector {
    public WebhookSinkConnector() {
        super(WebhookSinkTask.class, WebhookDestination::new);
    }
}
