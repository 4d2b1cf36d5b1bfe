package dev.outflow.connect.testkit.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The state of the emulated workspace and the Web API methods over it. Every method runs under the
 * workspace's monitor.
 */
final class SlackWorkspace {

    static final String TEAM_ID = "T000";
    static final String TEAM_NAME = "Outflow Emulator";
    static final String TEAM_URL = "https://outflow-emulator.slack.com/";
    static final String BOT_USER_ID = "U0BOT";
    static final String BOT_USER_NAME = "outflow";
    static final String BOT_ID = "B0BOT";
    static final String APP_ID = "A0APP";
    static final String HUMAN_USER_ID = "U0HUMAN";
    /** What Slack shows as {@code text} of a message that was posted with blocks and no text. */
    static final String NO_TEXT_FALLBACK = "This content can't be displayed.";

    private static final Pattern TS = Pattern.compile("\\d{1,12}\\.\\d{6}");
    private static final Pattern CHANNEL_ID = Pattern.compile("[CG][A-Z0-9]{2,}");
    private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,79}");
    private static final int HISTORY_DEFAULT_LIMIT = 100;
    private static final int HISTORY_MAX_LIMIT = 999;
    private static final int REPLIES_DEFAULT_LIMIT = 1000;
    private static final int REPLIES_MAX_LIMIT = 1000;

    final ObjectMapper mapper = new ObjectMapper();
    final Clock clock;
    final SlackMessageLimits limits = new SlackMessageLimits();
    final SlackRateLimits rateLimits;

    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, Webhook> webhooks = new HashMap<>();
    private final Map<String, Integer> postsByChannel = new HashMap<>();
    private final Map<String, Integer> rateLimitedByChannel = new HashMap<>();
    private int rateLimitedTotal;
    private long lastTsMicros;
    private int channelSeq;
    private int blockIdSeq;

    private final Map<String, MethodSpec> methods = new HashMap<>();

    SlackWorkspace(Clock clock) {
        this.clock = clock;
        this.rateLimits = new SlackRateLimits(clock, this);
        methods.put("auth.test", new MethodSpec(true, List.of(), this::authTest));
        methods.put("chat.postMessage", new MethodSpec(true, List.of("chat:write"), this::postMessage));
        methods.put("chat.update", new MethodSpec(true, List.of("chat:write"), this::update));
        methods.put("chat.delete", new MethodSpec(true, List.of("chat:write"), this::delete));
        methods.put("conversations.history", new MethodSpec(false,
                List.of("channels:history", "groups:history", "mpim:history", "im:history"), this::history));
        methods.put("conversations.replies", new MethodSpec(false,
                List.of("channels:history", "groups:history", "mpim:history", "im:history"), this::replies));
        methods.put("conversations.info", new MethodSpec(false,
                List.of("channels:read", "groups:read", "mpim:read", "im:read"), this::info));
    }

    // ------------------------------------------------------------------ model

    static final class Token {
        final String value;
        final TreeSet<String> scopes;
        boolean revoked;

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

        Msg(String channel, String ts, String threadTs, String user, String botId, String source,
            boolean replyBroadcast, Boolean unfurlLinks, Boolean unfurlMedia, Boolean mrkdwn) {
            this.channel = channel;
            this.ts = ts;
            this.micros = tsMicros(ts);
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
            return new SlackMessage(channel, ts, threadTs, text, blocksReceived, metadataReceived, editCount > 0,
                    editCount, replyBroadcast, liveReplies().size(), user, botId, source, unfurlLinks, unfurlMedia,
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

    /** What to answer: an HTTP status, headers and a JSON body. */
    record Result(int status, ObjectNode body, Map<String, String> headers) {
        String error() {
            return body.path("ok").asBoolean(false) ? null : body.path("error").asText(null);
        }
    }

    /** What to answer an incoming webhook: an HTTP status and a plain body ({@code ok} or an error). */
    record WebhookResult(int status, String body, Map<String, String> headers) {
    }

    private record MethodSpec(boolean acceptsJson, List<String> anyScope, Function<Call, ObjectNode> handler) {
    }

    private record Call(String method, ApiArgs args, Token token) {
    }

    // ------------------------------------------------------------------ dispatch

    synchronized Result call(String method, ApiArgs argsIn, String authorization) {
        Map<String, String> headers = new LinkedHashMap<>();
        MethodSpec spec = methods.get(method);
        try {
            if (spec == null) {
                throw new ApiError("unknown_method", 404).with("req_method", method);
            }
            ApiArgs args = argsIn.kind == ApiArgs.Kind.JSON && !spec.acceptsJson() ? argsIn.withoutJsonValues() : argsIn;
            if (args.invalidJson) {
                throw new ApiError("invalid_json");
            }
            Token token = authenticate(args, authorization);
            headers.put("x-oauth-scopes", token.scopeList());
            headers.put("x-accepted-oauth-scopes", String.join(",", spec.anyScope()));
            if (!spec.anyScope().isEmpty() && spec.anyScope().stream().noneMatch(token.scopes::contains)) {
                throw missingScope(String.join(",", spec.anyScope()), token);
            }
            long retryAfter = rateLimits.acquireMethod(method);
            if (retryAfter > 0) {
                throw rateLimited(retryAfter, quietChannelId(args.str("channel")));
            }
            ObjectNode body = spec.handler().apply(new Call(method, args, token));
            addCharsetWarning(args, body);
            return new Result(200, body, headers);
        } catch (ApiError e) {
            ObjectNode body = mapper.createObjectNode();
            body.put("ok", false);
            body.put("error", e.code);
            for (Map.Entry<String, Object> x : e.extra.entrySet()) {
                body.set(x.getKey(), mapper.valueToTree(x.getValue()));
            }
            addCharsetWarning(argsIn, body);
            headers.putAll(e.headers);
            return new Result(e.status, body, headers);
        }
    }

    private void addCharsetWarning(ApiArgs args, ObjectNode body) {
        if (args.kind == ApiArgs.Kind.JSON && args.missingCharset) {
            body.put("warning", "missing_charset");
            ObjectNode meta = body.has("response_metadata") && body.get("response_metadata").isObject()
                    ? (ObjectNode) body.get("response_metadata") : body.putObject("response_metadata");
            meta.putArray("warnings").add("missing_charset");
        }
    }

    private Token authenticate(ApiArgs args, String authorization) {
        String value = null;
        String auth = authorization == null ? "" : authorization.trim();
        if (auth.regionMatches(true, 0, "Bearer", 0, 6) && (auth.length() == 6 || auth.charAt(6) == ' ')) {
            value = auth.substring(6).trim();
        }
        if (value == null || value.isEmpty()) {
            value = args.formToken;
        }
        if (value == null || value.isEmpty()) {
            throw new ApiError("not_authed");
        }
        Token t = tokens.get(value);
        if (t == null) {
            throw new ApiError("invalid_auth");
        }
        if (t.revoked) {
            throw new ApiError("token_revoked");
        }
        return t;
    }

    private static ApiError missingScope(String needed, Token token) {
        return new ApiError("missing_scope").with("needed", needed).with("provided", token.scopeList());
    }

    private ApiError rateLimited(long retryAfter, String channelId) {
        countRateLimited(channelId);
        return new ApiError("ratelimited", 429).header("Retry-After", Long.toString(retryAfter));
    }

    synchronized void countRateLimited(String channelId) {
        rateLimitedTotal++;
        if (channelId != null) {
            rateLimitedByChannel.merge(channelId, 1, Integer::sum);
        }
    }

    /** The id of the channel an argument names, without any error; null when none. */
    synchronized String quietChannelId(String arg) {
        Channel c = resolveByIdOrName(arg);
        return c == null ? null : c.id;
    }

    // ------------------------------------------------------------------ channels

    private Channel resolveByIdOrName(String arg) {
        if (arg == null || arg.isEmpty()) {
            return null;
        }
        String a = arg.startsWith("#") ? arg.substring(1) : arg;
        Channel c = channels.get(a);
        if (c == null) {
            for (Channel x : channels.values()) {
                if (x.name.equals(a)) {
                    c = x;
                    break;
                }
            }
        }
        return c == null || c.deleted ? null : c;
    }

    /** A channel the bot can see: private channels exist for it only when it is a member. */
    private static Channel visible(Channel c) {
        return c == null || (c.isPrivate && !c.botMember) ? null : c;
    }

    /** Channels by id, as the read methods and chat.update/delete take them. */
    private Channel channelById(ApiArgs args) {
        String id = args.nonEmpty("channel");
        Channel c = id == null ? null : visible(channels.get(id));
        if (c == null || c.deleted) {
            throw new ApiError("channel_not_found");
        }
        return c;
    }

    private static void requireChannelScope(Channel c, Token token, String publicScope, String privateScope) {
        String needed = c.isPrivate ? privateScope : publicScope;
        if (!token.scopes.contains(needed)) {
            throw missingScope(needed, token);
        }
    }

    // ------------------------------------------------------------------ ts

    private String nextTs() {
        Instant now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000L;
        lastTsMicros = Math.max(micros, lastTsMicros + 1);
        return formatTs(lastTsMicros);
    }

    static String formatTs(long micros) {
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000L, micros % 1_000_000L);
    }

    static long tsMicros(String ts) {
        int dot = ts.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(ts) * 1_000_000L;
        }
        String frac = (ts.substring(dot + 1) + "000000").substring(0, 6);
        return Long.parseLong(ts.substring(0, dot)) * 1_000_000L + Long.parseLong(frac);
    }

    /** A ts bound argument ({@code oldest}, {@code latest}): a number of seconds with an optional fraction. */
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

    // ------------------------------------------------------------------ message content

    private final class Content {
        String text;
        ArrayNode blocks;
        String blocksReceived;
        boolean blocksGiven;
        ObjectNode metadata;
        String metadataReceived;
        boolean hasAttachments;

        boolean empty() {
            return text == null && (blocks == null || blocks.isEmpty()) && !hasAttachments;
        }
    }

    /** Parses and checks text, blocks, attachments and metadata as chat.postMessage and chat.update do. */
    private Content content(ApiArgs args) {
        return content(args, true);
    }

    private Content content(ApiArgs args, boolean readMetadata) {
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
            JsonNode type = md.get("event_type");
            JsonNode payload = md.get("event_payload");
            if (type == null || !type.isTextual() || type.asText().isBlank()
                    || payload == null || !payload.isObject()) {
                throw new ApiError("invalid_metadata_schema").messages(List.of(
                        "[ERROR] metadata needs a non-empty string event_type and an object event_payload"));
            }
            c.metadata = md.deepCopy();
            c.metadataReceived = md.toString();
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

    // ------------------------------------------------------------------ JSON views

    private ObjectNode messageJson(Msg m, boolean withMetadata) {
        ObjectNode o = mapper.createObjectNode();
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
            o.put("client_msg_id", "00000000-0000-4000-8000-" + String.format(Locale.ROOT, "%012d", m.micros % 1_000_000_000_000L));
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
        Channel c = channels.get(reply.channel);
        Msg p = c == null ? null : c.byTs.get(reply.threadTs);
        return p == null ? reply.user : p.user;
    }

    private ObjectNode ok() {
        ObjectNode o = mapper.createObjectNode();
        o.put("ok", true);
        return o;
    }

    // ------------------------------------------------------------------ methods

    private ObjectNode authTest(Call c) {
        ObjectNode o = ok();
        o.put("url", TEAM_URL);
        o.put("team", TEAM_NAME);
        o.put("user", BOT_USER_NAME);
        o.put("team_id", TEAM_ID);
        o.put("user_id", BOT_USER_ID);
        o.put("bot_id", BOT_ID);
        o.put("is_enterprise_install", false);
        return o;
    }

    private ObjectNode postMessage(Call c) {
        ApiArgs a = c.args();
        Channel ch = visible(resolveByIdOrName(a.nonEmpty("channel")));
        if (ch == null) {
            throw new ApiError("channel_not_found");
        }
        long retryAfter = rateLimits.acquireChannel(ch.id);
        if (retryAfter > 0) {
            throw rateLimited(retryAfter, ch.id);
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
        Content content = content(a);
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
        Msg m = store(ch, parentTs, parent, content, BOT_USER_ID, BOT_ID, "chat.postMessage", broadcast,
                a.bool("unfurl_links"), a.bool("unfurl_media"), a.bool("mrkdwn"));
        ObjectNode o = ok();
        o.put("channel", ch.id);
        o.put("ts", m.ts);
        o.set("message", messageJson(m, true));
        return o;
    }

    private Msg store(Channel ch, String parentTs, Msg parent, Content content, String user, String botId,
                      String source, boolean broadcast, Boolean unfurlLinks, Boolean unfurlMedia, Boolean mrkdwn) {
        return store(ch, parentTs, parent, content, user, botId, source, broadcast, unfurlLinks, unfurlMedia, mrkdwn,
                true);
    }

    private Msg store(Channel ch, String parentTs, Msg parent, Content content, String user, String botId,
                      String source, boolean broadcast, Boolean unfurlLinks, Boolean unfurlMedia, Boolean mrkdwn,
                      boolean countAsPost) {
        Msg m = new Msg(ch.id, nextTs(), parentTs, user, botId, source, broadcast, unfurlLinks, unfurlMedia, mrkdwn);
        m.text = content.text;
        m.blocks = content.blocks;
        m.blocksReceived = content.blocksReceived;
        m.metadata = content.metadata;
        m.metadataReceived = content.metadataReceived;
        ch.messages.add(m);
        ch.byTs.put(m.ts, m);
        if (parent != null) {
            parent.replies.add(m);
        }
        if (countAsPost) {
            postsByChannel.merge(ch.id, 1, Integer::sum);
        }
        return m;
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

    private ObjectNode update(Call c) {
        ApiArgs a = c.args();
        Channel ch = channelById(a);
        Msg m = ownMessage(ch, a, "cant_update_message");
        if (ch.archived) {
            throw new ApiError("is_archived");
        }
        Content content = content(a);
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
        m.editedTs = nextTs();
        ObjectNode o = ok();
        o.put("channel", ch.id);
        o.put("ts", m.ts);
        o.put("text", m.text != null ? m.text : NO_TEXT_FALLBACK);
        ObjectNode msg = messageJson(m, true);
        msg.remove("ts");
        o.set("message", msg);
        return o;
    }

    private ObjectNode delete(Call c) {
        ApiArgs a = c.args();
        Channel ch = channelById(a);
        Msg m = ownMessage(ch, a, "cant_delete_message");
        m.deleted = true;
        ObjectNode o = ok();
        o.put("channel", ch.id);
        o.put("ts", m.ts);
        return o;
    }

    private Channel readableChannel(Call c) {
        Channel ch = channelById(c.args());
        requireChannelScope(ch, c.token(), "channels:history", "groups:history");
        if (!ch.botMember) {
            throw new ApiError("not_in_channel");
        }
        return ch;
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

    private ObjectNode history(Call c) {
        ApiArgs a = c.args();
        Channel ch = readableChannel(c);
        int limit = limit(a, HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT);
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
        ObjectNode o = ok();
        ArrayNode arr = o.putArray("messages");
        for (int i = 0; i < Math.min(limit, candidates.size()); i++) {
            arr.add(messageJson(candidates.get(i), withMetadata));
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

    private ObjectNode replies(Call c) {
        ApiArgs a = c.args();
        Channel ch = readableChannel(c);
        String ts = a.nonEmpty("ts");
        Msg target = ch.live(ts);
        Msg parent = target == null ? null : target.threadTs == null ? target : ch.live(target.threadTs);
        if (parent == null) {
            throw new ApiError("thread_not_found");
        }
        int limit = limit(a, REPLIES_DEFAULT_LIMIT, REPLIES_MAX_LIMIT);
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
        ObjectNode o = ok();
        ArrayNode arr = o.putArray("messages");
        arr.add(messageJson(parent, withMetadata));
        for (int i = 0; i < Math.min(take, candidates.size()); i++) {
            arr.add(messageJson(candidates.get(i), withMetadata));
        }
        boolean more = candidates.size() > take;
        o.put("has_more", more);
        if (more) {
            o.putObject("response_metadata").put("next_cursor", cursorFor(candidates.get(take).micros));
        }
        return o;
    }

    private ObjectNode info(Call c) {
        Channel ch = channelById(c.args());
        requireChannelScope(ch, c.token(), "channels:read", "groups:read");
        ObjectNode o = ok();
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

    // ------------------------------------------------------------------ incoming webhooks

    synchronized Webhook webhook(String secret) {
        return webhooks.get(secret);
    }

    synchronized WebhookResult postWebhook(Webhook hook, ApiArgs args) {
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            if (hook == null || hook.revoked) {
                throw new ApiError("no_service", 404);
            }
            Channel ch = channels.get(hook.channelId);
            if (ch == null || ch.deleted) {
                throw new ApiError("channel_not_found", 404);
            }
            long retryAfter = rateLimits.acquireChannel("webhook:" + hook.secret);
            if (retryAfter > 0) {
                countRateLimited(ch.id);
                throw new ApiError("rate_limited", 429).header("Retry-After", Long.toString(retryAfter));
            }
            if (ch.archived) {
                throw new ApiError("channel_is_archived", 410);
            }
            ApiArgs payload = args;
            if (args.kind == ApiArgs.Kind.FORM) {
                // the legacy form: payload=<json>
                String p = args.str("payload");
                if (p == null) {
                    throw new ApiError("invalid_payload", 400);
                }
                payload = ApiArgs.parse("application/json; charset=utf-8", null, p, mapper);
            } else if (args.kind != ApiArgs.Kind.JSON) {
                throw new ApiError("invalid_payload", 400);
            }
            if (payload.invalidJson) {
                throw new ApiError("invalid_payload", 400);
            }
            Content content;
            try {
                content = content(payload, false); // webhooks carry no message metadata
            } catch (ApiError e) {
                throw new ApiError(e.code.equals("invalid_blocks_format") ? "invalid_blocks" : e.code, 400);
            }
            store(ch, null, null, content, BOT_USER_ID, BOT_ID, SlackEmulator.WEBHOOK_METHOD, false,
                    payload.bool("unfurl_links"), payload.bool("unfurl_media"), payload.bool("mrkdwn"));
            return new WebhookResult(200, "ok", headers);
        } catch (ApiError e) {
            headers.putAll(e.headers);
            return new WebhookResult(e.status, e.code, headers);
        }
    }

    // ------------------------------------------------------------------ test API

    synchronized void createToken(String value, Set<String> scopes) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        tokens.put(value, new Token(value, Objects.requireNonNull(scopes, "scopes")));
    }

    synchronized void revokeToken(String value) {
        Token t = tokens.get(value);
        if (t == null) {
            throw new IllegalArgumentException("unknown token");
        }
        t.revoked = true;
    }

    synchronized SlackChannel createChannel(String id, String name, boolean isPrivate, boolean botMember) {
        if (id == null) {
            do {
                id = String.format(Locale.ROOT, "C%08d", ++channelSeq);
            } while (channels.containsKey(id));
        }
        if (!CHANNEL_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("channel ids look like C0123ABC: " + id);
        }
        if (name == null || !CHANNEL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "channel names are lower case letters, digits, - and _, at most 80: " + name);
        }
        if (channels.containsKey(id)) {
            throw new IllegalArgumentException("channel id taken: " + id);
        }
        for (Channel c : channels.values()) {
            if (!c.deleted && c.name.equals(name)) {
                throw new IllegalArgumentException("channel name taken: " + name);
            }
        }
        Channel c = new Channel(id, name, isPrivate, clock.instant().getEpochSecond());
        c.botMember = botMember;
        channels.put(id, c);
        return c.snapshot();
    }

    private Channel existing(String idOrName) {
        Channel c = resolveByIdOrName(idOrName);
        if (c == null) {
            throw new IllegalArgumentException("no such channel: " + idOrName);
        }
        return c;
    }

    synchronized SlackChannel setArchived(String channel, boolean archived) {
        Channel c = existing(channel);
        c.archived = archived;
        return c.snapshot();
    }

    synchronized SlackChannel setBotMember(String channel, boolean member) {
        Channel c = existing(channel);
        c.botMember = member;
        return c.snapshot();
    }

    synchronized void deleteChannel(String channel) {
        existing(channel).deleted = true;
    }

    synchronized SlackChannel channel(String channel) {
        Channel c = resolveByIdOrName(channel);
        return c == null ? null : c.snapshot();
    }

    synchronized List<SlackChannel> channels() {
        List<SlackChannel> out = new ArrayList<>();
        channels.values().stream().filter(c -> !c.deleted).forEach(c -> out.add(c.snapshot()));
        return out;
    }

    synchronized String createWebhook(String channel, String secret) {
        Channel c = existing(channel);
        if (webhooks.containsKey(secret)) {
            throw new IllegalArgumentException("webhook secret taken");
        }
        webhooks.put(secret, new Webhook(secret, c.id));
        return secret;
    }

    synchronized void revokeWebhook(String secret) {
        Webhook w = webhooks.get(secret);
        if (w == null) {
            throw new IllegalArgumentException("unknown webhook");
        }
        w.revoked = true;
    }

    synchronized String postAsUser(String channel, String text, String threadTs) {
        Channel c = existing(channel);
        Content content = new Content();
        content.text = text;
        Msg parent = threadTs == null ? null : c.live(threadTs);
        if (threadTs != null && parent == null) {
            throw new IllegalArgumentException("no such thread: " + threadTs);
        }
        Msg m = store(c, parent == null ? null : parent.ts, parent, content, HUMAN_USER_ID, null, "test",
                false, null, null, null, false);
        return m.ts;
    }

    synchronized List<SlackMessage> messages(String channel) {
        List<SlackMessage> out = new ArrayList<>();
        for (Msg m : existing(channel).messages) {
            if (!m.deleted) {
                out.add(m.snapshot());
            }
        }
        return out;
    }

    synchronized List<SlackMessage> deletedMessages(String channel) {
        List<SlackMessage> out = new ArrayList<>();
        for (Msg m : existing(channel).messages) {
            if (m.deleted) {
                out.add(m.snapshot());
            }
        }
        return out;
    }

    synchronized SlackMessage message(String channel, String ts) {
        Msg m = existing(channel).live(ts);
        return m == null ? null : m.snapshot();
    }

    synchronized int postCount(String channel) {
        return postsByChannel.getOrDefault(existing(channel).id, 0);
    }

    synchronized int postCount() {
        return postsByChannel.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized int rateLimitedCount(String channel) {
        return rateLimitedByChannel.getOrDefault(existing(channel).id, 0);
    }

    synchronized int rateLimitedCount() {
        return rateLimitedTotal;
    }

    synchronized void resetCounters() {
        postsByChannel.clear();
        rateLimitedByChannel.clear();
        rateLimitedTotal = 0;
    }

}
