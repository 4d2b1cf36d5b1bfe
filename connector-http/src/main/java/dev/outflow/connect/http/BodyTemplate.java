package dev.outflow.connect.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.template.RecordScope;
import dev.outflow.connect.core.api.template.SafeTemplates;
import dev.outflow.connect.core.api.template.Template;
import dev.outflow.connect.core.api.template.TemplateException;

/**
 * The JSON of one record: {@code http.body.template} rendered with every value JSON-escaped (so inside
 * quotes a value stays one string, whatever quotes or backslashes it holds), or, without a template,
 * the record's value as JSON. What renders must be one JSON value; it is re-serialised compactly, so a
 * JSON array or NDJSON body is well-formed whatever the template's whitespace.
 */
final class BodyTemplate {

    /**
     * Trailing text after the value is an error: it would corrupt an array or NDJSON body. Numbers keep every
     * digit (a decimal is not squeezed through a double, nor written in exponent form) and their scale.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static final SafeTemplates TEMPLATES = new SafeTemplates(BodyTemplate::escape);

    /** Null: the record's value as JSON. */
    private final Template template;

    private BodyTemplate(Template template) {
        this.template = template;
    }

    /** @param template the body template, or null for the record's value as JSON */
    static BodyTemplate compile(String template) {
        return new BodyTemplate(template == null ? null : TEMPLATES.compile(template, HttpConfig.BODY_TEMPLATE));
    }

    static String escape(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }

    /** What the template renders for the row, before it is checked to be JSON. */
    String render(Row row) {
        return template == null ? row.toJson() : template.render(RecordScope.of(row));
    }

    /**
     * The row's JSON, compact.
     *
     * @throws TemplateException when the template renders no single JSON value (the message names the place, not
     *         the text)
     */
    String json(Row row) {
        String rendered = render(row);
        if (template == null) {
            return rendered; // the framework's JSON of the row: compact already
        }
        try {
            JsonNode node = JSON.readTree(rendered);
            if (node == null || node.isMissingNode()) {
                throw new TemplateException(HttpConfig.BODY_TEMPLATE + " rendered no JSON for the record");
            }
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            throw new TemplateException(HttpConfig.BODY_TEMPLATE + " did not render valid JSON for the record" + where);
        } catch (IOException e) {
            throw new TemplateException(HttpConfig.BODY_TEMPLATE + " did not render valid JSON for the record");
        }
    }
}
