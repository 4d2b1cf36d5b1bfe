package dev.outflow.connect.slack;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.slack.MessageTemplates.Rendered;

/**
 * Folds the messages of records waiting for a channel into one digest message: as many as fit,
 * from the first, within Slack's 4,000 characters of text and, with blocks, 50 blocks and the
 * blocks' text budget. Every record folded appears whole, in order; the first always fits (it was
 * truncated to the limits when rendered).
 */
final class DigestFolder {

    /** A digest of the first {@code records} messages. */
    record Digest(int records, String text, ArrayNode blocks) {}

    private DigestFolder() {}

    static String header(int records) {
        return "_" + records + " records_";
    }

    static Digest fold(List<Rendered> messages) {
        // the header's length depends on the count; reserve room for the longest
        int textBudget = SlackText.MAX_TEXT_CHARS - header(messages.size()).length() - 1;
        boolean withBlocks = messages.get(0).blocks() != null;
        int textUsed = 0;
        int blocksUsed = 0;
        int blockTextUsed = 0;
        int count = 0;
        for (Rendered message : messages) {
            int text = SlackText.length(message.text()) + (count == 0 ? 0 : 1);
            int blocks = withBlocks ? message.blocks().size() : 0;
            int blockText = withBlocks ? BlockLimits.textLength(message.blocks()) : 0;
            boolean fits = textUsed + text <= textBudget
                    && blocksUsed + blocks <= BlockLimits.MAX_BLOCKS
                    && blockTextUsed + blockText <= BlockLimits.MAX_TOTAL_TEXT;
            if (count > 0 && !fits) {
                break;
            }
            textUsed += text;
            blocksUsed += blocks;
            blockTextUsed += blockText;
            count++;
        }
        StringBuilder text = new StringBuilder(header(count));
        ArrayNode blocks = withBlocks ? JsonNodeFactory.instance.arrayNode() : null;
        for (Rendered message : messages.subList(0, count)) {
            text.append('\n').append(message.text());
            if (withBlocks) {
                for (JsonNode block : message.blocks()) {
                    ObjectNode copy = ((ObjectNode) block).deepCopy();
                    copy.remove("block_id"); // ids must be unique in a message; each record's blocks repeat them
                    blocks.add(copy);
                }
            }
        }
        return new Digest(
                count,
                SlackText.truncate(text.toString(), SlackText.MAX_TEXT_CHARS),
                withBlocks ? BlockLimits.cap(blocks) : null);
    }
}
