package ${package};

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

import dev.outflow.connect.core.api.Destination;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.RetryAfter;
import dev.outflow.connect.core.api.TransportFailures;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.core.api.Row;

/**
 * POSTs each batch of rows to ${destination} as one JSON array of objects; the framework does the rest
 * (batching, rate limits, retries, the dead-letter queue, offsets).
 */
public final class ${destination}Destination implements Destination {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final TransportFailures transport =
            new TransportFailures("${destination}", ${destination}Config.URL, ${destination}Config.REQUEST_TIMEOUT_MS);
    private ${destination}Config config;

    @Override
    public ConfigDef config() {
        return ${destination}Config.CONFIG_DEF;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new ${destination}Config(props);
    }

    /** The app's rate limit, as configured: writes wait for a permit instead of collecting 429s. */
    @Override
    public List<QuotaScope> quotaScopes(String target) {
        return List.of(QuotaScope.perMinute("${configPrefix}", config.requestsPerMinute(), config.concurrentRequests()));
    }

    @Override
    public WriteResult write(String target, List<Row> rows) throws IOException, InterruptedException, Refused {
        String batch = rows.stream().map(Row::toJson).collect(Collectors.joining(",", "[", "]"));
        HttpRequest.Builder post = HttpRequest.newBuilder(config.url())
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch));
        Password token = config.token();
        if (token != null) {
            post.header("Authorization", "Bearer " + token.value());
        }
        HttpResponse<Void> response = http.send(post.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new Refused(response.statusCode(), RetryAfter.parse(response.headers().map(), Clock.systemUTC()));
        }
        return WriteResult.allWritten();
    }

    /**
     * What a failure means. A rejected batch is halved by the framework until the bad rows stand alone
     * and go to the dead-letter queue; a request that may have arrived is sent again, so delivery is at
     * least once. Reasons name the status and the key to check, never the token or the payload.
     */
    @Override
    public Failure classify(Exception error) {
        if (error instanceof Refused refused) {
            String reason = "${destination} answered HTTP " + refused.status;
            if (refused.status == 429) {
                return Failure.throttled(reason, refused.retryAfter);
            }
            if (refused.status == 401 || refused.status == 403) {
                return Failure.fatal(reason + ": check " + ${destination}Config.TOKEN);
            }
            if (refused.status == 404) {
                return Failure.fatal(reason + ": check " + ${destination}Config.URL);
            }
            return refused.status >= 500 ? Failure.retriable(reason) : Failure.rejected(reason);
        }
        if (error instanceof IOException io) {
            return transport.classify(io);
        }
        return Failure.fatal("an unexpected " + error.getClass().getSimpleName());
    }

    /** An answer other than 2xx, with how long ${destination} asked us to wait (or null). */
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
