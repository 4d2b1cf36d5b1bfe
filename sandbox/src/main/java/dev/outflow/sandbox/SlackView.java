package dev.outflow.sandbox;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.testkit.slack.SlackChannel;
import dev.outflow.connect.testkit.slack.SlackEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;

/**
 * The Slack workspace as the web page shows it: each channel's latest messages with their thread
 * replies. A real workspace is not read back: the page says which channel to open.
 */
final class SlackView {

    static final int MESSAGES_SHOWN = 30;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SlackEmulator emulator;
    private final String channel;

    /** {@code emulator} null: the connector posts to {@code channel} in a real workspace. */
    SlackView(SlackEmulator emulator, String channel) {
        this.emulator = emulator;
        this.channel = channel;
    }

    /** {mode, channel, channels: [{id, name, messageCount, messages: [{ts, text, replies: [..]}]}]}. */
    ObjectNode json() {
        ObjectNode json = JSON.createObjectNode()
                .put("mode", emulator == null ? "slack" : "emulator")
                .put("channel", channel);
        ArrayNode channels = json.putArray("channels");
        if (emulator != null) {
            for (SlackChannel each : emulator.channels()) {
                List<SlackMessage> top = emulator.topLevelMessages(each.id());
                ObjectNode shown = channels.addObject()
                        .put("id", each.id())
                        .put("name", each.name())
                        .put("messageCount", top.size());
                ArrayNode messages = shown.putArray("messages");
                for (SlackMessage message : top.subList(Math.max(0, top.size() - MESSAGES_SHOWN), top.size())) {
                    ObjectNode node = message(message);
                    ArrayNode replies = node.putArray("replies");
                    emulator.replies(each.id(), message.ts()).forEach(reply -> replies.add(message(reply)));
                    messages.add(node);
                }
            }
        }
        return json;
    }

    private static ObjectNode message(SlackMessage message) {
        return JSON.createObjectNode().put("ts", message.ts()).put("text", text(message));
    }

    /** The message text; for a Block Kit message without text, the texts of its blocks. */
    private static String text(SlackMessage message) {
        if (message.text() != null || message.blocksJson() == null) {
            return message.text();
        }
        try {
            StringBuilder texts = new StringBuilder();
            for (JsonNode text : JSON.readTree(message.blocksJson()).findValues("text")) {
                if (text.isTextual()) {
                    texts.append(texts.isEmpty() ? "" : "\n").append(text.asText());
                }
            }
            return texts.toString();
        } catch (JsonProcessingException e) {
            return "(blocks the page cannot read)";
        }
    }
}
