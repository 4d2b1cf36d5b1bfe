package dev.outflow.connect.slack;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.methods.SlackApiException;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.api.Destination;
import dev.outflow.connect.core.api.DestinationMetrics;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.FirstRowsFailedException;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.StoredOffsets;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.core.api.config.ConfigProblem;
import dev.outflow.connect.core.api.config.ConfigRule;
import dev.outflow.connect.core.api.config.SinkConfig;
import dev.outflow.connect.core.api.template.RecordScope;
import dev.outflow.connect.core.api.template.TemplateException;
import dev.outflow.connect.slack.DigestFolder.Digest;
import dev.outflow.connect.slack.HistoryReader.ChannelHistory;
import dev.outflow.connect.slack.MessageIndex.Ref;
import dev.outflow.connect.slack.MessageTemplates.Rendered;
import dev.outflow.connect.slack.SlackClient.Message;
import dev.outflow.connect.slack.SlackClient.Posted;
import dev.outflow.connect.slack.SlackConfig.Mode;

/**
 * Slack as a destination: a target is a channel, a write is one API call that posts (or edits, or
 * deletes) one message, so each call takes one permit of the channel's rate limit. Without
 * digests a write handles the first record it is handed and leaves the rest buffered; with
 * digests it folds as many of them as fit into one message.
 */
public final class SlackDestination implements Destination {

    private static final Logger log = LoggerFactory.getLogger(SlackDestination.class);

    /** Keys remembered per task for threads and updates (about 200 bytes each). */
    static final int INDEX_CAPACITY = 100_000;
    /** The connector's name where Connect set none (a task a test started): it marks the offsets in messages' metadata. */
    static final String UNNAMED = "outflow-slack";
    /** The target of webhook mode: the webhook's own channel. */
    static final String WEBHOOK_TARGET = "webhook";

    private SlackConfig config;
    private SlackClient client;
    private MessageTemplates templates;
    private ChannelRouter router;
    private OffsetMetadata metadata;
    private HistoryReader history;
    private SlackErrors errors;
    private final MessageIndex index = new MessageIndex(INDEX_CAPACITY);
    /** target (an id, or a name from a record) -> channel id, learned from Slack's answers. */
    private final Map<String, String> channelIds = new HashMap<>();
    /** Channels whose history has been read for their keys in this task. */
    private final Set<String> recovered = new HashSet<>();
    /** Why history was unreadable, each said once per task at WARN: with channels from records it could be said for every one. */
    private final Set<String> warnedUnreadable = new HashSet<>();

    private boolean webhook;
    private final Clock clock;
    private DestinationMetrics.Counter metadataDropped = () -> {};
    private boolean warnedMetadataDropped;
    /** The channels read so far for the current {@link #storedOffsets} call, kept while the history budget makes it wait. */
    private final Map<String, ChannelHistory> roundResults = new HashMap<>();

    private Set<TopicPartition> roundPartitions = Set.of();

    public SlackDestination() {
        this(Clock.systemUTC());
    }

    /** @param clock what the history budget's refill follows (tests pass the emulator's) */
    SlackDestination(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ConfigDef config() {
        return SlackConfig.CONFIG_DEF;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new SlackConfig(props); // the framework has checked the rules between keys
        webhook = config.webhookUrl() != null;
        templates = new MessageTemplates(config.textTemplate(), config.blocksTemplate(), config.mrkdwnFields());
        router = ChannelRouter.of(config);
        router.configuredChannels().forEach(channel -> channelIds.put(channel, channel));
        metadata = new OffsetMetadata(SinkConfig.connectorName(props, UNNAMED));
        errors = new SlackErrors(webhook ? SlackConfig.WEBHOOK_URL : SlackConfig.BOT_TOKEN);
        client = SlackClient.create(config);
        int tasks = Integer.parseInt(props.getOrDefault(SinkConfig.TASK_COUNT, "1"));
        history = new HistoryReader(
                client,
                metadata,
                new HistoryBudget(config.historyPerMinute(), tasks, clock),
                config.dedupHistoryPages(),
                config.historyPageSize());
        log.info(
                "Posting to Slack through {}: mode {}, threads by key {}, digests {}, deduplication {}, history {} requests "
                        + "a minute for the connector, pages of {}",
                webhook ? "an incoming webhook" : "the Web API",
                config.mode(),
                config.threadKey() != null,
                config.digestEnabled(),
                config.dedupEnabled(),
                config.historyPerMinute(),
                config.historyPageSize());
    }

    @Override
    public void useMetrics(DestinationMetrics metrics) {
        metadataDropped = metrics.counter(
                "slack-metadata-dropped-total",
                "Messages Slack accepted but whose metadata it dropped (a warning such as invalid_metadata_schema): "
                        + "deduplication cannot see them, so delivery is at-least-once.");
    }

    @Override
    public String route(Row row) {
        return webhook ? WEBHOOK_TARGET : router.route(row, RecordScope.of(row));
    }

    /**
     * A channel's own limit (Slack: about one message a second, short bursts) and the workspace's
     * budget shared by every channel of this task; in update mode also Tier 3's budget for edits.
     */
    @Override
    public List<QuotaScope> quotaScopes(String target) {
        List<QuotaScope> scopes = new ArrayList<>();
        scopes.add(QuotaScope.perMinute("slack.channel:" + target, config.channelPerMinute(), config.channelBurst()));
        if (!webhook) {
            int workspace = config.workspacePerMinute();
            scopes.add(QuotaScope.perMinute("slack.workspace", workspace, Math.max(1, workspace / 20)));
        }
        if (config.mode() == Mode.UPDATE) {
            int updates = config.updatesPerMinute();
            scopes.add(QuotaScope.perMinute("slack.updates", updates, Math.max(1, updates / 20)));
        }
        return scopes;
    }

    @Override
    public WriteResult write(String target, List<Row> rows) throws FirstRowsFailedException {
        if (config.digestEnabled() && rows.size() > 1) {
            return writeDigest(target, rows);
        }
        return writeSingle(target, rows.get(0));
    }

    /**
     * One record, one message. A failure concerns this record alone, whatever the batch handed over:
     * the rest of it was never sent, so a refusal rejects this record without a bisection.
     */
    private WriteResult writeSingle(String target, Row row) throws FirstRowsFailedException {
        try {
            return writeOne(target, row);
        } catch (DataException e) {
            // the framework's mapper refused the record's key or headers for the template scope (webhooks
            // build it here; the Web API already did in route(), where the same refusal rejects the record)
            return WriteResult.firstRows(1, Map.of(0, "the record could not be read: " + e.getMessage()));
        } catch (IOException | SlackApiException | SlackCallException | TemplateException e) {
            throw new FirstRowsFailedException(1, e);
        }
    }

    private WriteResult writeOne(String target, Row row) throws IOException, SlackApiException, SlackCallException {
        RecordScope scope = RecordScope.of(row);
        String key = config.threadKey() == null ? null : scope.text(config.threadKey());
        if (config.threadKey() != null && key == null && config.mode() == Mode.UPDATE) {
            return WriteResult.firstRows(
                    1,
                    Map.of(
                            0,
                            "the record has no value in " + config.threadKey() + " (" + SlackConfig.THREAD_KEY
                                    + ") to name its message"));
        }
        if (webhook) {
            // a webhook answers "ok" and no more: the record's receipt has no message to name
            client.sendWebhook(message(templates.render(row, scope), null, null));
            return WriteResult.firstRows(1, Map.of());
        }
        if (key != null) {
            recoverKeys(target);
        }
        Ref known = key == null ? null : index.get(target, key);
        AppReply reply;
        if (config.mode() == Mode.UPDATE) {
            reply = update(target, row, scope, key, known);
        } else {
            Message message = message(
                    templates.render(row, scope), metadata.forRecord(row, key), known == null ? null : known.ts());
            Posted posted = post(target, message);
            if (key != null && known == null) {
                index.put(target, key, new Ref(posted.channelId(), posted.ts()));
            }
            reply = posted.reply();
        }
        WriteResult written = WriteResult.firstRows(1, Map.of());
        return reply == null ? written : written.withReplies(Map.of(0, reply));
    }

    /**
     * Update mode: edit the key's message, post it when there is none (or it was deleted), delete it on a tombstone.
     *
     * @return the message edited, posted or deleted, as Slack answered; null for a tombstone whose message was
     *     unknown or already gone (nothing was deleted)
     */
    private AppReply update(String target, Row row, RecordScope scope, String key, Ref known)
            throws IOException, SlackApiException, SlackCallException {
        if (row.isDelete()) {
            AppReply deleted = null;
            if (known != null) {
                try {
                    Ref gone = client.delete(known.channelId(), known.ts());
                    deleted = AppReply.of("channel", gone.channelId(), "ts", gone.ts());
                } catch (SlackCallException e) {
                    if (!e.code().equals("message_not_found")) {
                        throw e;
                    }
                }
                index.remove(target, key);
            }
            return deleted;
        }
        Message message = message(templates.render(row, scope), metadata.forRecord(row, key), null);
        if (known != null) {
            try {
                Posted edited = client.update(known.channelId(), known.ts(), message);
                checkMetadata(edited.metadataDropped());
                return edited.reply();
            } catch (SlackCallException e) {
                if (!e.code().equals("message_not_found")) {
                    throw e;
                }
                log.debug("A message this connector kept up to date was deleted in Slack; posting it again");
            }
        }
        Posted posted = post(target, message);
        index.put(target, key, new Ref(posted.channelId(), posted.ts()));
        return posted.reply();
    }

    private WriteResult writeDigest(String target, List<Row> rows) throws FirstRowsFailedException {
        int candidates = Math.min(rows.size(), config.digestMaxRecords());
        List<Rendered> rendered = new ArrayList<>(candidates);
        for (Row row : rows.subList(0, candidates)) {
            try {
                rendered.add(templates.render(row, RecordScope.of(row)));
            } catch (TemplateException | DataException e) {
                break; // this record is handled alone, by a later write
            }
        }
        if (rendered.size() < 2) {
            return writeSingle(target, rows.get(0));
        }
        Digest digest = DigestFolder.fold(rendered);
        if (digest.records() == 1) {
            return writeSingle(target, rows.get(0));
        }
        List<Row> folded = rows.subList(0, digest.records());
        Message message = new Message(
                digest.text(),
                digest.blocks() == null ? null : digest.blocks().toString(),
                webhook ? null : metadata.forDigest(folded),
                null);
        // a refused digest is bisected by the framework, among its records only, until the record at fault stands alone
        Map<Integer, AppReply> replies = new HashMap<>();
        try {
            if (webhook) {
                client.sendWebhook(message);
            } else {
                AppReply reply = post(target, message).reply();
                for (int i = 0; i < digest.records(); i++) {
                    replies.put(i, reply); // every record folded into the message has its receipt name it
                }
            }
        } catch (IOException | SlackApiException | SlackCallException e) {
            throw new FirstRowsFailedException(digest.records(), e);
        }
        log.debug("Posted a digest of {} records", digest.records());
        return WriteResult.firstRows(digest.records(), Map.of()).withReplies(replies);
    }

    private static Message message(Rendered rendered, ObjectNode metadata, String threadTs) {
        return new Message(
                rendered.text(),
                rendered.blocks() == null ? null : rendered.blocks().toString(),
                metadata,
                threadTs);
    }

    private Posted post(String target, Message message) throws IOException, SlackApiException, SlackCallException {
        Posted posted = client.post(target, message);
        channelIds.put(target, posted.channelId());
        checkMetadata(posted.metadataDropped());
        return posted;
    }

    /**
     * Slack posted the message but dropped its metadata: the offsets it should carry are invisible
     * to deduplication, so from here on delivery is at-least-once. Said once per task at WARN,
     * counted every time.
     */
    private void checkMetadata(String warning) {
        if (warning == null) {
            return;
        }
        metadataDropped.increment();
        if (!warnedMetadataDropped) {
            warnedMetadataDropped = true;
            log.warn(
                    "Slack accepted a message but dropped its metadata ({}). The metadata carries the offsets that "
                            + "deduplication reads back ({}), so messages posted like this may be posted again after a restart "
                            + "or a lost answer: delivery is at-least-once while this lasts. Later drops are counted in the "
                            + "metric slack-metadata-dropped-total, not logged.",
                    warning,
                    SlackConfig.DEDUP_ENABLED);
        }
    }

    /** Once per channel and task: learn the keys' messages from history, so a restart keeps threads and cards. */
    private void recoverKeys(String target) throws IOException, SlackApiException, SlackCallException {
        String channelId = channelIds.get(target);
        if (channelId == null || recovered.contains(target)) {
            return;
        }
        try {
            learnKeys(target, channelId, history.read(channelId, new HistoryReader.Plan(null, false, false)));
        } catch (SlackCallException e) {
            if (!SlackErrors.HISTORY_UNREADABLE.contains(e.code())) {
                throw e;
            }
            if (warnedUnreadable.add(e.code())) {
                log.warn(
                        "The history of channel {} is not readable ({}): keys posted before this task started will start new "
                                + "threads or messages. Add the channels:history (groups:history) scope to keep them. Other channels "
                                + "with the same problem are logged at DEBUG.",
                        channelId,
                        e.code());
            } else {
                log.debug("The history of channel {} is not readable ({})", channelId, e.code());
            }
        }
        recovered.add(target);
    }

    private void learnKeys(String target, String channelId, ChannelHistory read) {
        read.keys().forEach((key, ts) -> index.recover(target, key, new Ref(channelId, ts)));
    }

    @Override
    public Failure classify(Exception error) {
        return errors.classify(error);
    }

    @Override
    public boolean storesOffsets() {
        return config.dedupEnabled();
    }

    /**
     * Reads the recent history of every channel this task knows (the configured ones, and those it
     * has posted to) and returns, per channel, the last offset per partition found in the messages'
     * metadata. A channel the bot cannot read (gone, archived, not a member) holds nothing of ours.
     */
    @Override
    public StoredOffsets storedOffsets(Collection<TopicPartition> partitions) throws Exception {
        Set<TopicPartition> wanted = Set.copyOf(partitions);
        if (!roundPartitions.containsAll(wanted)) {
            // other partitions than those a waiting read was for: what it found may stop too early for them
            roundResults.clear();
            history.forget();
            roundPartitions = wanted;
        }
        Map<String, Map<TopicPartition, Long>> byTarget = new HashMap<>();
        for (String target : new LinkedHashSet<>(channelIds.keySet())) {
            if (roundResults.containsKey(target)) {
                continue;
            }
            String channelId = channelIds.get(target);
            try {
                roundResults.put(target, history.read(channelId, offsetsPlan(roundPartitions)));
            } catch (SlackCallException e) {
                if (!SlackErrors.CHANNEL_GONE.contains(e.code())) {
                    throw e; // the budget's "not yet" keeps what was read: the next call goes on from there
                }
                roundResults.put(target, new ChannelHistory(Map.of(), Map.of()));
            }
        }
        for (Map.Entry<String, ChannelHistory> result : roundResults.entrySet()) {
            String target = result.getKey();
            ChannelHistory read = result.getValue();
            if (channelIds.containsKey(target)) {
                learnKeys(target, channelIds.get(target), read);
                recovered.add(target);
            }
            Map<TopicPartition, Long> floors = new HashMap<>(read.floors());
            floors.keySet().retainAll(wanted);
            if (!floors.isEmpty()) {
                byTarget.put(target, floors);
            }
        }
        roundResults.clear();
        roundPartitions = Set.of();
        return new StoredOffsets(byTarget, false);
    }

    /**
     * How much history the offsets need. In post mode a partition's newest message holds its
     * highest offset, so reading stops once each is found; with a thread key the whole bound is
     * read anyway (it also recovers the keys' threads) and replies are read where they may be newer.
     * In update mode an old message is edited with new offsets: the whole bound is read.
     */
    private HistoryReader.Plan offsetsPlan(Set<TopicPartition> wanted) {
        boolean threads = config.mode() == Mode.POST && config.threadKey() != null;
        boolean stopEarly = config.mode() == Mode.POST && config.threadKey() == null;
        return new HistoryReader.Plan(wanted, stopEarly, threads);
    }

    /**
     * A reset marker in every configured channel, so that the tasks no longer find the old offsets
     * there (see {@link OffsetReset}).
     */
    @Override
    public void alterStoredOffsets(Map<String, String> props, Map<TopicPartition, Long> offsets) throws Exception {
        new OffsetReset(new SlackConfig(props), SinkConfig.connectorName(props, UNNAMED)).apply(offsets);
    }

    /**
     * A channel named by records went idle: forget its id and that its keys were read, so state
     * stays bounded however many channels records name. Configured channels are kept: they are few,
     * and their stored offsets are read on every open. (The keys' messages live in the bounded
     * {@link MessageIndex}; a channel seen again reads its history for them again.)
     */
    @Override
    public void forgetTarget(String target) {
        if (!router.configuredChannels().contains(target)) {
            channelIds.remove(target);
            recovered.remove(target);
        }
    }

    @Override
    public List<ConfigProblem> checkAccess(Map<String, String> props) {
        return new SlackAccessCheck(props).problems();
    }

    @Override
    public Set<String> accessCheckKeys() {
        return SlackAccessCheck.KEYS;
    }

    @Override
    public List<ConfigRule> configRules() {
        return SlackConfig.RULES;
    }

    @Override
    public void stop() {
        if (client != null) {
            try {
                client.close();
            } catch (Exception e) {
                log.debug("Closing the Slack client failed: {}", e.getClass().getSimpleName());
            }
        }
    }
}
