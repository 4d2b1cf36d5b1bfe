package dev.outflow.connect.slack;

import java.util.IdentityHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.outflow.connect.core.api.template.RecordScope;
import dev.outflow.connect.core.api.template.Template;
import dev.outflow.connect.core.api.template.TemplateException;

/**
 * A Block Kit template: JSON whose strings are Mustache templates. The JSON is parsed once, from
 * the operator's text; each string is rendered on its own and the result is put back as a JSON
 * string by Jackson. A value can therefore never leave its string or change the JSON around it,
 * whatever quotes or braces it holds. How a value is written depends on what Slack does with the
 * string: the {@code text} of a {@code mrkdwn} text object is mrkdwn, that of a {@code markdown}
 * block standard Markdown, and every other string ({@code plain_text}, URLs, ids, values) is shown
 * or used as it is, so its values are written as they are: escaping them would show
 * {@code &amp;} to the reader.
 */
final class BlocksTemplate {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ArrayNode blocks;
    private final Map<JsonNode, Template> strings = new IdentityHashMap<>();

    BlocksTemplate(String template, SafeMustache mustache) {
        JsonNode root;
        try {
            root = JSON.readTree(template);
        } catch (JsonProcessingException e) {
            throw new TemplateException(SlackConfig.BLOCKS_TEMPLATE + " is not JSON (line "
                    + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "); put Template tags inside JSON strings only");
        }
        if (root != null && root.isObject() && root.get("blocks") != null) {
            root = root.get("blocks"); // as Slack's Block Kit Builder exports it
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new TemplateException(
                    SlackConfig.BLOCKS_TEMPLATE + " must be a JSON array of blocks, or {\"blocks\": [...]}");
        }
        for (int i = 0; i < root.size(); i++) {
            JsonNode block = root.get(i);
            if (!block.isObject() || !block.path("type").isTextual()) {
                throw new TemplateException(
                        SlackConfig.BLOCKS_TEMPLATE + ": block " + i + " is not an object with a \"type\"");
            }
        }
        this.blocks = (ArrayNode) root;
        compileStrings(blocks, SafeMustache.Kind.PLAIN, mustache);
    }

    private void compileStrings(JsonNode node, SafeMustache.Kind kind, SafeMustache mustache) {
        if (node.isTextual()) {
            strings.put(node, mustache.compile(node.asText(), SlackConfig.BLOCKS_TEMPLATE, kind));
        } else if (node.isObject()) {
            node.properties().forEach(e -> compileStrings(e.getValue(), kindOf(node, e.getKey()), mustache));
        } else {
            node.forEach(child -> compileStrings(child, SafeMustache.Kind.PLAIN, mustache));
        }
    }

    /** The kind of text of {@code object.field}: only a mrkdwn object's or a markdown block's {@code text} is parsed by Slack. */
    static SafeMustache.Kind kindOf(JsonNode object, String field) {
        if (!field.equals("text")) {
            return SafeMustache.Kind.PLAIN;
        }
        return switch (object.path("type").asText()) {
            case "mrkdwn" -> SafeMustache.Kind.MRKDWN;
            case "markdown" -> SafeMustache.Kind.MARKDOWN;
            default -> SafeMustache.Kind.PLAIN;
        };
    }

    /** The blocks for one record, every string rendered; limits are applied by {@link BlockLimits}. */
    ArrayNode render(RecordScope scope) {
        return (ArrayNode) render(blocks, scope);
    }

    private JsonNode render(JsonNode node, RecordScope scope) {
        if (node.isTextual()) {
            return TextNode.valueOf(strings.get(node).render(scope));
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(child -> out.add(render(child, scope)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> out.set(e.getKey(), render(e.getValue(), scope)));
            return out;
        }
        return node;
    }
}
