package dev.outflow.connect.testkit.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The content of a message as chat.postMessage, chat.update and incoming webhooks receive it:
 * text, blocks, attachments and metadata, parsed and checked against Slack's rules.
 */
final class MessageContent {

    private final ObjectMapper mapper;
    private final SlackMessageLimits limits;
    private int blockIdSeq;

    MessageContent(ObjectMapper mapper, SlackMessageLimits limits) {
        this.mapper = mapper;
        this.limits = limits;
    }

    static final class Content {
        String text;
        ArrayNode blocks;
        String blocksReceived;
        boolean blocksGiven;
        ObjectNode metadata;
        String metadataReceived;
        /** The warning of metadata Slack dropped for breaking its rules, or null. */
        String metadataWarning;

        boolean hasAttachments;

        /** Slack posts the message without its metadata and warns (a fault, or metadata breaking the rules). */
        void dropMetadata() {
            metadata = null;
            metadataReceived = null;
            metadataWarning = MetadataRules.WARNING;
        }

        boolean empty() {
            return text == null && (blocks == null || blocks.isEmpty()) && !hasAttachments;
        }
    }

    /** Parses and checks text, blocks, attachments and metadata as chat.postMessage and chat.update do. */
    Content content(ApiArgs args) {
        return content(args, true);
    }

    Content content(ApiArgs args, boolean readMetadata) {
        Content c = new Content();
        JsonNode blocks;
        try {
            blocks = args.json("blocks", mapper);
        } catch (JsonProcessingException e) {
            throw new ApiError("invalid_blocks_format");
        }
        if (blocks != null) {
            c.blocksGiven = true;
            c.blocks = BlockKitValidator.validate(blocks, limits, () -> "b" + Integer.toString(++blockIdSeq, 36));
            c.blocksReceived = blocks.toString();
        }
        try {
            JsonNode att = args.json("attachments", mapper);
            c.hasAttachments = att != null && att.isArray() && !att.isEmpty();
            if (att != null && !att.isArray()) {
                throw new ApiError("invalid_attachments");
            }
        } catch (JsonProcessingException e) {
            throw new ApiError("invalid_attachments");
        }
        if (readMetadata && args.has("metadata")) {
            JsonNode md;
            try {
                md = args.json("metadata", mapper);
            } catch (JsonProcessingException e) {
                throw new ApiError("invalid_metadata_format");
            }
            if (md == null || !md.isObject()) {
                throw new ApiError("invalid_metadata_format");
            }
            if (MetadataRules.problem(md) != null) {
                c.dropMetadata(); // posted all the same, without its metadata
            } else {
                c.metadata = md.deepCopy();
                c.metadataReceived = md.toString();
            }
        }
        String text = args.str("text");
        c.text = text == null || text.isEmpty() ? null : text;
        if (c.empty()) {
            throw new ApiError("no_text");
        }
        if (c.text != null && BlockKitValidator.codePoints(c.text) > limits.maxTextChars()) {
            if (limits.longText() == SlackMessageLimits.LongText.REJECT) {
                throw new ApiError("msg_too_long");
            }
            c.text = c.text.substring(0, c.text.offsetByCodePoints(0, limits.maxTextChars()));
        }
        return c;
    }
}
