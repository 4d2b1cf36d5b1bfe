package dev.outflow.examples.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import dev.outflow.connect.core.api.Destination;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.RetryAfter;
import dev.outflow.connect.core.api.TransportFailures;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.core.api.Row;

/** POSTs each batch of rows to one URL as a JSON array of objects; the framework does the rest. */
public final class WebhookDestination implements Destination {

    static final String URL = "webhook.url";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final TransportFailures transport = new TransportFailures("the webhook", URL, TIMEOUT.toSeconds() + " s");
    private URI url;

    @Override
    public ConfigDef config() {
        return new ConfigDef().define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                Importance.HIGH, "Where batches are POSTed, as a JSON array of one object per record.");
    }

    @Override
    public void start(Map<String, String> props) {
        url = URI.create(props.get(URL));
    }

    /** What the receiving end allows: 600 requests a minute, 10 at once. */
    @Override
    public List<QuotaScope> quotaScopes(String target) {
        return List.of(QuotaScope.perMinute("webhook", 600, 10));
    }

    @Override
    public WriteResult write(String target, List<Row> rows) throws IOException, InterruptedException, Refused {
        String batch = rows.stream().map(Row::toJson).collect(Collectors.joining(",", "[", "]"));
        HttpRequest post = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch))
                .build();
        HttpResponse<Void> response = http.send(post, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new Refused(response.statusCode(), RetryAfter.parse(response.headers().map(), Clock.systemUTC()));
        }
        return WriteResult.allWritten();
    }

    /**
     * What a failure means. A refused batch is halved by the framework until the bad rows stand
     * alone and go to the dead-letter queue; a request that may have arrived is sent again, so
     * delivery is at least once.
     */
    @Override
    public Failure classify(Exception error) {
        if (error instanceof Refused refused) {
            String reason = "the webhook answered HTTP " + refused.status;
            if (refused.status == 429) {
                return Failure.throttled(reason, refused.retryAfter);
            }
            if (refused.status == 401 || refused.status == 403 || refused.status == 404) {
                return Failure.fatal(reason + ": check " + URL);
            }
            return refused.status >= 500 ? Failure.retriable(reason) : Failure.rejected(reason);
        }
        if (error instanceof IOException io) {
            return transport.classify(io);
        }
        return Failure.fatal("an unexpected " + error.getClass().getSimpleName());
    }

    /** An answer other than 2xx, with how long the webhook asked us to wait (or null). */
    static final class Refused extends Exception {
        final int status;
        final Duration retryAfter;

        Refused(int status, Duration retryAfter) {
            super("HTTP " + status);
            this.status = status;
            this.retryAfter = retryAfter;
        }
    }
}
