package dev.outflow.connect.slack;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import dev.outflow.connect.core.api.config.ConfigRule;
import dev.outflow.connect.core.api.config.ConfigRules;
import dev.outflow.connect.core.api.config.EnumNames;
import dev.outflow.connect.core.api.config.KeyRecommender;
import dev.outflow.connect.core.api.config.SinkConfig;
import dev.outflow.connect.core.api.config.When;
import dev.outflow.connect.core.api.template.RecordScope;
import dev.outflow.connect.core.api.template.TemplateException;

/** The Slack destination's keys (DESIGN.md 4, Slack), and the shared keys whose defaults Slack changes. */
public final class SlackConfig extends AbstractConfig {

    static final String CONNECTION_GROUP = "Slack connection";
    static final String CHANNEL_GROUP = "Slack channels";
    static final String MESSAGE_GROUP = "Slack messages";
    static final String RATE_GROUP = "Slack rate limits";
    static final String DELIVERY_GROUP = "Slack delivery guarantees";

    public static final String BOT_TOKEN = "slack.bot.token";
    public static final String WEBHOOK_URL = "slack.webhook.url";
    public static final String API_URL = "slack.api.url";
    public static final String REQUEST_TIMEOUT_MS = "slack.request.timeout.ms";

    public static final String CHANNEL = "slack.channel";
    public static final String CHANNEL_FIELD = "slack.channel.field";
    public static final String CHANNEL_TOPIC_MAP = "slack.channel.topic.map";

    public static final String TEXT_TEMPLATE = "slack.text.template";
    public static final String BLOCKS_TEMPLATE = "slack.blocks.template";
    public static final String MODE = "slack.mode";
    public static final String THREAD_KEY = "slack.thread.key";
    public static final String DIGEST_ENABLED = "slack.digest.enabled";
    public static final String DIGEST_MAX_RECORDS = "slack.digest.max.records";
    public static final String MRKDWN_FIELDS = "slack.mrkdwn.fields";

    public static final String CHANNEL_PER_MINUTE = "slack.channel.messages.per.minute";
    /** Slack's one message a second, less 5% so that timing jitter never runs the connector into Slack's own bucket. */
    static final int DEFAULT_CHANNEL_PER_MINUTE = 57;

    public static final String CHANNEL_BURST = "slack.channel.burst";
    public static final String WORKSPACE_PER_MINUTE = "slack.workspace.messages.per.minute";
    public static final String UPDATES_PER_MINUTE = "slack.update.requests.per.minute";

    public static final String DEDUP_ENABLED = "slack.dedup.enabled";
    public static final String DEDUP_HISTORY_PAGES = "slack.dedup.history.pages";
    public static final String APP_KIND = "slack.app.kind";
    public static final String HISTORY_PER_MINUTE = "slack.history.requests.per.minute";
    public static final String HISTORY_PAGE_SIZE = "slack.history.page.size";

    static final String SLACK_API_URL = "https://slack.com/api/";

    /** Slack's channel ids: C (public), G (private, older), D (direct message), then capitals and digits. */
    static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,}");

    /** How records become messages. */
    public enum Mode {
        /** Every record (or digest) is a new message; with a thread key, a thread per key. */
        POST,
        /** One message per key, edited in place; a tombstone deletes it. */
        UPDATE
    }

    /**
     * What Slack lets the app read of history (docs.slack.dev changelog 2025-05-29 and rate-limits
     * page): apps built for one's own workspace and Marketplace apps keep Tier 3 (about 50 requests
     * a minute, pages up to 1,000, of which the connector asks 200); commercially distributed apps
     * that are not Marketplace-approved get 1 request a minute and at most 15 messages a page.
     */
    public enum AppKind {
        INTERNAL(50, 200),
        MARKETPLACE(50, 200),
        NON_MARKETPLACE(1, 15);

        final int historyPerMinute;
        final int pageSize;

        AppKind(int historyPerMinute, int pageSize) {
            this.historyPerMinute = historyPerMinute;
            this.pageSize = pageSize;
        }

        String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * When the keys of the Web API apply: not with an incoming webhook, which has one channel and
     * neither threads, edits, history nor a workspace budget. (These two come before CONFIG_DEF,
     * which reads them.)
     */
    private static final When WEB_API = When.isNotSet(WEBHOOK_URL);
    /** When the task reads channel history: for deduplication, threads and update mode. */
    private static final When READS_HISTORY = When.isTrue(DEDUP_ENABLED)
            .or(When.isSet(THREAD_KEY))
            .or(When.is(MODE, "update"))
            .and(WEB_API);

    static final ConfigDef CONFIG_DEF = define(new ConfigDef());

    public SlackConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    private SlackConfig(ConfigDef definition, Map<?, ?> props) {
        super(definition, props, false);
    }

    /**
     * Only {@code keys}, each checked on its own: for the access check, which runs whatever is
     * wrong with the other keys, so it cannot parse them all.
     */
    static SlackConfig only(Set<String> keys, Map<?, ?> props) {
        return new SlackConfig(ConfigRules.only(CONFIG_DEF, keys), props);
    }

    /**
     * Visibility in config UIs: each key that applies only with another key's value is shown only
     * then (its recommender), and the controlling key lists it in its dependents. Kafka parses a key
     * once per key listing it, so each is listed under one key only although some depend on more
     * (the history keys also follow the thread key and the mode; the digest, the thread key).
     */
    private static ConfigDef define(ConfigDef def) {
        int order = 0;
        def.define(
                BOT_TOKEN,
                Type.PASSWORD,
                null,
                Importance.HIGH,
                "The bot token (xoxb-...) of the Slack app, for the Web API. Needs the chat:write and channels:read scopes "
                        + "(groups:read for private channels), and channels:history (groups:history) for threads, updates and "
                        + "deduplication. Best given through a config provider, e.g. ${file:/etc/secrets/slack.properties:token}. "
                        + "Set this or " + WEBHOOK_URL + ".",
                CONNECTION_GROUP,
                ++order,
                Width.LONG,
                "Bot token");
        def.define(
                WEBHOOK_URL,
                Type.PASSWORD,
                null,
                new WebhookUrlValidator(),
                Importance.HIGH,
                "An incoming-webhook URL, for the simplest case: one channel, no threads, updates or deduplication "
                        + "(at-least-once delivery). The URL is a secret. Set this or " + BOT_TOKEN + ".",
                CONNECTION_GROUP,
                ++order,
                Width.LONG,
                "Incoming webhook URL",
                List.of(
                        API_URL,
                        CHANNEL,
                        CHANNEL_FIELD,
                        CHANNEL_TOPIC_MAP,
                        THREAD_KEY,
                        MODE,
                        WORKSPACE_PER_MINUTE,
                        DEDUP_ENABLED),
                null);
        def.define(
                API_URL,
                Type.STRING,
                SLACK_API_URL,
                new ConfigDef.NonEmptyString(),
                Importance.LOW,
                "The Web API endpoint prefix. Change it only for a gateway or an emulator.",
                CONNECTION_GROUP,
                ++order,
                Width.LONG,
                "API URL",
                List.of(),
                KeyRecommender.shownWhen(WEB_API));
        def.define(
                REQUEST_TIMEOUT_MS,
                Type.INT,
                15_000,
                Range.between(1_000, 120_000),
                Importance.LOW,
                "How long one API call may take. A post that times out may still have been made: with " + DEDUP_ENABLED
                        + " the connector reads the channel's history before posting again.",
                CONNECTION_GROUP,
                ++order,
                Width.SHORT,
                "Request timeout");

        order = 0;
        def.define(
                CHANNEL,
                Type.STRING,
                null,
                new ChannelIdValidator(),
                Importance.HIGH,
                "The channel id (like C0123ABCD: in Slack, channel details, at the bottom) to post to, when neither "
                        + CHANNEL_FIELD + " nor " + CHANNEL_TOPIC_MAP + " names one.",
                CHANNEL_GROUP,
                ++order,
                Width.MEDIUM,
                "Channel",
                List.of(),
                KeyRecommender.shownWhen(WEB_API));
        def.define(
                CHANNEL_FIELD,
                Type.STRING,
                null,
                Importance.MEDIUM,
                "A field of the record that holds the channel (an id, or a name) to post to, e.g. 'team.channel'. "
                        + "Records where it is empty fall back to " + CHANNEL_TOPIC_MAP + ", then " + CHANNEL + ".",
                CHANNEL_GROUP,
                ++order,
                Width.MEDIUM,
                "Channel field",
                List.of(),
                KeyRecommender.shownWhen(WEB_API));
        def.define(
                CHANNEL_TOPIC_MAP,
                Type.LIST,
                "",
                new TopicMapValidator(),
                Importance.MEDIUM,
                "Channels by topic, as topic:channelId pairs, e.g. 'orders:C0123ABCD,alerts:C0456EFGH'. " + "Used when "
                        + CHANNEL_FIELD + " gives no channel; topics not listed go to " + CHANNEL + ".",
                CHANNEL_GROUP,
                ++order,
                Width.LONG,
                "Channels by topic",
                List.of(),
                KeyRecommender.shownWhen(WEB_API));

        order = 0;
        def.define(
                TEXT_TEMPLATE,
                Type.STRING,
                null,
                new TemplateValidator(false),
                Importance.HIGH,
                "A Mustache template for the message text, in Slack mrkdwn, e.g. ':rotating_light: *{{service}}* is {{status}} "
                        + "(<!here>)'. Fields by name, nested fields with dots ({{customer.name}}), and _topic, _partition, "
                        + "_offset, _timestamp, _key and _header.<name>. Every value is escaped, so data can never mention "
                        + "anyone or add a link; mentions come only from the template. Unescaped values ({{{x}}}, {{& x}}) and "
                        + "partials are refused. Empty: a compact list of the record's fields.",
                MESSAGE_GROUP,
                ++order,
                Width.LONG,
                "Text template");
        def.define(
                BLOCKS_TEMPLATE,
                Type.STRING,
                null,
                new TemplateValidator(true),
                Importance.MEDIUM,
                "An optional Block Kit template: a JSON array of blocks in which every string may hold Mustache tags, "
                        + "e.g. [{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*{{title}}*\"}}]. "
                        + "Values are escaped for Slack and then for JSON, so data cannot leave its string. The text "
                        + "template then gives the notification text.",
                MESSAGE_GROUP,
                ++order,
                Width.LONG,
                "Block Kit template");
        def.define(
                MODE,
                Type.STRING,
                "post",
                ConfigDef.CaseInsensitiveValidString.in(EnumNames.of(Mode.values())),
                Importance.HIGH,
                "'post': every record is a new message (with " + THREAD_KEY
                        + ", records with the same key form a thread). "
                        + "'update': each key has one message, edited in place by later records with that key (status cards); "
                        + "a tombstone deletes it when behavior.on.null.values=delete.",
                MESSAGE_GROUP,
                ++order,
                Width.SHORT,
                "Mode",
                List.of(UPDATES_PER_MINUTE, DIGEST_ENABLED),
                KeyRecommender.values(
                        parsed -> WEB_API.test(parsed) ? List.of(EnumNames.of(Mode.values())) : List.of("post")));
        def.define(
                THREAD_KEY,
                Type.STRING,
                null,
                Importance.MEDIUM,
                "The field whose value groups records: in 'post' mode the first record of a key starts a thread and the "
                        + "others reply in it; in 'update' mode it names the message to edit. '_key' is the record key "
                        + "('_key.id' a field of it).",
                MESSAGE_GROUP,
                ++order,
                Width.MEDIUM,
                "Thread key",
                List.of(),
                KeyRecommender.shownWhen(WEB_API));
        def.define(
                DIGEST_ENABLED,
                Type.BOOLEAN,
                false,
                Importance.MEDIUM,
                "When records wait for the channel's rate limit, fold those waiting into one message (within Slack's "
                        + "4,000 characters and 50 blocks) instead of falling further behind. Only in 'post' mode without "
                        + "a thread key.",
                MESSAGE_GROUP,
                ++order,
                Width.SHORT,
                "Digest",
                List.of(DIGEST_MAX_RECORDS),
                KeyRecommender.shownWhen(When.is(MODE, "post").and(When.isNotSet(THREAD_KEY))));
        def.define(
                DIGEST_MAX_RECORDS,
                Type.INT,
                50,
                Range.between(2, 1_000),
                Importance.LOW,
                "The most records folded into one digest message.",
                MESSAGE_GROUP,
                ++order,
                Width.SHORT,
                "Records per digest",
                List.of(),
                KeyRecommender.shownWhen(When.isTrue(DIGEST_ENABLED)));
        def.define(
                MRKDWN_FIELDS,
                Type.LIST,
                "",
                Importance.LOW,
                "Fields the operator trusts to format: their values are only escaped for &, < and >, so their own "
                        + "*bold*, _italic_, quotes, emoji and bare URLs show in mrkdwn text; they still cannot mention anyone or "
                        + "make a <link|label>. Named as in the template's tags ({{summary}}: summary). Every other value "
                        + "renders as exactly its text. Empty (the default): no field formats.",
                MESSAGE_GROUP,
                ++order,
                Width.LONG,
                "Fields shown as mrkdwn");

        order = 0;
        def.define(
                CHANNEL_PER_MINUTE,
                Type.INT,
                DEFAULT_CHANNEL_PER_MINUTE,
                Range.between(1, 1_000_000),
                Importance.MEDIUM,
                "Messages per minute to one channel, for the whole connector: each of its tasks gets an equal share. "
                        + "Slack allows about one a second per channel; the default stays 5% under it: at Slack's exact "
                        + "pace, any message that reaches Slack faster than the first one did arrives before its turn and is "
                        + "refused (429), which stops the channel for a whole second. Any task may post to any channel "
                        + "(Connect spreads a topic's partitions over the tasks and lets no task choose), so the channel "
                        + "budget is divided too: a channel fed by one task's partitions only gets 1/tasks.max of it. One "
                        + "task keeps up with a channel; tasks.max=1 is the setting when a single channel is the target.",
                RATE_GROUP,
                ++order,
                Width.SHORT,
                "Messages per channel per minute");
        def.define(
                CHANNEL_BURST,
                Type.INT,
                3,
                Range.between(1, 10_000),
                Importance.LOW,
                "How many messages may go to a channel at once after a quiet spell (Slack allows short bursts).",
                RATE_GROUP,
                ++order,
                Width.SHORT,
                "Channel burst");
        def.define(
                WORKSPACE_PER_MINUTE,
                Type.INT,
                250,
                Range.between(1, 1_000_000),
                Importance.MEDIUM,
                "API calls per minute to the workspace over all channels, for the whole connector: each of its tasks "
                        + "gets an equal share. Slack allows several hundred chat.postMessage calls a minute per workspace; "
                        + "leave room for other connectors and apps.",
                RATE_GROUP,
                ++order,
                Width.SHORT,
                "Workspace calls per minute",
                List.of(),
                KeyRecommender.shownWhen(WEB_API));
        def.define(
                UPDATES_PER_MINUTE,
                Type.INT,
                50,
                Range.between(1, 1_000_000),
                Importance.LOW,
                "In 'update' mode: chat.update and chat.delete calls per minute, for the whole connector (Slack's "
                        + "Tier 3: about 50); each of its tasks gets an equal share.",
                RATE_GROUP,
                ++order,
                Width.SHORT,
                "Updates per minute",
                List.of(),
                KeyRecommender.shownWhen(When.is(MODE, "update")));

        order = 0;
        def.define(
                DEDUP_ENABLED,
                Type.BOOLEAN,
                false,
                Importance.HIGH,
                "Effectively-once delivery: every message carries its records' offsets in its metadata; after a restart, "
                        + "a rebalance or a post whose answer was lost, the task reads the channels' recent history and skips "
                        + "what is already there. Needs channels:history (groups:history). Bot token only. A reset of the offsets "
                        + "through the REST API posts a visible reset marker to each configured channel, so the old messages "
                        + "no longer count. Set " + APP_KIND
                        + " so that history is read within what Slack allows the app.",
                DELIVERY_GROUP,
                ++order,
                Width.SHORT,
                "Deduplicate",
                List.of(DEDUP_HISTORY_PAGES, APP_KIND, HISTORY_PER_MINUTE, HISTORY_PAGE_SIZE),
                KeyRecommender.shownWhen(WEB_API));
        def.define(
                DEDUP_HISTORY_PAGES,
                Type.INT,
                3,
                Range.between(1, 50),
                Importance.LOW,
                "At most how many pages of a channel's history (and of a thread's replies) are read to find what was "
                        + "already posted; a page is " + HISTORY_PAGE_SIZE
                        + " messages (200, or 15 for a non-marketplace "
                        + "app). In post mode without threads reading stops at each partition's newest message, so a busy "
                        + "channel usually costs one page; the bound matters when others posted many messages since.",
                DELIVERY_GROUP,
                ++order,
                Width.SHORT,
                "History pages",
                List.of(),
                KeyRecommender.shownWhen(READS_HISTORY));
        def.define(
                APP_KIND,
                Type.STRING,
                "internal",
                ConfigDef.CaseInsensitiveValidString.in(appKindNames()),
                Importance.MEDIUM,
                "What kind of Slack app the token belongs to, which sets how much history Slack lets it read (for "
                        + "deduplication, threads and update mode). 'internal' (an app built for your own workspace, as in the "
                        + "set-up) and 'marketplace' (a Marketplace-approved app): conversations.history and .replies at Tier 3, "
                        + "about 50 requests a minute, pages of 200. 'non-marketplace' (a commercially distributed app that is "
                        + "not Marketplace-approved, created since 2025-05-29): 1 request a minute, 15 messages a page. A "
                        + "start or rebalance then costs up to " + DEDUP_HISTORY_PAGES
                        + " requests per channel (plus, with "
                        + "threads, one per thread whose replies may be newer), that is about as many minutes before the "
                        + "first post.",
                DELIVERY_GROUP,
                ++order,
                Width.SHORT,
                "App kind",
                List.of(),
                KeyRecommender.shownWhen(READS_HISTORY).withValues(appKindNames()));
        def.define(
                HISTORY_PER_MINUTE,
                Type.INT,
                null,
                new OptionalRange(1, 1_000_000),
                Importance.LOW,
                "History requests (conversations.history and .replies) per minute, for the whole connector: each task "
                        + "gets an equal share. Empty: as " + APP_KIND + " says (50, or 1 for non-marketplace).",
                DELIVERY_GROUP,
                ++order,
                Width.SHORT,
                "History requests per minute",
                List.of(),
                KeyRecommender.shownWhen(READS_HISTORY));
        def.define(
                HISTORY_PAGE_SIZE,
                Type.INT,
                null,
                new OptionalRange(1, 1_000),
                Importance.LOW,
                "Messages asked for per history page. Empty: as " + APP_KIND
                        + " says (200, or 15 for non-marketplace).",
                DELIVERY_GROUP,
                ++order,
                Width.SHORT,
                "History page size",
                List.of(),
                KeyRecommender.shownWhen(READS_HISTORY));

        // a lone alert goes out at once; the rate limiter, not the linger, decides when a backlog is sent
        def.define(
                SinkConfig.BATCH_LINGER_MS,
                Type.LONG,
                0L,
                Range.between(0, 3_600_000),
                Importance.MEDIUM,
                "How long a record may wait for others before it is sent. Slack's default is 0: the channel's rate "
                        + "limit holds records back; with " + DIGEST_ENABLED
                        + " those waiting are folded into one message.",
                SinkConfig.BATCH_GROUP,
                100,
                Width.SHORT,
                "Linger");
        def.define(
                SinkConfig.BATCH_MAX_RECORDS,
                Type.INT,
                100,
                Range.between(1, 1_000),
                Importance.MEDIUM,
                "The most records handed to one write. Without digests a write posts one message for the first of them; "
                        + "with digests it folds up to " + DIGEST_MAX_RECORDS + " of them.",
                SinkConfig.BATCH_GROUP,
                101,
                Width.SHORT,
                "Batch records");
        return def;
    }

    /**
     * The rules between keys (DESIGN.md 3.7), checked by the framework with every other problem:
     * each names every key it reads, and its message goes on each of them.
     */
    static final List<ConfigRule> RULES = rules();

    private static List<ConfigRule> rules() {
        List<ConfigRule> rules = new ArrayList<>();
        rules.add(ConfigRule.of(
                c -> (c.getPassword(BOT_TOKEN) == null) == (c.getPassword(WEBHOOK_URL) == null)
                        ? "set exactly one of " + BOT_TOKEN + " (Web API) or " + WEBHOOK_URL + " (incoming webhook)"
                        : null,
                BOT_TOKEN,
                WEBHOOK_URL));
        rules.add(ConfigRule.of(
                c -> c.getPassword(BOT_TOKEN) != null
                                && c.getString(CHANNEL) == null
                                && c.getString(CHANNEL_FIELD) == null
                                && c.getList(CHANNEL_TOPIC_MAP).isEmpty()
                        ? "with " + BOT_TOKEN + ", name a channel: set " + CHANNEL + ", " + CHANNEL_FIELD + " or "
                                + CHANNEL_TOPIC_MAP
                        : null,
                BOT_TOKEN,
                CHANNEL,
                CHANNEL_FIELD,
                CHANNEL_TOPIC_MAP));
        for (String key : List.of(CHANNEL, CHANNEL_FIELD, THREAD_KEY)) {
            rules.add(ConfigRule.of(
                    c -> c.getPassword(WEBHOOK_URL) != null && c.getString(key) != null
                            ? key + " needs " + BOT_TOKEN
                                    + ": an incoming webhook always posts to its own channel, without threads"
                            : null,
                    WEBHOOK_URL,
                    key));
        }
        rules.add(ConfigRule.of(
                c -> c.getPassword(WEBHOOK_URL) != null
                                && !c.getList(CHANNEL_TOPIC_MAP).isEmpty()
                        ? CHANNEL_TOPIC_MAP + " needs " + BOT_TOKEN
                                + ": an incoming webhook always posts to its own channel"
                        : null,
                WEBHOOK_URL,
                CHANNEL_TOPIC_MAP));
        rules.add(ConfigRule.of(
                c -> c.getPassword(WEBHOOK_URL) != null && mode(c) == Mode.UPDATE
                        ? MODE + "=update needs " + BOT_TOKEN + ": an incoming webhook cannot edit messages"
                        : null,
                WEBHOOK_URL,
                MODE));
        rules.add(ConfigRule.of(
                c -> c.getPassword(WEBHOOK_URL) != null && c.getBoolean(DEDUP_ENABLED)
                        ? DEDUP_ENABLED + " needs " + BOT_TOKEN
                                + ": an incoming webhook cannot read history, so webhook delivery " + "is at-least-once"
                        : null,
                WEBHOOK_URL,
                DEDUP_ENABLED));
        rules.add(ConfigRule.of(
                c -> mode(c) == Mode.UPDATE && c.getString(THREAD_KEY) == null
                        ? MODE + "=update needs " + THREAD_KEY + ": the field that names the message to edit"
                        : null,
                MODE,
                THREAD_KEY));
        rules.add(ConfigRule.of(
                c -> c.getBoolean(DIGEST_ENABLED) && (mode(c) == Mode.UPDATE || c.getString(THREAD_KEY) != null)
                        ? DIGEST_ENABLED + " folds records into new messages: it needs " + MODE + "=post without "
                                + THREAD_KEY
                        : null,
                DIGEST_ENABLED,
                MODE,
                THREAD_KEY));
        rules.add(ConfigRule.of(
                c -> "delete".equalsIgnoreCase(c.getString(SinkConfig.NULL_VALUES))
                                && (mode(c) != Mode.UPDATE || !isRecordKey(c.getString(THREAD_KEY)))
                        ? SinkConfig.NULL_VALUES + "=delete needs " + MODE + "=update with " + THREAD_KEY
                                + "=_key (or _key.<field>): a tombstone has only its key to name the message to delete"
                        : null,
                SinkConfig.NULL_VALUES,
                MODE,
                THREAD_KEY));
        return List.copyOf(rules);
    }

    private static Mode mode(AbstractConfig config) {
        return Mode.valueOf(config.getString(MODE).toUpperCase(Locale.ROOT));
    }

    static boolean isRecordKey(String path) {
        return path != null && (path.equals(RecordScope.KEY) || path.startsWith(RecordScope.KEY + "."));
    }

    Password botToken() {
        return getPassword(BOT_TOKEN);
    }

    Password webhookUrl() {
        return getPassword(WEBHOOK_URL);
    }

    String apiUrl() {
        String url = getString(API_URL);
        return url.endsWith("/") ? url : url + "/";
    }

    int requestTimeoutMs() {
        return getInt(REQUEST_TIMEOUT_MS);
    }

    String channel() {
        return getString(CHANNEL);
    }

    String channelField() {
        return getString(CHANNEL_FIELD);
    }

    /** topic -> channel id, in the order given. */
    Map<String, String> topicChannels() {
        Map<String, String> channels = new LinkedHashMap<>();
        for (String entry : getList(CHANNEL_TOPIC_MAP)) {
            int colon = entry.lastIndexOf(':');
            channels.put(
                    entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        return channels;
    }

    String textTemplate() {
        return getString(TEXT_TEMPLATE);
    }

    String blocksTemplate() {
        return getString(BLOCKS_TEMPLATE);
    }

    Mode mode() {
        return mode(this);
    }

    String threadKey() {
        return getString(THREAD_KEY);
    }

    boolean digestEnabled() {
        return getBoolean(DIGEST_ENABLED);
    }

    int digestMaxRecords() {
        return getInt(DIGEST_MAX_RECORDS);
    }

    int channelPerMinute() {
        return getInt(CHANNEL_PER_MINUTE);
    }

    int channelBurst() {
        return getInt(CHANNEL_BURST);
    }

    int workspacePerMinute() {
        return getInt(WORKSPACE_PER_MINUTE);
    }

    int updatesPerMinute() {
        return getInt(UPDATES_PER_MINUTE);
    }

    boolean dedupEnabled() {
        return getBoolean(DEDUP_ENABLED);
    }

    int dedupHistoryPages() {
        return getInt(DEDUP_HISTORY_PAGES);
    }

    Set<String> mrkdwnFields() {
        Set<String> fields = new LinkedHashSet<>();
        getList(MRKDWN_FIELDS).forEach(field -> {
            if (!field.isBlank()) {
                fields.add(field.trim());
            }
        });
        return fields;
    }

    AppKind appKind() {
        return AppKind.valueOf(getString(APP_KIND).toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The connector's history budget per minute (divided among its tasks by the caller). */
    int historyPerMinute() {
        Integer configured = getInt(HISTORY_PER_MINUTE);
        return configured != null ? configured : appKind().historyPerMinute;
    }

    int historyPageSize() {
        Integer configured = getInt(HISTORY_PAGE_SIZE);
        return configured != null ? configured : appKind().pageSize;
    }

    private static String[] appKindNames() {
        return Arrays.stream(AppKind.values()).map(AppKind::configName).toArray(String[]::new);
    }

    /** A whole number in a range, or nothing (the app kind's value). */
    static final class OptionalRange implements ConfigDef.Validator {
        private final Range range;

        OptionalRange(int min, int max) {
            this.range = Range.between(min, max);
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value != null) {
                range.ensureValid(name, value);
            }
        }

        @Override
        public String toString() {
            return range + ", or empty";
        }
    }

    /** A channel id, or nothing. */
    static final class ChannelIdValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && !CHANNEL_ID.matcher(value.toString()).matches()) {
                throw new ConfigException(
                        name,
                        value,
                        "not a channel id; ids look like C0123ABCD (in Slack: channel details, at the bottom)");
            }
        }

        @Override
        public String toString() {
            return "a channel id like C0123ABCD";
        }
    }

    /** An http(s) URL; the URL is a secret, so no message repeats it. */
    static final class WebhookUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            String problem;
            try {
                URI uri = new URI(((Password) value).value());
                problem = uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null
                        ? "not an http(s) URL"
                        : null;
            } catch (URISyntaxException e) {
                problem = "not a URL";
            }
            if (problem != null) {
                throw new ConfigException(
                        name + " is " + problem + "; copy the webhook URL from the app's Incoming Webhooks page");
            }
        }

        @Override
        public String toString() {
            return "an http(s) URL from the app's Incoming Webhooks page";
        }
    }

    /**
     * A template that compiles and renders a sample record (a Block Kit template: to blocks), so
     * its mistakes are reported on its key at validate(), together with every other problem.
     */
    static final class TemplateValidator implements ConfigDef.Validator {
        private final boolean blocks;

        TemplateValidator(boolean blocks) {
            this.blocks = blocks;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            try {
                (blocks ? new MessageTemplates(null, value.toString()) : new MessageTemplates(value.toString(), null))
                        .checkWithSample();
            } catch (TemplateException e) {
                throw new ConfigException(e.getMessage());
            }
        }

        @Override
        public String toString() {
            return blocks
                    ? "a JSON array of Block Kit blocks whose strings may hold Mustache tags, values escaped"
                    : "a Mustache template in Slack mrkdwn, values escaped";
        }
    }

    /** topic:channelId pairs. */
    static final class TopicMapValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof List<?> entries)) {
                return;
            }
            for (Object entry : entries) {
                String text = String.valueOf(entry);
                int colon = text.lastIndexOf(':');
                if (colon <= 0
                        || !CHANNEL_ID.matcher(text.substring(colon + 1).trim()).matches()) {
                    throw new ConfigException(
                            name, value, "'" + text + "' is not topic:channelId, e.g. orders:C0123ABCD");
                }
            }
        }

        @Override
        public String toString() {
            return "topic:channelId pairs, comma-separated";
        }
    }
}
