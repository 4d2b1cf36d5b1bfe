package dev.outflow.connect.slack;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Message;

import dev.outflow.connect.slack.OffsetMetadata.Said;

/**
 * Reads what this connector already posted to a channel, from the message metadata of its recent
 * history: the highest offset per partition, and the message of each thread key. A reset marker
 * (posted when an operator changed the offsets through Connect's REST API) ends what counts: for
 * the partitions it names, only messages newer than the newest marker count. History lists
 * thread parents but not replies, so in thread mode the replies of the most recently active
 * threads are read as well. Both reads are bounded: {@code slack.dedup.history.pages} pages of
 * history, and the replies of at most {@value #MAX_THREADS} threads.
 */
final class HistoryReader {

    /** Threads whose replies are read, most recently active first. */
    static final int MAX_THREADS = 20;

    /** What a channel's history says: floors per partition, and key -> newest message ts. */
    record ChannelHistory(Map<TopicPartition, Long> floors, Map<String, String> keys) {
    }

    private final SlackClient client;
    private final OffsetMetadata metadata;
    private final int pages;

    HistoryReader(SlackClient client, OffsetMetadata metadata, int pages) {
        this.client = client;
        this.metadata = metadata;
        this.pages = pages;
    }

    ChannelHistory read(String channelId, boolean withReplies) throws IOException, SlackApiException, SlackCallException {
        Map<TopicPartition, Long> floors = new HashMap<>();
        Map<TopicPartition, String> resets = new HashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        List<Message> threads = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < pages; page++) {
            ConversationsHistoryResponse response = client.history(channelId, cursor);
            for (Message message : response.getMessages()) {
                Said said = metadata.read(message);
                if (said == null) {
                    continue;
                }
                if (said.reset()) {
                    said.offsets().keySet().forEach(partition -> resets.merge(partition, message.getTs(), HistoryReader::newer));
                    continue;
                }
                count(said, message.getTs(), resets, floors);
                String key = said.key();
                if (key != null) {
                    keys.putIfAbsent(key, message.getTs()); // history is newest first
                    if (message.getReplyCount() != null && message.getReplyCount() > 0 && message.getLatestReply() != null) {
                        threads.add(message);
                    }
                }
            }
            cursor = response.getResponseMetadata() == null ? null : response.getResponseMetadata().getNextCursor();
            if (!response.isHasMore() || cursor == null || cursor.isEmpty()) {
                break;
            }
        }
        if (withReplies) {
            threads.sort(Comparator.comparing((Message m) -> new BigDecimal(m.getLatestReply())).reversed());
            for (Message parent : threads.subList(0, Math.min(MAX_THREADS, threads.size()))) {
                readReplies(channelId, parent.getTs(), resets, floors);
            }
        }
        return new ChannelHistory(floors, keys);
    }

    /** Replies may be older or newer than a marker of the channel: each is weighed by its own ts. */
    private void readReplies(String channelId, String threadTs, Map<TopicPartition, String> resets, Map<TopicPartition, Long> floors)
            throws IOException, SlackApiException, SlackCallException {
        String cursor = null;
        for (int page = 0; page < pages; page++) {
            ConversationsRepliesResponse response = client.replies(channelId, threadTs, cursor);
            for (Message message : response.getMessages()) {
                Said said = metadata.read(message);
                if (said != null && !said.reset()) {
                    count(said, message.getTs(), resets, floors);
                }
            }
            cursor = response.getResponseMetadata() == null ? null : response.getResponseMetadata().getNextCursor();
            if (!response.isHasMore() || cursor == null || cursor.isEmpty()) {
                return;
            }
        }
    }

    /**
     * Adds a message's offsets to the floors, except for partitions reset after it was posted:
     * after a marker the consumer starts where the operator said, so nothing older is stored.
     */
    private static void count(Said said, String ts, Map<TopicPartition, String> resets, Map<TopicPartition, Long> floors) {
        said.offsets().forEach((partition, offset) -> {
            String reset = resets.get(partition);
            if (offset != null && (reset == null || compareTs(ts, reset) > 0)) {
                floors.merge(partition, offset, Math::max);
            }
        });
    }

    private static String newer(String a, String b) {
        return compareTs(a, b) >= 0 ? a : b;
    }

    /** Slack's ts are seconds with a fixed six-digit fraction, as strings: compared as numbers. */
    static int compareTs(String a, String b) {
        return new BigDecimal(a).compareTo(new BigDecimal(b));
    }
}
