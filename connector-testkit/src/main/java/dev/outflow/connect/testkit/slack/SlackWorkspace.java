package dev.outflow.connect.testkit.slack;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.testkit.slack.WorkspaceModel.Channel;
import dev.outflow.connect.testkit.slack.WorkspaceModel.Msg;
import dev.outflow.connect.testkit.slack.WorkspaceModel.Token;
import dev.outflow.connect.testkit.slack.WorkspaceModel.Webhook;

/**
 * The state of the emulated workspace, and the dispatch of Web API calls to the classes of each
 * API area ({@link AuthMethods}, {@link ChatMethods}, {@link ConversationsMethods},
 * {@link IncomingWebhooks}) after authentication, scopes and rate limits. Every call runs under
 * the workspace's monitor.
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

    private static final Pattern CHANNEL_ID = Pattern.compile("[CG][A-Z0-9]{2,}");
    private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,79}");

    final ObjectMapper mapper = new ObjectMapper();
    final Clock clock;
    final SlackMessageLimits limits = new SlackMessageLimits();
    final SlackRateLimits rateLimits;

    final Map<String, Token> tokens = new HashMap<>();
    final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, Webhook> webhookSecrets = new HashMap<>();
    private final Map<String, Integer> postsByChannel = new HashMap<>();
    private final Map<String, Integer> rateLimitedByChannel = new HashMap<>();
    private int rateLimitedTotal;
    private long lastTsMicros;
    private int channelSeq;

    private final Map<String, MethodSpec> methods = new HashMap<>();
    final MessageContent content = new MessageContent(mapper, limits);
    final MessageViews views = new MessageViews(this);
    private final AuthMethods auth = new AuthMethods(this);
    private final ChatMethods chat = new ChatMethods(this);
    private final ConversationsMethods conversations = new ConversationsMethods(this);
    private final IncomingWebhooks webhooks = new IncomingWebhooks(this);

    SlackWorkspace(Clock clock) {
        this.clock = clock;
        this.rateLimits = new SlackRateLimits(clock, this);
        methods.put("auth.test", new MethodSpec(true, List.of(), auth::authTest));
        methods.put("chat.postMessage", new MethodSpec(true, List.of("chat:write"), chat::postMessage));
        methods.put("chat.update", new MethodSpec(true, List.of("chat:write"), chat::update));
        methods.put("chat.delete", new MethodSpec(true, List.of("chat:write"), chat::delete));
        methods.put(
                "conversations.history",
                new MethodSpec(
                        false,
                        List.of("channels:history", "groups:history", "mpim:history", "im:history"),
                        conversations::history));
        methods.put(
                "conversations.replies",
                new MethodSpec(
                        false,
                        List.of("channels:history", "groups:history", "mpim:history", "im:history"),
                        conversations::replies));
        methods.put(
                "conversations.info",
                new MethodSpec(
                        false, List.of("channels:read", "groups:read", "mpim:read", "im:read"), conversations::info));
    }

    /** What to answer: an HTTP status, headers and a JSON body. */
    record Result(int status, ObjectNode body, Map<String, String> headers) {
        String error() {
            return body.path("ok").asBoolean(false) ? null : body.path("error").asText(null);
        }
    }

    /** What to answer an incoming webhook: an HTTP status and a plain body ({@code ok} or an error). */
    record WebhookResult(int status, String body, Map<String, String> headers) {}

    private record MethodSpec(boolean acceptsJson, List<String> anyScope, Function<Call, ObjectNode> handler) {}

    /** @param dropMetadata an injected fault: store the message without its metadata, as Slack does for metadata it refuses */
    record Call(String method, ApiArgs args, Token token, boolean dropMetadata) {}

    // ------------------------------------------------------------------ dispatch

    synchronized Result call(String method, ApiArgs argsIn, String authorization) {
        return call(method, argsIn, authorization, false);
    }

    synchronized Result call(String method, ApiArgs argsIn, String authorization, boolean dropMetadata) {
        Map<String, String> headers = new LinkedHashMap<>();
        MethodSpec spec = methods.get(method);
        try {
            if (spec == null) {
                throw new ApiError("unknown_method", 404).with("req_method", method);
            }
            ApiArgs args =
                    argsIn.kind == ApiArgs.Kind.JSON && !spec.acceptsJson() ? argsIn.withoutJsonValues() : argsIn;
            if (args.invalidJson) {
                throw new ApiError("invalid_json");
            }
            Token token = auth.authenticate(args, authorization);
            headers.put("x-oauth-scopes", token.scopeList());
            headers.put("x-accepted-oauth-scopes", String.join(",", spec.anyScope()));
            if (!spec.anyScope().isEmpty() && spec.anyScope().stream().noneMatch(token.scopes::contains)) {
                throw AuthMethods.missingScope(String.join(",", spec.anyScope()), token);
            }
            long retryAfter = rateLimits.acquireMethod(method, token.value, token.appKind);
            if (retryAfter > 0) {
                throw rateLimited(retryAfter, quietChannelId(args.str("channel")));
            }
            ObjectNode body = spec.handler().apply(new Call(method, args, token, dropMetadata));
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
            addWarning(body, "missing_charset");
        }
    }

    /** A warning as Slack gives it: in {@code warning} (several joined by commas) and in {@code response_metadata.warnings}. */
    static void addWarning(ObjectNode body, String warning) {
        String before = body.path("warning").asText("");
        body.put("warning", before.isEmpty() ? warning : before + "," + warning);
        ObjectNode meta =
                body.has("response_metadata") && body.get("response_metadata").isObject()
                        ? (ObjectNode) body.get("response_metadata")
                        : body.putObject("response_metadata");
        (meta.has("warnings") && meta.get("warnings").isArray()
                        ? (ArrayNode) meta.get("warnings")
                        : meta.putArray("warnings"))
                .add(warning);
    }

    ApiError rateLimited(long retryAfter, String channelId) {
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

    Channel resolveByIdOrName(String arg) {
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
    static Channel visible(Channel c) {
        return c == null || (c.isPrivate && !c.botMember) ? null : c;
    }

    /** Channels by id, as the read methods and chat.update/delete take them. */
    Channel channelById(ApiArgs args) {
        String id = args.nonEmpty("channel");
        Channel c = id == null ? null : visible(channels.get(id));
        if (c == null || c.deleted) {
            throw new ApiError("channel_not_found");
        }
        return c;
    }

    static void requireChannelScope(Channel c, Token token, String publicScope, String privateScope) {
        String needed = c.isPrivate ? privateScope : publicScope;
        if (!token.scopes.contains(needed)) {
            throw AuthMethods.missingScope(needed, token);
        }
    }

    // ------------------------------------------------------------------ ts

    String nextTs() {
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

    Msg store(
            Channel ch,
            String parentTs,
            Msg parent,
            MessageContent.Content content,
            String user,
            String botId,
            String source,
            boolean broadcast,
            Boolean unfurlLinks,
            Boolean unfurlMedia,
            Boolean mrkdwn) {
        return store(
                ch, parentTs, parent, content, user, botId, source, broadcast, unfurlLinks, unfurlMedia, mrkdwn, true);
    }

    Msg store(
            Channel ch,
            String parentTs,
            Msg parent,
            MessageContent.Content content,
            String user,
            String botId,
            String source,
            boolean broadcast,
            Boolean unfurlLinks,
            Boolean unfurlMedia,
            Boolean mrkdwn,
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

    // ------------------------------------------------------------------ incoming webhooks

    synchronized Webhook webhook(String secret) {
        return webhookSecrets.get(secret);
    }

    synchronized WebhookResult postWebhook(Webhook hook, ApiArgs args) {
        return webhooks.postWebhook(hook, args);
    }

    // ------------------------------------------------------------------ test API

    synchronized void createToken(String value, Set<String> scopes) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        tokens.put(value, new Token(value, Objects.requireNonNull(scopes, "scopes")));
    }

    synchronized void setAppKind(String value, SlackAppKind kind) {
        Token t = tokens.get(value);
        if (t == null) {
            throw new IllegalArgumentException("unknown token");
        }
        t.appKind = Objects.requireNonNull(kind, "kind");
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
        if (webhookSecrets.containsKey(secret)) {
            throw new IllegalArgumentException("webhook secret taken");
        }
        webhookSecrets.put(secret, new Webhook(secret, c.id));
        return secret;
    }

    synchronized void revokeWebhook(String secret) {
        Webhook w = webhookSecrets.get(secret);
        if (w == null) {
            throw new IllegalArgumentException("unknown webhook");
        }
        w.revoked = true;
    }

    synchronized String postAsUser(String channel, String text, String threadTs) {
        Channel c = existing(channel);
        MessageContent.Content content = new MessageContent.Content();
        content.text = text;
        Msg parent = threadTs == null ? null : c.live(threadTs);
        if (threadTs != null && parent == null) {
            throw new IllegalArgumentException("no such thread: " + threadTs);
        }
        Msg m = store(
                c,
                parent == null ? null : parent.ts,
                parent,
                content,
                HUMAN_USER_ID,
                null,
                "test",
                false,
                null,
                null,
                null,
                false);
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
