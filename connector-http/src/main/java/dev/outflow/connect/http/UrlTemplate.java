package dev.outflow.connect.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import dev.outflow.connect.core.api.template.RecordScope;
import dev.outflow.connect.core.api.template.SafeTemplates;
import dev.outflow.connect.core.api.template.Template;
import dev.outflow.connect.core.api.template.TemplateException;

/**
 * {@code http.url} as a template: every value is percent-encoded as one URL component (a space as
 * {@code %20}, a {@code /}, {@code ?}, {@code &} or {@code #} encoded too), so a value can fill a path
 * segment or a query value but never add a segment, a parameter or another host. The rendered URL must
 * be an absolute http(s) URL with a host.
 */
final class UrlTemplate {

    private static final SafeTemplates TEMPLATES = new SafeTemplates(UrlTemplate::encode);

    private final Template template;

    private UrlTemplate(Template template) {
        this.template = template;
    }

    /** @throws TemplateException naming {@code http.url} and the place in it */
    static UrlTemplate compile(String url) {
        return new UrlTemplate(TEMPLATES.compile(url.trim(), HttpConfig.URL));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The URL for one record.
     *
     * @throws TemplateException when it renders no absolute http(s) URL with a host (the message names no value)
     */
    URI render(RecordScope scope) {
        String url = template.render(scope);
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw new TemplateException(HttpConfig.URL + " did not render an absolute http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new TemplateException(HttpConfig.URL + " did not render a valid URL (at index " + e.getIndex() + ")");
        }
    }

    /** How a URL is named in reasons and logs: scheme, host and port, never its path or query (they hold data). */
    static String origin(URI uri) {
        return uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + hostAndPort(uri);
    }

    /** The host and, when given, the port: what a rate limit is per. */
    static String hostAndPort(URI uri) {
        return uri.getHost().toLowerCase(java.util.Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
