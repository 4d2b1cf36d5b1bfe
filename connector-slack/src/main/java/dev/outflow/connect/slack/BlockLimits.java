package dev.outflow.connect.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Block Kit's limits, applied before sending so that long data is cut with a visible marker instead
 * of the whole message being refused: at most 50 blocks, section text 3,000 characters, section
 * fields and context elements 2,000, header 150, markdown blocks 12,000, and a budget for all the
 * text of a message's blocks.
 */
final class BlockLimits {

    static final int MAX_BLOCKS = 50;
    static final int SECTION_TEXT = 3_000;
    static final int FIELD_TEXT = 2_000;
    static final int HEADER_TEXT = 150;
    static final int MARKDOWN_TEXT = 12_000;
    /**
     * Slack refuses a message whose blocks hold too much text in all ({@code msg_blocks_too_long}).
     * The limit is undocumented; a public bug report measured about 13,200 characters, so stay below.
     */
    static final int MAX_TOTAL_TEXT = 12_000;

    private BlockLimits() {}

    /** Cuts every text that is over its block's limit, in place. */
    static void truncateTexts(ArrayNode blocks) {
        for (JsonNode block : blocks) {
            if (!(block instanceof ObjectNode object)) {
                continue;
            }
            switch (object.path("type").asText()) {
                case "section" -> {
                    truncateTextObject(object.get("text"), SECTION_TEXT);
                    object.path("fields").forEach(field -> truncateTextObject(field, FIELD_TEXT));
                }
                case "header" -> truncateTextObject(object.get("text"), HEADER_TEXT);
                case "context" -> object.path("elements").forEach(element -> truncateTextObject(element, FIELD_TEXT));
                case "markdown" -> truncateTextObject(object, MARKDOWN_TEXT);
                default -> {}
            }
        }
    }

    private static void truncateTextObject(JsonNode node, int max) {
        if (node instanceof ObjectNode object && object.path("text").isTextual()) {
            object.put("text", SlackText.truncate(object.get("text").asText(), max));
        }
    }

    /** The characters of every {@code text} string in the blocks, as Slack sums them. */
    static int textLength(JsonNode node) {
        int total = 0;
        if (node.isObject()) {
            JsonNode text = node.get("text");
            if (text != null && text.isTextual()) {
                total += SlackText.length(text.asText());
            }
            for (JsonNode child : node) {
                if (!child.isTextual()) {
                    total += textLength(child);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                total += textLength(child);
            }
        }
        return total;
    }

    /**
     * The blocks, or when there are more than 50 or they hold more text than Slack takes, as many
     * from the start as fit followed by a context block saying how many were left out.
     */
    static ArrayNode cap(ArrayNode blocks) {
        if (blocks.size() <= MAX_BLOCKS && textLength(blocks) <= MAX_TOTAL_TEXT) {
            return blocks;
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        int text = 0;
        for (JsonNode block : blocks) {
            int length = textLength(block);
            if (kept.size() == MAX_BLOCKS - 1 || text + length > MAX_TOTAL_TEXT - 100) {
                break;
            }
            kept.add(block);
            text += length;
        }
        kept.add(marker(blocks.size() - kept.size()));
        return kept;
    }

    /** A context block: "… n more blocks not shown". */
    static ObjectNode marker(int leftOut) {
        ObjectNode block = JsonNodeFactory.instance.objectNode();
        block.put("type", "context");
        block.putArray("elements")
                .addObject()
                .put("type", "mrkdwn")
                .put(
                        "text",
                        "… (truncated: " + leftOut + (leftOut == 1 ? " more block" : " more blocks") + " not shown)");
        return block;
    }
}
