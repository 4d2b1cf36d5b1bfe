package dev.outflow.connect.testkit.slack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the emulated workspace holds: tokens, channels, messages and incoming webhooks. */
final class WorkspaceModel {

    private WorkspaceModel() {}

    static final class Token {
        final String value;
        final TreeSet<String> scopes;
        boolean revoked;
        SlackAppKind appKind = SlackAppKind.INTERNAL;

        Token(String value, Set<String> scopes) {
            this.value = value;
            this.scopes = new TreeSet<>(scopes);
        }

        String scopeList() {
            return String.join(",", scopes);
        }
    }

    static final class Channel {
        final String id;
        final String name;
        final boolean isPrivate;
        final long created;
        boolean archived;
        boolean botMember;
        boolean deleted;
        final List<Msg> messages = new ArrayList<>();
        final Map<String, Msg> byTs = new HashMap<>();

        Channel(String id, String name, boolean isPrivate, long created) {
            this.id = id;
            this.name = name;
            this.isPrivate = isPrivate;
            this.created = created;
        }

        SlackChannel snapshot() {
            return new SlackChannel(id, name, isPrivate, archived, botMember);
        }

        Msg live(String ts) {
            Msg m = ts == null ? null : byTs.get(ts);
            return m == null || m.deleted ? null : m;
        }
    }

    static final class Msg {
        final String channel;
        final String ts;
        final long micros;
        /** The thread's parent ts for a reply, else null. */
        final String threadTs;

        final String user;
        final String botId;
        final String source;
        final boolean replyBroadcast;
        final Boolean unfurlLinks;
        final Boolean unfurlMedia;
        final Boolean mrkdwn;
        String text;
        ArrayNode blocks;
        String blocksReceived;
        ObjectNode metadata;
        String metadataReceived;
        String editedTs;
        int editCount;
        boolean deleted;
        final List<Msg> replies = new ArrayList<>();

        Msg(
                String channel,
                String ts,
                String threadTs,
                String user,
                String botId,
                String source,
                boolean replyBroadcast,
                Boolean unfurlLinks,
                Boolean unfurlMedia,
                Boolean mrkdwn) {
            this.channel = channel;
            this.ts = ts;
            this.micros = SlackWorkspace.tsMicros(ts);
            this.threadTs = threadTs;
            this.user = user;
            this.botId = botId;
            this.source = source;
            this.replyBroadcast = replyBroadcast;
            this.unfurlLinks = unfurlLinks;
            this.unfurlMedia = unfurlMedia;
            this.mrkdwn = mrkdwn;
        }

        List<Msg> liveReplies() {
            List<Msg> out = new ArrayList<>();
            for (Msg r : replies) {
                if (!r.deleted) {
                    out.add(r);
                }
            }
            return out;
        }

        SlackMessage snapshot() {
            return new SlackMessage(
                    channel,
                    ts,
                    threadTs,
                    text,
                    blocksReceived,
                    metadataReceived,
                    editCount > 0,
                    editCount,
                    replyBroadcast,
                    liveReplies().size(),
                    user,
                    botId,
                    source,
                    unfurlLinks,
                    unfurlMedia,
                    mrkdwn);
        }
    }

    static final class Webhook {
        final String secret;
        final String channelId;
        boolean revoked;

        Webhook(String secret, String channelId) {
            this.secret = secret;
            this.channelId = channelId;
        }
    }
}
