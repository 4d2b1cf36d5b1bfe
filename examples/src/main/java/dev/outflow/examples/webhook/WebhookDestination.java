package dev.outflow.examples.webhook;

import java.net.*;
import java.net.http.*;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.*;
import org.apache.kafka.common.config.ConfigDef;
import com.fasterxml.jackson.databind.node.*;
import dev.outflow.connect.core.api.*;
import dev.outflow.connect.core.row.Row;

/** POSTs each batch of rows to one URL as a JSON array of objects; the framework does the rest. */
public final class WebhookDestination implements Destination {
    private final HttpClient http = HttpClient.newHttpClient();
    private URI url;

    @Override public ConfigDef config() {
        return new ConfigDef().define("webhook.url", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Where batches are POSTed.");
    }

    @Override public void start(Map<String, String> props) {
        url = URI.create(props.get("webhook.url"));
    }

    @Override public List<QuotaScope> quotaScopes(String target) {
        return List.of(QuotaScope.perMinute("webhook", 600, 10)); // what the receiving end allows
    }

    @Override public WriteResult write(String target, List<Row> rows) throws Exception {
        ArrayNode batch = JsonNodeFactory.instance.arrayNode();
        for (Row row : rows) { // one JSON object per row; dates and times as ISO-8601 text
            ObjectNode object = batch.addObject();
            row.names().forEach(name -> object.putPOJO(name, row.get(name).value() instanceof Temporal t ? t.toString() : row.get(name).value()));
        }
        HttpRequest post = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString())).build();
        int status = http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 != 2) {
            throw new Refused(status);
        }
        return WriteResult.allWritten();
    }

    @Override public Failure classify(Exception error) {
        int status = error instanceof Refused refused ? refused.status : 0;
        String reason = status > 0 ? "the webhook answered HTTP " + status : "no answer from the webhook";
        return status == 429 ? Failure.throttled(reason, null) : status >= 500 ? Failure.retriable(reason) // no Retry-After: back off
                : status == 401 || status == 403 || status == 404 ? Failure.fatal(reason + ": check webhook.url")
                : status > 0 ? Failure.rejected(reason) // a batch is halved until its bad rows stand alone
                : error instanceof ConnectException ? Failure.retriable("cannot connect to the webhook") // nothing was sent
                : Failure.ambiguous(reason); // it may have arrived: sent again, so at least once
    }

    static final class Refused extends Exception { // an answer other than 2xx
        final int status;
        Refused(int status) { super("HTTP " + status); this.status = status; }
    }
}
