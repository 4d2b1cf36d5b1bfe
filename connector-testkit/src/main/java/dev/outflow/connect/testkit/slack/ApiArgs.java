package dev.outflow.connect.testkit.slack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/** The arguments of one request: query string, form fields or a JSON body. */
final class ApiArgs {

    enum Kind {
        FORM,
        JSON,
        OTHER
    }

    final Kind kind;
    /** Values: text nodes for query and form fields, any node for JSON fields. */
    private final Map<String, JsonNode> values;

    private final Map<String, JsonNode> queryValues;
    /** As received, for the request log. */
    final Map<String, String> raw;
    /** A JSON body that did not parse. */
    final boolean invalidJson;
    /** A JSON body sent without a charset in its Content-Type. */
    final boolean missingCharset;
    /**
     * The {@code token} field of a form body. Slack takes a token from the Authorization header or a
     * POST form body only: not from JSON bodies, and (for apps since 2021) not from the query string.
     */
    final String formToken;

    private ApiArgs(
            Kind kind,
            Map<String, JsonNode> values,
            Map<String, JsonNode> queryValues,
            Map<String, String> raw,
            boolean invalidJson,
            boolean missingCharset,
            String formToken) {
        this.kind = kind;
        this.values = values;
        this.queryValues = queryValues;
        this.raw = Collections.unmodifiableMap(raw);
        this.invalidJson = invalidJson;
        this.missingCharset = missingCharset;
        this.formToken = formToken;
    }

    static ApiArgs parse(String contentType, String rawQuery, String body, ObjectMapper mapper) {
        Map<String, JsonNode> query = new LinkedHashMap<>();
        Map<String, String> raw = new LinkedHashMap<>();
        decodeForm(rawQuery, query, raw);
        Map<String, JsonNode> values = new LinkedHashMap<>(query);
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (ct.startsWith("application/json")) {
            boolean invalid = false;
            try {
                JsonNode root = body.isBlank() ? null : mapper.readTree(body);
                if (root == null || !root.isObject()) {
                    invalid = true;
                } else {
                    for (Map.Entry<String, JsonNode> e : root.properties()) {
                        values.put(e.getKey(), e.getValue());
                        raw.put(
                                e.getKey(),
                                e.getValue().isTextual()
                                        ? e.getValue().asText()
                                        : e.getValue().toString());
                    }
                }
            } catch (JsonProcessingException e) {
                invalid = true;
            }
            return new ApiArgs(Kind.JSON, values, query, raw, invalid, !ct.contains("charset"), null);
        }
        if (ct.isEmpty() || ct.startsWith("application/x-www-form-urlencoded")) {
            Map<String, JsonNode> form = new LinkedHashMap<>();
            decodeForm(body, form, raw);
            values.putAll(form);
            return new ApiArgs(Kind.FORM, values, query, raw, false, false, textOf(form.get("token")));
        }
        return new ApiArgs(Kind.OTHER, values, query, raw, false, false, null);
    }

    private static void decodeForm(String s, Map<String, JsonNode> values, Map<String, String> raw) {
        if (s == null || s.isEmpty()) {
            return;
        }
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(k, TextNode.valueOf(v));
            raw.put(k, v);
        }
    }

    private static String textOf(JsonNode n) {
        return n == null || n.isNull() ? null : n.isTextual() ? n.asText() : n.toString();
    }

    /** Keeps only the query string, for methods that do not read JSON bodies. */
    ApiArgs withoutJsonValues() {
        return new ApiArgs(
                kind, new LinkedHashMap<>(queryValues), queryValues, raw, invalidJson, missingCharset, formToken);
    }

    boolean has(String name) {
        JsonNode n = values.get(name);
        return n != null && !n.isNull();
    }

    /** The argument as text; null when absent. */
    String str(String name) {
        return textOf(values.get(name));
    }

    /** The argument as text; null when absent or empty. */
    String nonEmpty(String name) {
        String s = str(name);
        return s == null || s.isEmpty() ? null : s;
    }

    /** Slack reads {@code true} and {@code 1} as true. */
    Boolean bool(String name) {
        JsonNode n = values.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNumber()) {
            return n.intValue() != 0;
        }
        String s = n.asText().trim().toLowerCase(Locale.ROOT);
        return s.equals("true") || s.equals("1");
    }

    boolean bool(String name, boolean dflt) {
        Boolean b = bool(name);
        return b == null ? dflt : b;
    }

    /**
     * A JSON-valued argument: a form field holding JSON text, or a JSON body's field.
     *
     * @return null when absent
     * @throws JsonProcessingException when it is text that does not parse
     */
    JsonNode json(String name, ObjectMapper mapper) throws JsonProcessingException {
        JsonNode n = values.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return mapper.readTree(n.asText());
        }
        return n;
    }
}
