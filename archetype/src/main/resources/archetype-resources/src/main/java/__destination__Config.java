#set( $symbol_dollar = '$' )
package ${package};

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The ${destination} destination's own keys, each declared once with its documentation, group and
 * validator; the framework adds its shared keys (batching, retries, rows) and validates them all.
 */
public final class ${destination}Config extends AbstractConfig {

    static final String CONNECTION_GROUP = "${destination} connection";
    static final String LIMITS_GROUP = "${destination} limits";

    public static final String URL = "${configPrefix}.url";
    public static final String TOKEN = "${configPrefix}.token";
    public static final String REQUEST_TIMEOUT_MS = "${configPrefix}.request.timeout.ms";
    public static final String REQUESTS_PER_MINUTE = "${configPrefix}.requests.per.minute";
    public static final String CONCURRENT_REQUESTS = "${configPrefix}.concurrent.requests";

    static final ConfigDef CONFIG_DEF = define(new ConfigDef());

    public ${destination}Config(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define(ConfigDef def) {
        int order = 0;
        def.define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new HttpUrl(), Importance.HIGH,
                "Where batches are POSTed, as a JSON array of one object per record.",
                CONNECTION_GROUP, ++order, Width.LONG, "URL");
        // a PASSWORD: Connect masks it in the REST API and in logs, and a config provider can supply it
        def.define(TOKEN, Type.PASSWORD, null, Importance.HIGH,
                "The bearer token sent in the Authorization header. Best given through a config provider, "
                        + "e.g. ${symbol_dollar}{file:/etc/secrets/${configPrefix}.properties:token}. Empty: no Authorization header.",
                CONNECTION_GROUP, ++order, Width.LONG, "Token");
        // a write that times out may have been applied and is sent again: the timeout should outlast the app's slowest answers
        def.define(REQUEST_TIMEOUT_MS, Type.INT, 30_000, Range.between(1_000, 600_000), Importance.LOW,
                "How long one request may take before it counts as lost. A lost request may have been applied, and is "
                        + "sent again: delivery is at least once.",
                CONNECTION_GROUP, ++order, Width.SHORT, "Request timeout");

        order = 0;
        def.define(REQUESTS_PER_MINUTE, Type.INT, 600, Range.between(1, 1_000_000), Importance.MEDIUM,
                "Requests per minute for this connector's tasks: keep it within the app's rate limit, so that writes wait "
                        + "for a permit instead of collecting 429s.",
                LIMITS_GROUP, ++order, Width.SHORT, "Requests per minute");
        def.define(CONCURRENT_REQUESTS, Type.INT, 10, Range.between(1, 1_000), Importance.LOW,
                "The most requests that may start at once (the burst of the rate limit).",
                LIMITS_GROUP, ++order, Width.SHORT, "Concurrent requests");
        return def;
    }

    URI url() {
        return URI.create(getString(URL));
    }

    /** The token, or null; kept as a Password so that no toString can print it. */
    Password token() {
        return getPassword(TOKEN);
    }

    Duration requestTimeout() {
        return Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS));
    }

    int requestsPerMinute() {
        return getInt(REQUESTS_PER_MINUTE);
    }

    int concurrentRequests() {
        return getInt(CONCURRENT_REQUESTS);
    }

    /** An absolute http or https URL; checked on its own key so that a typo is reported with every other problem. */
    static final class HttpUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "a URL is required");
            }
            try {
                URI uri = new URI(String.valueOf(value));
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    // the value is not echoed: a URL can hold a credential in its query
                    throw new ConfigException(name + " must be an absolute http or https URL");
                }
            } catch (URISyntaxException e) {
                throw new ConfigException(name + " is not a URL");
            }
        }

        @Override
        public String toString() {
            return "an http or https URL";
        }
    }
}
