package dev.outflow.connect.testkit.slack;

import static dev.outflow.connect.testkit.slack.SlackWorkspace.BOT_ID;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.BOT_USER_ID;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.NO_TEXT_FALLBACK;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.testkit.slack.WorkspaceModel.Channel;
import dev.outflow.connect.testkit.slack.WorkspaceModel.Msg;

/** chat.postMessage, chat.update and chat.delete. */
final class ChatMethods {

    private static final Pattern TS = Pattern.compile("\\d{1,12}\\.\\d{6}");

    private final SlackWorkspace ws;

    ChatMethods(SlackWorkspace ws) {
        this.ws = ws;
    }

    ObjectNode postMessage(SlackWorkspace.Call c) {
        ApiArgs a = c.args();
        Channel ch = ws.visible(ws.resolveByIdOrName(a.nonEmpty("channel")));
        if (ch == null) {
            throw new ApiError("channel_not_found");
        }
        long retryAfter = ws.rateLimits.acquireChannel(ch.id);
        if (retryAfter > 0) {
            throw ws.rateLimited(retryAfter, ch.id);
        }
        if (ch.archived) {
            throw new ApiError("is_archived");
        }
        if (!ch.botMember && !(!ch.isPrivate && c.token().scopes.contains("chat:write.public"))) {
            throw new ApiError("not_in_channel");
        }
        String threadTs = a.str("thread_ts");
        if (threadTs != null && !TS.matcher(threadTs).matches()) {
            throw new ApiError("invalid_thread_ts")
                    .messages(List.of("[ERROR] " + threadTs + " is not a valid thread_ts"));
        }
        MessageContent.Content content = ws.content.content(a);
        if (c.dropMetadata()) {
            content.dropMetadata();
        }
        String parentTs = null;
        Msg parent = null;
        if (threadTs != null) {
            Msg target = ch.live(threadTs);
            if (target != null) {
                // a reply to a reply goes into the same thread
                parent = target.threadTs == null ? target : ch.live(target.threadTs);
                parentTs = target.threadTs == null ? target.ts : target.threadTs;
            } else {
                // Slack answers ok and files the message under a thread nobody can see
                parentTs = threadTs;
            }
        }
        boolean broadcast = parentTs != null && a.bool("reply_broadcast", false);
        Msg m = ws.store(
                ch,
                parentTs,
                parent,
                content,
                BOT_USER_ID,
                BOT_ID,
                "chat.postMessage",
                broadcast,
                a.bool("unfurl_links"),
                a.bool("unfurl_media"),
                a.bool("mrkdwn"));
        ObjectNode o = ws.views.ok();
        o.put("channel", ch.id);
        o.put("ts", m.ts);
        o.set("message", ws.views.messageJson(m, true));
        if (content.metadataWarning != null) {
            SlackWorkspace.addWarning(o, content.metadataWarning);
        }
        return o;
    }

    private Msg ownMessage(Channel ch, ApiArgs a, String notOwnError) {
        String ts = a.nonEmpty("ts");
        Msg m = ch.live(ts);
        if (m == null) {
            throw new ApiError("message_not_found");
        }
        if (!BOT_ID.equals(m.botId)) {
            throw new ApiError(notOwnError);
        }
        return m;
    }

    ObjectNode update(SlackWorkspace.Call c) {
        ApiArgs a = c.args();
        Channel ch = ws.channelById(a);
        Msg m = ownMessage(ch, a, "cant_update_message");
        if (ch.archived) {
            throw new ApiError("is_archived");
        }
        MessageContent.Content content = ws.content.content(a);
        if (c.dropMetadata()) {
            content.dropMetadata();
        }
        if (content.text != null) {
            m.text = content.text; // absent text keeps the old text, as in Slack
        }
        if (content.blocksGiven) {
            m.blocks = content.blocks;
            m.blocksReceived = content.blocks.isEmpty() ? null : content.blocksReceived;
        }
        if (content.metadata != null) {
            m.metadata = content.metadata;
            m.metadataReceived = content.metadataReceived;
        }
        m.editCount++;
        m.editedTs = ws.nextTs();
        ObjectNode o = ws.views.ok();
        o.put("channel", ch.id);
        o.put("ts", m.ts);
        o.put("text", m.text != null ? m.text : NO_TEXT_FALLBACK);
        ObjectNode msg = ws.views.messageJson(m, true);
        msg.remove("ts");
        o.set("message", msg);
        if (content.metadataWarning != null) {
            SlackWorkspace.addWarning(o, content.metadataWarning);
        }
        return o;
    }

    ObjectNode delete(SlackWorkspace.Call c) {
        ApiArgs a = c.args();
        Channel ch = ws.channelById(a);
        Msg m = ownMessage(ch, a, "cant_delete_message");
        m.deleted = true;
        ObjectNode o = ws.views.ok();
        o.put("channel", ch.id);
        o.put("ts", m.ts);
        return o;
    }
}
