package dev.outflow.connect.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.outflow.connect.core.api.template.RecordScope;
import dev.outflow.connect.core.api.template.SafeTemplates;
import dev.outflow.connect.core.api.template.Template;
import dev.outflow.connect.core.api.template.TemplateException;

/**
 * {@code http.headers}: {@code Name: value} entries split at {@code http.headers.separator}. Names are
 * fixed; values are templates whose values are written as they are, and a rendered value holding a
 * line break or another control character (it could end the header and start another), or a character
 * outside ASCII, is refused, so its record goes to the dead-letter queue.
 */
final class HeaderTemplates {

    /**
     * Headers the connector sets itself, or that the JDK client refuses to let a caller set: giving them
     * here would be ignored, rejected, or would fight with the connector's own value.
     */
    static final Set<String> RESERVED =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "content-type", "transfer-encoding");

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final SafeTemplates TEMPLATES = SafeTemplates.verbatim();

    private final List<Map.Entry<String, Template>> entries = new ArrayList<>();

    /** @throws TemplateException when an entry is no {@code Name: value} or its value does not compile */
    HeaderTemplates(String headers, String separator) {
        for (String entry : split(headers, separator)) {
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).trim();
            if (!isToken(name)) {
                throw new TemplateException(HttpConfig.HEADERS + ": an entry is not 'Name: value' (separated by "
                        + HttpConfig.HEADERS_SEPARATOR + ")");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new TemplateException(HttpConfig.HEADERS + " cannot set " + name + ": the connector sets it (use "
                        + HttpConfig.CONTENT_TYPE + " for the content type)");
            }
            entries.add(
                    Map.entry(name, TEMPLATES.compile(entry.substring(colon + 1).trim(), HttpConfig.HEADERS)));
        }
    }

    private static List<String> split(String headers, String separator) {
        List<String> entries = new ArrayList<>();
        if (headers == null) {
            return entries;
        }
        for (String entry : headers.split(Pattern.quote(separator), -1)) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        return entries;
    }

    static boolean isToken(String name) {
        return TOKEN.matcher(name).matches();
    }

    /** The header names given, as written. */
    static List<String> names(String headers, String separator) {
        List<String> names = new ArrayList<>();
        for (String entry : split(headers, separator)) {
            int colon = entry.indexOf(':');
            if (colon > 0) {
                names.add(entry.substring(0, colon).trim());
            }
        }
        return names;
    }

    /** What is wrong with the entries (for the rule between the header keys), or null. */
    static String problem(String headers, String separator) {
        try {
            new HeaderTemplates(headers, separator).render(SampleRecord.scope());
            return null;
        } catch (TemplateException e) {
            return e.getMessage();
        }
    }

    /**
     * The headers for one record, in the order given.
     *
     * @throws TemplateException when a value renders a control character (the message names the header, not the value)
     */
    List<Map.Entry<String, String>> render(RecordScope scope) {
        List<Map.Entry<String, String>> rendered = new ArrayList<>(entries.size());
        for (Map.Entry<String, Template> entry : entries) {
            String value = entry.getValue().render(scope).strip();
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new TemplateException("header " + entry.getKey() + " of " + HttpConfig.HEADERS
                        + " rendered a line break or another control character");
            }
            if (value.chars().anyMatch(c -> c > 0x7e)) {
                // servers read other bytes in different charsets, and the JDK client refuses most of them
                throw new TemplateException("header " + entry.getKey() + " of " + HttpConfig.HEADERS
                        + " rendered a character outside ASCII; put such values in the body or the URL");
            }
            rendered.add(Map.entry(entry.getKey(), value));
        }
        return rendered;
    }
}
