package dev.outflow.connect.testkit.slack;

import static dev.outflow.connect.testkit.slack.SlackWorkspace.APP_ID;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.BOT_ID;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.BOT_USER_NAME;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.NO_TEXT_FALLBACK;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.TEAM_ID;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.testkit.slack.WorkspaceModel.Channel;
import dev.outflow.connect.testkit.slack.WorkspaceModel.Msg;

/** Messages as the Web API shows them in answers, history and replies. */
final class MessageViews {

    private final SlackWorkspace ws;

    MessageViews(SlackWorkspace ws) {
        this.ws = ws;
    }

    ObjectNode messageJson(Msg m, boolean withMetadata) {
        ObjectNode o = ws.mapper.createObjectNode();
        if (m.botId != null) {
            o.put("bot_id", m.botId);
        }
        o.put("type", "message");
        if (m.replyBroadcast) {
            o.put("subtype", "thread_broadcast");
        }
        o.put("text", m.text != null ? m.text : NO_TEXT_FALLBACK);
        o.put("user", m.user);
        o.put("ts", m.ts);
        if (m.botId != null) {
            o.put("app_id", APP_ID);
        } else {
            o.put(
                    "client_msg_id",
                    "00000000-0000-4000-8000-" + String.format(Locale.ROOT, "%012d", m.micros % 1_000_000_000_000L));
        }
        if (m.blocks != null && !m.blocks.isEmpty()) {
            o.set("blocks", m.blocks.deepCopy());
        }
        o.put("team", TEAM_ID);
        if (m.botId != null) {
            ObjectNode bp = o.putObject("bot_profile");
            bp.put("id", BOT_ID);
            bp.put("app_id", APP_ID);
            bp.put("name", BOT_USER_NAME);
            bp.put("deleted", false);
            bp.put("team_id", TEAM_ID);
        }
        if (m.editedTs != null) {
            ObjectNode e = o.putObject("edited");
            e.put("user", m.user);
            e.put("ts", m.editedTs);
        }
        if (m.threadTs != null) {
            o.put("thread_ts", m.threadTs);
            o.put("parent_user_id", parentUser(m));
        } else {
            List<Msg> replies = m.liveReplies();
            if (!replies.isEmpty()) {
                o.put("thread_ts", m.ts);
                o.put("reply_count", replies.size());
                TreeSet<String> users = new TreeSet<>();
                replies.forEach(r -> users.add(r.user));
                ArrayNode ru = o.putArray("reply_users");
                users.forEach(ru::add);
                o.put("reply_users_count", users.size());
                o.put("latest_reply", replies.get(replies.size() - 1).ts);
            }
        }
        if (withMetadata && m.metadata != null) {
            o.set("metadata", m.metadata.deepCopy());
        }
        return o;
    }

    private String parentUser(Msg reply) {
        Channel c = ws.channels.get(reply.channel);
        Msg p = c == null ? null : c.byTs.get(reply.threadTs);
        return p == null ? reply.user : p.user;
    }

    ObjectNode ok() {
        ObjectNode o = ws.mapper.createObjectNode();
        o.put("ok", true);
        return o;
    }
}
