package dev.outflow.connect.slack;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.errors.DataException;

import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.template.RecordScope;

/**
 * Which channel a record goes to: the channel field when the record has a value there, else the
 * channel of its topic, else the fixed channel. A record with none goes to the dead-letter queue.
 */
final class ChannelRouter {

    private final String field;
    private final Map<String, String> byTopic;
    private final String fixed;

    ChannelRouter(String field, Map<String, String> byTopic, String fixed) {
        this.field = field;
        this.byTopic = Map.copyOf(byTopic);
        this.fixed = fixed;
    }

    static ChannelRouter of(SlackConfig config) {
        return new ChannelRouter(config.channelField(), config.topicChannels(), config.channel());
    }

    String route(Row row, RecordScope scope) {
        if (field != null) {
            String channel = scope.text(field);
            if (channel != null && !channel.isBlank()) {
                return channel.trim();
            }
        }
        String channel = byTopic.getOrDefault(row.topic(), fixed);
        if (channel == null) {
            throw new DataException("no channel for this record: "
                    + (field != null ? "its field " + field + " is empty, " : "") + "its topic is not in "
                    + SlackConfig.CHANNEL_TOPIC_MAP + " and " + SlackConfig.CHANNEL + " is not set");
        }
        return channel;
    }

    /** The channels named in the config (ids, as the config requires). */
    Set<String> configuredChannels() {
        Set<String> channels = new LinkedHashSet<>(byTopic.values());
        if (fixed != null) {
            channels.add(fixed);
        }
        return channels;
    }
}
