package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.DestinationMetrics;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.StoredOffsets;
import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.slack.Fault;
import dev.outflow.connect.testkit.slack.SlackAppKind;
import dev.outflow.connect.testkit.slack.SlackEmulator;

/**
 * Reading history within a non-Marketplace app's limits (1 request a minute, 15 messages a page),
 * on the emulator's clock, which the connector's history budget follows too: history requests are
 * counted, never timed. And a message whose metadata Slack drops is noticed.
 */
class SlackHistoryBudgetTest {

    private static final String TOKEN = "xoxb-budget-test";
    private static final String CHANNEL = "C0BUDGET";
    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);

    private ManualClock clock;
    private SlackEmulator slack;
    private SlackDestination destination;

    @BeforeEach
    void start() {
        clock = new ManualClock();
        slack = new SlackEmulator(clock);
        slack.rateLimits().perChannel(1_000_000, 1_000_000).methodPerMinute("chat.postMessage", 1_000_000);
        slack.createBotToken(TOKEN, SlackEmulator.ALL_BOT_SCOPES);
        slack.setAppKind(TOKEN, SlackAppKind.NON_MARKETPLACE);
        slack.createChannel(CHANNEL, "budget");
    }

    @AfterEach
    void stop() {
        if (destination != null) {
            destination.stop();
        }
        slack.close();
    }

    private SlackDestination started(String... pairs) {
        if (destination != null) {
            destination.stop();
        }
        Map<String, String> props = new HashMap<>();
        props.put("name", "budget");
        props.put(SlackConfig.BOT_TOKEN, TOKEN);
        props.put(SlackConfig.API_URL, slack.apiUrl());
        props.put(SlackConfig.CHANNEL, CHANNEL);
        props.put(SlackConfig.TEXT_TEMPLATE, "{{text}}");
        props.put(SlackConfig.DEDUP_ENABLED, "true");
        props.put(SlackConfig.APP_KIND, "non-marketplace");
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        destination = new SlackDestination(clock);
        destination.start(props);
        return destination;
    }

    private static Row row(TopicPartition partition, long offset) {
        return Rows.row(partition.topic(), partition.partition(), offset, null, Map.of("text", "record " + offset));
    }

    private static Row threaded(long offset, String incident) {
        return Rows.row("events", 0, offset, null, Map.of("text", "record " + offset, "incident", incident));
    }

    private int historyRequests() {
        return slack.requests("conversations.history").size()
                + slack.requests("conversations.replies").size();
    }

    @Test
    void inABusyChannelOneRequestFindsEveryPartitionsNewestMessage() throws Exception {
        SlackDestination writer = started();
        for (long offset = 0; offset < 40; offset++) {
            writer.write(CHANNEL, List.of(row(offset % 2 == 0 ? P0 : P1, offset)));
            slack.postAsUser(CHANNEL, "someone else");
            slack.postAsUser(CHANNEL, "and another");
        }
        slack.clearRequests();

        StoredOffsets stored = started().storedOffsets(List.of(P0, P1));

        assertThat(stored.byTarget()).isEqualTo(Map.of(CHANNEL, Map.of(P0, 38L, P1, 39L)));
        assertThat(historyRequests()).isEqualTo(1);
        assertThat(slack.rateLimitedCount()).isZero();
    }

    @Test
    void aPartitionFurtherBackIsReachedOneRequestAMinuteWithoutA429() throws Exception {
        SlackDestination writer = started();
        writer.write(CHANNEL, List.of(row(P1, 7)));
        for (long offset = 0; offset < 20; offset++) {
            writer.write(CHANNEL, List.of(row(P0, offset)));
            slack.postAsUser(CHANNEL, "someone else");
        }
        slack.clearRequests();
        clock.advance(Duration.ofMinutes(5)); // the writer's start spent nothing, but be clear of any earlier minute
        SlackDestination reader = started();

        int calls = 0;
        StoredOffsets stored = null;
        while (stored == null) {
            calls++;
            try {
                stored = reader.storedOffsets(List.of(P0, P1));
            } catch (SlackCallException notYet) { // as the framework does: wait as long as the failure says
                Failure failure = reader.classify(notYet);
                assertThat(failure.throttled()).isTrue();
                assertThat(failure.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
                clock.advance(failure.retryAfter());
            }
        }

        assertThat(stored.byTarget()).isEqualTo(Map.of(CHANNEL, Map.of(P0, 19L, P1, 7L)));
        assertThat(historyRequests()).as("41 messages, pages of 15").isEqualTo(3);
        assertThat(calls).isEqualTo(3);
        assertThat(slack.rateLimitedCount()).isZero();
    }

    @Test
    void onlyThreadsWithRepliesNewerThanWhatWasFoundAreRead() throws Exception {
        slack.setAppKind(TOKEN, SlackAppKind.INTERNAL);
        SlackDestination writer = started(SlackConfig.APP_KIND, "internal", SlackConfig.THREAD_KEY, "incident");
        writer.write(CHANNEL, List.of(threaded(0, "A")));
        writer.write(CHANNEL, List.of(threaded(1, "A")));
        writer.write(CHANNEL, List.of(threaded(2, "A")));
        writer.write(CHANNEL, List.of(threaded(3, "B")));
        writer.write(CHANNEL, List.of(threaded(4, "B")));
        writer.write(CHANNEL, List.of(threaded(5, "B")));
        slack.clearRequests();

        StoredOffsets stored = started(SlackConfig.APP_KIND, "internal", SlackConfig.THREAD_KEY, "incident")
                .storedOffsets(List.of(P0));

        assertThat(stored.byTarget()).isEqualTo(Map.of(CHANNEL, Map.of(P0, 5L)));
        assertThat(slack.requests("conversations.replies"))
                .as("thread B only: A's last reply is older than B's")
                .hasSize(1);
    }

    @Test
    void aMessageWhoseMetadataSlackDropsIsWarnedAboutOnceAndCounted() throws Exception {
        SlackDestination writer = started();
        AtomicInteger dropped = new AtomicInteger();
        writer.useMetrics(new CountingMetrics("slack-metadata-dropped-total", dropped));
        slack.failNext(2, Fault.metadataDropped());
        try (CapturedLogs logs = CapturedLogs.capture()) {
            writer.write(CHANNEL, List.of(row(P0, 0)));
            writer.write(CHANNEL, List.of(row(P0, 1)));
            writer.write(CHANNEL, List.of(row(P0, 2)));

            assertThat(dropped).hasValue(2);
            assertThat(logs.lines())
                    .filteredOn(line -> line.contains("dropped its metadata"))
                    .singleElement()
                    .asString()
                    .contains("invalid_metadata_schema")
                    .contains("at-least-once")
                    .doesNotContain("record 0");
        }
        assertThat(slack.messages(CHANNEL)).hasSize(3);
    }

    /** Counts one named counter; any other name is a mistake of the test. */
    private record CountingMetrics(String name, AtomicInteger count) implements DestinationMetrics {
        @Override
        public Counter counter(String asked, String description) {
            assertThat(asked).isEqualTo(name);
            assertThat(description).isNotBlank();
            return count::incrementAndGet;
        }
    }
}
