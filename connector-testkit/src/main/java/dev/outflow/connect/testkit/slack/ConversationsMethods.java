package dev.outflow.connect.testkit.slack;

import static dev.outflow.connect.testkit.slack.SlackWorkspace.HUMAN_USER_ID;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.TEAM_ID;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.tsMicros;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.testkit.slack.WorkspaceModel.Channel;
import dev.outflow.connect.testkit.slack.WorkspaceModel.Msg;

/** conversations.history, conversations.replies and conversations.info: reading channels. */
final class ConversationsMethods {

    private static final int HISTORY_DEFAULT_LIMIT = 100;
    private static final int HISTORY_MAX_LIMIT = 999;
    private static final int REPLIES_DEFAULT_LIMIT = 1000;
    private static final int REPLIES_MAX_LIMIT = 1000;
    /** Non-Marketplace apps: "the maximum and default for the limit parameter has been reduced to 15 objects". */
    private static final int NON_MARKETPLACE_LIMIT = 15;

    private final SlackWorkspace ws;

    ConversationsMethods(SlackWorkspace ws) {
        this.ws = ws;
    }

    private static Long boundMicros(ApiArgs args, String name, String error) {
        String s = args.nonEmpty(name);
        if (s == null) {
            return null;
        }
        if (!s.matches("\\d{1,12}(\\.\\d{1,6})?")) {
            throw new ApiError(error);
        }
        return tsMicros(s);
    }

    private Channel readableChannel(SlackWorkspace.Call c) {
        Channel ch = ws.channelById(c.args());
        ws.requireChannelScope(ch, c.token(), "channels:history", "groups:history");
        if (!ch.botMember) {
            throw new ApiError("not_in_channel");
        }
        return ch;
    }

    private static boolean nonMarketplace(SlackWorkspace.Call c) {
        return c.token().appKind == SlackAppKind.NON_MARKETPLACE;
    }

    private static int limit(ApiArgs a, int dflt, int max) {
        String s = a.nonEmpty("limit");
        if (s == null) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new ApiError("invalid_limit");
        }
        if (n < 0) {
            throw new ApiError("invalid_limit");
        }
        return n == 0 ? dflt : Math.min(n, max);
    }

    private static String cursorFor(long micros) {
        return Base64.getEncoder().encodeToString(("next_ts:" + micros).getBytes(StandardCharsets.UTF_8));
    }

    private static Long cursorMicros(ApiArgs a) {
        String s = a.nonEmpty("cursor");
        if (s == null) {
            return null;
        }
        try {
            String d = new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
            if (!d.matches("next_ts:\\d{1,18}")) {
                throw new ApiError("invalid_cursor");
            }
            return Long.parseLong(d.substring("next_ts:".length()));
        } catch (IllegalArgumentException e) {
            throw new ApiError("invalid_cursor");
        }
    }

    private static boolean inRange(long micros, Long oldest, Long latest, boolean inclusive) {
        if (latest != null && (inclusive ? micros > latest : micros >= latest)) {
            return false;
        }
        return oldest == null || (inclusive ? micros >= oldest : micros > oldest);
    }

    ObjectNode history(SlackWorkspace.Call c) {
        ApiArgs a = c.args();
        Channel ch = readableChannel(c);
        int limit = nonMarketplace(c)
                ? limit(a, NON_MARKETPLACE_LIMIT, NON_MARKETPLACE_LIMIT)
                : limit(a, HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT);
        Long cursor = cursorMicros(a);
        Long latest = boundMicros(a, "latest", "invalid_ts_latest");
        Long oldest = boundMicros(a, "oldest", "invalid_ts_oldest");
        boolean inclusive = a.bool("inclusive", false);
        boolean withMetadata = a.bool("include_all_metadata", false);
        List<Msg> candidates = new ArrayList<>();
        for (int i = ch.messages.size() - 1; i >= 0; i--) {
            Msg m = ch.messages.get(i);
            if (m.deleted || (m.threadTs != null && !m.replyBroadcast)) {
                continue;
            }
            if (!inRange(m.micros, oldest, latest, inclusive) || (cursor != null && m.micros > cursor)) {
                continue;
            }
            candidates.add(m);
        }
        ObjectNode o = ws.views.ok();
        ArrayNode arr = o.putArray("messages");
        for (int i = 0; i < Math.min(limit, candidates.size()); i++) {
            arr.add(ws.views.messageJson(candidates.get(i), withMetadata));
        }
        boolean more = candidates.size() > limit;
        o.put("has_more", more);
        o.put("pin_count", 0);
        o.putNull("channel_actions_ts");
        o.put("channel_actions_count", 0);
        if (more) {
            o.putObject("response_metadata").put("next_cursor", cursorFor(candidates.get(limit).micros));
        }
        return o;
    }

    ObjectNode replies(SlackWorkspace.Call c) {
        ApiArgs a = c.args();
        Channel ch = readableChannel(c);
        String ts = a.nonEmpty("ts");
        Msg target = ch.live(ts);
        Msg parent = target == null ? null : target.threadTs == null ? target : ch.live(target.threadTs);
        if (parent == null) {
            throw new ApiError("thread_not_found");
        }
        int limit = nonMarketplace(c)
                ? limit(a, NON_MARKETPLACE_LIMIT, NON_MARKETPLACE_LIMIT)
                : limit(a, REPLIES_DEFAULT_LIMIT, REPLIES_MAX_LIMIT);
        Long cursor = cursorMicros(a);
        Long latest = boundMicros(a, "latest", "invalid_ts_latest");
        Long oldest = boundMicros(a, "oldest", "invalid_ts_oldest");
        boolean inclusive = a.bool("inclusive", false);
        boolean withMetadata = a.bool("include_all_metadata", false);
        List<Msg> candidates = new ArrayList<>();
        for (Msg r : parent.liveReplies()) {
            if (inRange(r.micros, oldest, latest, inclusive) && (cursor == null || r.micros >= cursor)) {
                candidates.add(r);
            }
        }
        int take = Math.max(1, limit - 1);
        ObjectNode o = ws.views.ok();
        ArrayNode arr = o.putArray("messages");
        arr.add(ws.views.messageJson(parent, withMetadata));
        for (int i = 0; i < Math.min(take, candidates.size()); i++) {
            arr.add(ws.views.messageJson(candidates.get(i), withMetadata));
        }
        boolean more = candidates.size() > take;
        o.put("has_more", more);
        if (more) {
            o.putObject("response_metadata").put("next_cursor", cursorFor(candidates.get(take).micros));
        }
        return o;
    }

    ObjectNode info(SlackWorkspace.Call c) {
        Channel ch = ws.channelById(c.args());
        ws.requireChannelScope(ch, c.token(), "channels:read", "groups:read");
        ObjectNode o = ws.views.ok();
        ObjectNode j = o.putObject("channel");
        j.put("id", ch.id);
        j.put("name", ch.name);
        j.put("is_channel", !ch.isPrivate);
        j.put("is_group", ch.isPrivate);
        j.put("is_im", false);
        j.put("is_mpim", false);
        j.put("is_private", ch.isPrivate);
        j.put("created", ch.created);
        j.put("is_archived", ch.archived);
        j.put("is_general", false);
        j.put("unlinked", 0);
        j.put("name_normalized", ch.name);
        j.put("is_shared", false);
        j.put("is_org_shared", false);
        j.put("is_pending_ext_shared", false);
        j.put("is_ext_shared", false);
        j.put("context_team_id", TEAM_ID);
        j.put("creator", HUMAN_USER_ID);
        j.put("is_member", ch.botMember);
        ObjectNode topic = j.putObject("topic");
        topic.put("value", "");
        topic.put("creator", "");
        topic.put("last_set", 0);
        ObjectNode purpose = j.putObject("purpose");
        purpose.put("value", "");
        purpose.put("creator", "");
        purpose.put("last_set", 0);
        if (c.args().bool("include_num_members", false)) {
            j.put("num_members", ch.botMember ? 2 : 1);
        }
        return o;
    }
}
