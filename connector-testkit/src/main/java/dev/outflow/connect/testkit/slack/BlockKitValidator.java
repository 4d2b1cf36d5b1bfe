package dev.outflow.connect.testkit.slack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Checks Block Kit blocks for a message the way Slack refuses them: {@code invalid_blocks} with
 * {@code response_metadata.messages} naming a JSON pointer, or {@code msg_blocks_too_long}.
 * Covers the layout blocks a connector renders; other block types are refused.
 */
final class BlockKitValidator {

    static final Set<String> BLOCK_TYPES =
            Set.of("section", "header", "divider", "context", "actions", "image", "rich_text", "markdown");
    private static final Set<String> TEXT_TYPES = Set.of("plain_text", "mrkdwn");
    private static final Set<String> RICH_TEXT_CONTAINERS =
            Set.of("rich_text_section", "rich_text_list", "rich_text_preformatted", "rich_text_quote");
    private static final Set<String> RICH_TEXT_ELEMENTS =
            Set.of("text", "link", "emoji", "user", "channel", "usergroup", "broadcast", "date", "color", "team");

    static final int SECTION_TEXT_MAX = 3000;
    static final int SECTION_FIELD_MAX = 2000;
    static final int SECTION_FIELDS_MAX = 10;
    static final int HEADER_TEXT_MAX = 150;
    static final int MARKDOWN_TEXT_MAX = 12_000;
    static final int CONTEXT_ELEMENTS_MAX = 10;
    static final int ACTIONS_ELEMENTS_MAX = 25;
    static final int BUTTON_TEXT_MAX = 75;
    static final int BLOCK_ID_MAX = 255;
    static final int IMAGE_URL_MAX = 3000;
    static final int ALT_TEXT_MAX = 2000;

    private final List<String> errors = new ArrayList<>();
    private final Set<String> blockIds = new HashSet<>();

    private BlockKitValidator() {}

    /**
     * @param blocks the parsed {@code blocks} argument: must be an array
     * @return a copy to store, with a {@code block_id} on every block (Slack adds one when missing)
     */
    static ArrayNode validate(JsonNode blocks, SlackMessageLimits limits, BlockIdSource ids) {
        if (blocks == null || !blocks.isArray()) {
            throw new ApiError("invalid_blocks_format");
        }
        if (blocks.size() > limits.maxBlocks()) {
            throw new ApiError("invalid_blocks")
                    .messages(List.of(
                            "[ERROR] no more than " + limits.maxBlocks() + " items allowed [json-pointer:/blocks]"));
        }
        BlockKitValidator v = new BlockKitValidator();
        for (int i = 0; i < blocks.size(); i++) {
            v.block(blocks.get(i), "/blocks/" + i);
        }
        if (!v.errors.isEmpty()) {
            throw new ApiError("invalid_blocks").messages(v.errors);
        }
        if (textChars(blocks) > limits.maxBlocksTextChars()) {
            throw new ApiError("msg_blocks_too_long");
        }
        ArrayNode copy = blocks.deepCopy();
        for (JsonNode b : copy) {
            if (!b.hasNonNull("block_id")) {
                ((ObjectNode) b).put("block_id", ids.next());
            }
        }
        return copy;
    }

    /** Gives block ids to blocks that came without one. */
    interface BlockIdSource {
        String next();
    }

    static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Characters in every {@code "text"} string anywhere in the blocks. */
    static long textChars(JsonNode node) {
        long n = 0;
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals("text") && e.getValue().isTextual()) {
                    n += codePoints(e.getValue().asText());
                } else {
                    n += textChars(e.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode c : node) {
                n += textChars(c);
            }
        }
        return n;
    }

    private void error(String message, String pointer) {
        errors.add("[ERROR] " + message + " [json-pointer:" + pointer + "]");
    }

    private void block(JsonNode b, String at) {
        if (!b.isObject()) {
            error("expected an object", at);
            return;
        }
        JsonNode type = b.get("type");
        if (type == null || !type.isTextual()) {
            error("missing required field: type", at);
            return;
        }
        JsonNode blockId = b.get("block_id");
        if (blockId != null) {
            if (!blockId.isTextual() || blockId.asText().isEmpty()) {
                error("must be a non-empty string", at + "/block_id");
            } else if (codePoints(blockId.asText()) > BLOCK_ID_MAX) {
                error("must be less than " + (BLOCK_ID_MAX + 1) + " characters", at + "/block_id");
            } else if (!blockIds.add(blockId.asText())) {
                error("duplicate block_id " + blockId.asText(), at + "/block_id");
            }
        }
        switch (type.asText()) {
            case "section":
                section(b, at);
                break;
            case "header":
                required(b, "text", at).ifPresent(t -> textObject(t, at + "/text", HEADER_TEXT_MAX, true));
                break;
            case "divider":
                break;
            case "context":
                context(b, at);
                break;
            case "actions":
                actions(b, at);
                break;
            case "image":
                image(b, at, true);
                break;
            case "rich_text":
                richText(b, at);
                break;
            case "markdown":
                required(b, "text", at).ifPresent(t -> string(t, at + "/text", MARKDOWN_TEXT_MAX));
                break;
            default:
                error("unsupported type: " + type.asText(), at + "/type");
        }
    }

    private java.util.Optional<JsonNode> required(JsonNode obj, String field, String at) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            error("missing required field: " + field, at);
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(v);
    }

    private void string(JsonNode s, String at, int max) {
        if (!s.isTextual()) {
            error("expected a string", at);
        } else if (s.asText().isEmpty()) {
            error("must be more than 0 characters", at);
        } else if (codePoints(s.asText()) > max) {
            error("must be less than " + (max + 1) + " characters", at);
        }
    }

    private void textObject(JsonNode t, String at, int max, boolean plainOnly) {
        if (!t.isObject()) {
            error("expected a text object", at);
            return;
        }
        JsonNode type = t.get("type");
        if (type == null || !type.isTextual()) {
            error("missing required field: type", at);
        } else if (!TEXT_TYPES.contains(type.asText())) {
            error("must be one of plain_text, mrkdwn", at + "/type");
        } else if (plainOnly && !type.asText().equals("plain_text")) {
            error("must be plain_text", at + "/type");
        }
        JsonNode text = t.get("text");
        if (text == null || text.isNull()) {
            error("missing required field: text", at);
        } else {
            string(text, at + "/text", max);
        }
        JsonNode emoji = t.get("emoji");
        if (emoji != null && !emoji.isBoolean()) {
            error("expected a boolean", at + "/emoji");
        }
        JsonNode verbatim = t.get("verbatim");
        if (verbatim != null && !verbatim.isBoolean()) {
            error("expected a boolean", at + "/verbatim");
        }
    }

    private void section(JsonNode b, String at) {
        JsonNode text = b.get("text");
        JsonNode fields = b.get("fields");
        if ((text == null || text.isNull()) && (fields == null || fields.isNull())) {
            error("must provide either text or fields", at);
        }
        if (text != null && !text.isNull()) {
            textObject(text, at + "/text", SECTION_TEXT_MAX, false);
        }
        if (fields != null && !fields.isNull()) {
            if (!fields.isArray() || fields.isEmpty()) {
                error("must be a non-empty array", at + "/fields");
            } else {
                if (fields.size() > SECTION_FIELDS_MAX) {
                    error("no more than " + SECTION_FIELDS_MAX + " items allowed", at + "/fields");
                }
                for (int i = 0; i < fields.size(); i++) {
                    textObject(fields.get(i), at + "/fields/" + i, SECTION_FIELD_MAX, false);
                }
            }
        }
        JsonNode accessory = b.get("accessory");
        if (accessory != null
                && (!accessory.isObject() || !accessory.path("type").isTextual())) {
            error("accessory must be an element object with a type", at + "/accessory");
        }
    }

    private void elements(JsonNode b, String at, int max) {
        // shared checks for context and actions
        JsonNode els = b.get("elements");
        if (els == null || els.isNull()) {
            error("missing required field: elements", at);
        } else if (!els.isArray() || els.isEmpty()) {
            error("must be a non-empty array", at + "/elements");
        } else if (els.size() > max) {
            error("no more than " + max + " items allowed", at + "/elements");
        }
    }

    private void context(JsonNode b, String at) {
        elements(b, at, CONTEXT_ELEMENTS_MAX);
        JsonNode els = b.path("elements");
        for (int i = 0; els.isArray() && i < els.size(); i++) {
            JsonNode e = els.get(i);
            String p = at + "/elements/" + i;
            if ("image".equals(e.path("type").asText(null))) {
                image(e, p, false);
            } else {
                textObject(e, p, SECTION_TEXT_MAX, false);
            }
        }
    }

    private void actions(JsonNode b, String at) {
        elements(b, at, ACTIONS_ELEMENTS_MAX);
        JsonNode els = b.path("elements");
        for (int i = 0; els.isArray() && i < els.size(); i++) {
            JsonNode e = els.get(i);
            String p = at + "/elements/" + i;
            if (!e.isObject() || !e.path("type").isTextual()) {
                error("missing required field: type", p);
            } else if (e.get("type").asText().equals("button")) {
                required(e, "text", p).ifPresent(t -> textObject(t, p + "/text", BUTTON_TEXT_MAX, true));
            }
        }
    }

    private void image(JsonNode b, String at, boolean block) {
        JsonNode url = b.get("image_url");
        JsonNode file = b.get("slack_file");
        if ((url == null || url.isNull()) && (file == null || file.isNull())) {
            error("must provide either image_url or slack_file", at);
        }
        if (url != null && !url.isNull()) {
            string(url, at + "/image_url", IMAGE_URL_MAX);
        }
        required(b, "alt_text", at).ifPresent(t -> string(t, at + "/alt_text", ALT_TEXT_MAX));
        JsonNode title = b.get("title");
        if (block && title != null && !title.isNull()) {
            textObject(title, at + "/title", ALT_TEXT_MAX, true);
        }
    }

    private void richText(JsonNode b, String at) {
        JsonNode els = b.get("elements");
        if (els == null || !els.isArray()) {
            error("missing required field: elements", at);
            return;
        }
        for (int i = 0; i < els.size(); i++) {
            richTextContainer(els.get(i), at + "/elements/" + i);
        }
    }

    private void richTextContainer(JsonNode c, String at) {
        String type = c.path("type").asText("");
        if (!RICH_TEXT_CONTAINERS.contains(type)) {
            error("must be one of " + String.join(", ", new java.util.TreeSet<>(RICH_TEXT_CONTAINERS)), at + "/type");
            return;
        }
        JsonNode inner = c.get("elements");
        if (inner == null || !inner.isArray()) {
            error("missing required field: elements", at);
            return;
        }
        if (type.equals("rich_text_list")) {
            String style = c.path("style").asText("");
            if (!style.equals("bullet") && !style.equals("ordered")) {
                error("must be one of bullet, ordered", at + "/style");
            }
            for (int i = 0; i < inner.size(); i++) {
                JsonNode s = inner.get(i);
                if (!"rich_text_section".equals(s.path("type").asText())) {
                    error("must be rich_text_section", at + "/elements/" + i + "/type");
                } else {
                    richTextContainer(s, at + "/elements/" + i);
                }
            }
            return;
        }
        for (int i = 0; i < inner.size(); i++) {
            JsonNode e = inner.get(i);
            String p = at + "/elements/" + i;
            String et = e.path("type").asText("");
            if (!RICH_TEXT_ELEMENTS.contains(et)) {
                error("unsupported rich text element type: " + et, p + "/type");
            } else if (et.equals("text")) {
                JsonNode text = e.get("text");
                if (text == null || !text.isTextual()) {
                    error("missing required field: text", p);
                }
            } else if (et.equals("link")) {
                if (!e.path("url").isTextual()) {
                    error("missing required field: url", p);
                }
            }
        }
    }
}
