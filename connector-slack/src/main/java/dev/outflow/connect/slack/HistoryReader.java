package dev.outflow.connect.slack;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * the partitions it names, only messages newer than the newest marker count.
 *
 * <p>History requests are scarce (1 a minute for non-Marketplace apps), so a read asks only what
 * it needs, each request taken from the {@link HistoryBudget}:
 * <ul>
 *   <li>In post mode a partition's messages are posted in offset order, so its newest message in
 *       the channel holds its highest offset. With {@link Plan#stopEarly}, paging stops as soon as
 *       every wanted partition has its newest message (or a newer reset marker).</li>
 *   <li>Replies are not in history; a parent shows its thread's {@code latest_reply}. Threads are
 *       read newest reply first, only while some wanted partition has found nothing newer than
 *       that reply, and only their replies newer than what was found.</li>
 *   <li>When the budget is spent the read throws a throttled "not yet" and keeps its place: the
 *       next call goes on from the same page, so a slow budget still makes progress.</li>
 * </ul>
 * Both are bounded: {@code slack.dedup.history.pages} pages of history (and of each thread's
 * replies), and the replies of at most {@value #MAX_THREADS} threads.
 */
final class HistoryReader {

    /** Threads whose replies are read, most recently active first. */
    static final int MAX_THREADS = 20;

    /** What a channel's history says: floors per partition, and key -> newest message ts. */
    record ChannelHistory(Map<TopicPartition, Long> floors, Map<String, String> keys) {}

    /**
     * What a read is for. {@code wanted}: the partitions whose floors are asked for (null: read the
     * whole bound, e.g. for keys); {@code stopEarly}: paging may stop once they are all found, which
     * holds in post mode only (in update mode an old message is edited with newer offsets);
     * {@code withReplies}: threads hold the connector's messages too.
     */
    record Plan(Set<TopicPartition> wanted, boolean stopEarly, boolean withReplies) {}

    /** A read in progress: where it is, and what it found so far. */
    private static final class Scan {
        final Plan plan;
        final Map<TopicPartition, Long> floors = new HashMap<>();
        final Map<TopicPartition, String> resets = new HashMap<>();
        /** The ts of the newest message (or marker) found per partition. */
        final Map<TopicPartition, String> newest = new HashMap<>();

        final Map<String, String> keys = new LinkedHashMap<>();
        final List<Message> threads = new ArrayList<>();
        String cursor;
        int pages;
        boolean pagesDone;
        int threadsDone;
        String replyCursor;
        int replyPages;

        Scan(Plan plan) {
            this.plan = plan;
        }
    }

    private final SlackClient client;
    private final OffsetMetadata metadata;
    private final HistoryBudget budget;
    private final int maxPages;
    private final int pageSize;
    private final Map<String, Scan> scans = new HashMap<>();

    HistoryReader(SlackClient client, OffsetMetadata metadata, HistoryBudget budget, int maxPages, int pageSize) {
        this.client = client;
        this.metadata = metadata;
        this.budget = budget;
        this.maxPages = maxPages;
        this.pageSize = pageSize;
    }

    /**
     * Reads a channel as {@code plan} says, going on from where an earlier call for the same plan
     * stopped. Throws a {@link HistoryBudget#SPENT} "not yet" while the budget is spent.
     */
    ChannelHistory read(String channelId, Plan plan) throws IOException, SlackApiException, SlackCallException {
        Scan scan = scans.get(channelId);
        if (scan == null || !scan.plan.equals(plan)) {
            scan = new Scan(plan);
            scans.put(channelId, scan);
        }
        try {
            readPages(channelId, scan);
            if (plan.withReplies()) {
                readThreads(channelId, scan);
            }
        } catch (SlackCallException e) {
            if (!e.code().equals(HistoryBudget.SPENT)) {
                scans.remove(channelId); // a refusal ends this read; a later one starts again
            }
            throw e;
        } catch (IOException | SlackApiException | RuntimeException e) {
            scans.remove(channelId);
            throw e;
        }
        scans.remove(channelId);
        return new ChannelHistory(scan.floors, scan.keys);
    }

    /** Forgets reads in progress (the partitions asked for changed). */
    void forget() {
        scans.clear();
    }

    private void readPages(String channelId, Scan scan) throws IOException, SlackApiException, SlackCallException {
        while (!scan.pagesDone) {
            if (scan.pages >= maxPages || scan.plan.stopEarly() && allFound(scan)) {
                scan.pagesDone = true;
                break;
            }
            budget.take("conversations.history");
            ConversationsHistoryResponse response = client.history(channelId, scan.cursor, pageSize);
            scan.pages++;
            for (Message message : response.getMessages()) {
                Said said = metadata.read(message);
                if (said == null) {
                    continue;
                }
                said.offsets()
                        .keySet()
                        .forEach(partition -> scan.newest.putIfAbsent(partition, message.getTs())); // newest first
                if (said.reset()) {
                    said.offsets()
                            .keySet()
                            .forEach(partition -> scan.resets.merge(partition, message.getTs(), HistoryReader::newer));
                    continue;
                }
                count(said, message.getTs(), scan.resets, scan.floors);
                String key = said.key();
                if (key != null) {
                    scan.keys.putIfAbsent(key, message.getTs());
                    if (message.getReplyCount() != null
                            && message.getReplyCount() > 0
                            && message.getLatestReply() != null) {
                        scan.threads.add(message);
                    }
                }
            }
            scan.cursor = response.getResponseMetadata() == null
                    ? null
                    : response.getResponseMetadata().getNextCursor();
            if (!response.isHasMore() || scan.cursor == null || scan.cursor.isEmpty()) {
                scan.pagesDone = true;
            }
        }
    }

    private void readThreads(String channelId, Scan scan) throws IOException, SlackApiException, SlackCallException {
        if (scan.threadsDone == 0 && scan.replyPages == 0) {
            scan.threads.sort(Comparator.comparing((Message m) -> new BigDecimal(m.getLatestReply()))
                    .reversed());
        }
        int threads = Math.min(MAX_THREADS, scan.threads.size());
        while (scan.threadsDone < threads) {
            Message parent = scan.threads.get(scan.threadsDone);
            if (scan.plan.wanted() != null && allFoundSince(scan, parent.getLatestReply())) {
                break; // threads are in order of their latest reply: none further on holds anything newer
            }
            String oldest = scan.plan.wanted() == null ? null : oldestFound(scan);
            budget.take("conversations.replies");
            ConversationsRepliesResponse response =
                    client.replies(channelId, parent.getTs(), oldest, scan.replyCursor, pageSize);
            scan.replyPages++;
            for (Message message : response.getMessages()) {
                Said said = metadata.read(message);
                if (said != null && !said.reset() && !message.getTs().equals(parent.getTs())) {
                    count(said, message.getTs(), scan.resets, scan.floors);
                    said.offsets()
                            .keySet()
                            .forEach(partition -> scan.newest.merge(partition, message.getTs(), HistoryReader::newer));
                }
            }
            scan.replyCursor = response.getResponseMetadata() == null
                    ? null
                    : response.getResponseMetadata().getNextCursor();
            if (!response.isHasMore()
                    || scan.replyCursor == null
                    || scan.replyCursor.isEmpty()
                    || scan.replyPages >= maxPages) {
                scan.threadsDone++;
                scan.replyCursor = null;
                scan.replyPages = 0;
            }
        }
    }

    private static boolean allFound(Scan scan) {
        Set<TopicPartition> wanted = scan.plan.wanted();
        return wanted != null && scan.newest.keySet().containsAll(wanted);
    }

    /** Every wanted partition has a message at least as new as {@code ts}. */
    private static boolean allFoundSince(Scan scan, String ts) {
        for (TopicPartition partition : scan.plan.wanted()) {
            String found = scan.newest.get(partition);
            if (found == null || compareTs(found, ts) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The oldest of the newest messages found for the wanted partitions: replies before it change nothing. Null if one has none. */
    private static String oldestFound(Scan scan) {
        String oldest = null;
        for (TopicPartition partition : scan.plan.wanted()) {
            String found = scan.newest.get(partition);
            if (found == null) {
                return null;
            }
            oldest = oldest == null || compareTs(found, oldest) < 0 ? found : oldest;
        }
        return oldest;
    }

    /**
     * Adds a message's offsets to the floors, except for partitions reset after it was posted:
     * after a marker the consumer starts where the operator said, so nothing older is stored.
     */
    private static void count(
            Said said, String ts, Map<TopicPartition, String> resets, Map<TopicPartition, Long> floors) {
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
