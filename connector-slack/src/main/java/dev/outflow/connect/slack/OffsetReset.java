package dev.outflow.connect.slack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.slack.api.methods.SlackApiException;
import com.slack.api.model.Message;

import dev.outflow.connect.slack.OffsetMetadata.Said;
import dev.outflow.connect.slack.SlackClient.Posted;

/**
 * Makes what Slack holds agree with offsets an operator changed through Connect's offsets REST API
 * (DESIGN.md 3.6). With deduplication a task skips records whose offsets it finds in the channels'
 * history, which would silently undo a reset; so a reset marker goes to every channel the config
 * names, and for the partitions it names only newer messages count ({@link HistoryReader}).
 *
 * <p>Idempotent: a channel whose newest message of this connector for a partition is already a
 * marker saying the same gets no new one for it. A repeated marker would be harmless anyway: what
 * counts is what was posted after the newest marker, and nothing was posted in between.
 */
final class OffsetReset {

    private static final Logger log = LoggerFactory.getLogger(OffsetReset.class);

    /** Keeps a marker's metadata small; a reset of more partitions posts several markers. */
    static final int PARTITIONS_PER_MARKER = 100;
    /** Partitions named in a marker's visible text; the rest are counted. */
    private static final int PARTITIONS_IN_TEXT = 10;

    private final SlackConfig config;
    private final String connector;
    private final OffsetMetadata metadata;

    OffsetReset(SlackConfig config, String connector) {
        this.config = config;
        this.connector = connector;
        this.metadata = new OffsetMetadata(connector);
    }

    /** @param offsets per partition the next offset to write, or null for the partition's start */
    void apply(Map<TopicPartition, Long> offsets) throws Exception {
        if (config.webhookUrl() != null || !config.dedupEnabled() || offsets.isEmpty()) {
            // without deduplication no task reads offsets from Slack: there is nothing to undo
            log.info(
                    "Offsets of {} partitions changed; this connector reads no offsets from Slack, so no reset marker is needed",
                    offsets.size());
            return;
        }
        if (config.channelField() != null) {
            throw new ConnectException(
                    SlackConfig.CHANNEL_FIELD + " routes records to channels the configuration does not name, "
                            + "and with " + SlackConfig.DEDUP_ENABLED
                            + " their messages hold this connector's offsets: a reset cannot "
                            + "reach them, and the tasks would find the old offsets there and skip the records again. To reset, set "
                            + SlackConfig.DEDUP_ENABLED
                            + "=false first (every record is then posted again; the older messages count "
                            + "again if it is turned back on), or route with " + SlackConfig.CHANNEL_TOPIC_MAP + " or "
                            + SlackConfig.CHANNEL + ". The Kafka offsets were left as they were.");
        }
        try (SlackClient client = SlackClient.create(config)) {
            for (String channel : ChannelRouter.of(config).configuredChannels()) {
                mark(client, channel, offsets);
            }
        } catch (SlackCallException | SlackApiException | IOException e) {
            throw new ConnectException(
                    "a reset marker could not be posted to Slack: "
                            + new SlackErrors(SlackConfig.BOT_TOKEN).classify(e).reason()
                            + ". The Kafka offsets were left as they were; "
                            + "try again (markers already posted are not repeated)",
                    e);
        }
    }

    private void mark(SlackClient client, String channel, Map<TopicPartition, Long> offsets)
            throws IOException, SlackApiException, SlackCallException {
        Map<TopicPartition, Long> pending = new HashMap<>(offsets);
        try {
            pending.keySet()
                    .removeAll(alreadyMarked(
                            client.history(channel, null, config.historyPageSize())
                                    .getMessages(),
                            offsets));
        } catch (SlackCallException e) {
            if (SlackErrors.CHANNEL_GONE.contains(e.code())) {
                log.info(
                        "Channel {} cannot be read ({}): the tasks read no offsets there either; no reset marker posted",
                        channel,
                        e.code());
                return;
            }
            log.info(
                    "The newest messages of channel {} could not be read ({}); posting the reset marker anyway",
                    channel,
                    e.code());
        } catch (SlackApiException e) {
            // e.g. HTTP 429: history has a tight budget for some apps; a repeated marker is harmless
            log.info(
                    "The newest messages of channel {} could not be read (HTTP {}); posting the reset marker anyway",
                    channel,
                    e.getResponse().code());
        }
        List<TopicPartition> partitions = new ArrayList<>(pending.keySet());
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        for (int from = 0; from < partitions.size(); from += PARTITIONS_PER_MARKER) {
            Map<TopicPartition, Long> chunk = new LinkedHashMap<>();
            partitions
                    .subList(from, Math.min(partitions.size(), from + PARTITIONS_PER_MARKER))
                    .forEach(p -> chunk.put(p, pending.get(p)));
            Posted posted =
                    client.post(channel, new SlackClient.Message(text(chunk), null, metadata.forReset(chunk), null));
            log.info(
                    "Posted a reset marker for {} partitions to channel {} (ts {})",
                    chunk.size(),
                    posted.channelId(),
                    posted.ts());
        }
    }

    /**
     * The partitions whose newest message of this connector, among the channel's newest, is a marker
     * that says the same as {@code offsets}: a previous call already did the work for them.
     */
    private Set<TopicPartition> alreadyMarked(List<Message> newestFirst, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Boolean> decided = new HashMap<>();
        for (Message message : newestFirst) {
            Said said = metadata.read(message);
            if (said == null) {
                continue;
            }
            said.offsets().forEach((partition, offset) -> {
                if (offsets.containsKey(partition)) {
                    decided.putIfAbsent(partition, said.reset() && Objects.equals(offset, offsets.get(partition)));
                }
            });
        }
        Set<TopicPartition> marked = new HashSet<>();
        decided.forEach((partition, same) -> {
            if (same) {
                marked.add(partition);
            }
        });
        return marked;
    }

    /** Says plainly what happened and what to expect; partition names and offsets only. */
    private String text(Map<TopicPartition, Long> chunk) {
        StringBuilder out = new StringBuilder(":leftwards_arrow_with_hook: The offsets of the connector *")
                .append(SlackText.literal(connector))
                .append("* were reset through the Kafka Connect REST API. Records may be " + "posted here again: ");
        int shown = 0;
        for (Map.Entry<TopicPartition, Long> entry : chunk.entrySet()) {
            if (shown == PARTITIONS_IN_TEXT) {
                out.append(", and ").append(chunk.size() - shown).append(" more partitions");
                break;
            }
            out.append(shown++ == 0 ? "" : ", ")
                    .append(SlackText.literal(entry.getKey().toString()))
                    .append(entry.getValue() == null ? " from its start" : " from offset " + entry.getValue());
        }
        return SlackText.truncate(out.append('.').toString(), SlackText.MAX_TEXT_CHARS);
    }
}
