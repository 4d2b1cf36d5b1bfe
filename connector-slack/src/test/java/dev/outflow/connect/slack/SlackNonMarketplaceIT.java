package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.WorkerProcess;
import dev.outflow.connect.testkit.slack.RecordedRequest;
import dev.outflow.connect.testkit.slack.SlackAppKind;
import dev.outflow.connect.testkit.slack.SlackEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;

/**
 * Effectively once for a non-Marketplace app: history and replies answer 15 messages a page, and
 * a worker (in a process of its own) is killed mid-stream while people keep posting in the channel,
 * and more while the worker is down. The new worker finds the last posted offsets within the
 * documented bound, counted in history requests: at most {@code slack.dedup.history.pages} (3)
 * answered, and at most one refused (the previous worker's minute may not be over, which no worker
 * can know). Nothing is posted twice. Scaled: the history rate is 6 a minute on both sides instead
 * of 1 (the pages stay at 15), posts 200 a second per channel (connector 100).
 */
class SlackNonMarketplaceIT {

    private static final int RECORDS = 3_000;
    private static final int HISTORY_PER_MINUTE = 6;

    private SlackEmulator slack;
    private EmbeddedKafkaCluster kafka;

    @AfterEach
    void stop() {
        if (kafka != null) {
            kafka.stop();
        }
        if (slack != null) {
            slack.close();
        }
    }

    @Test
    void aKilledWorkerInABusyChannelPostsNothingTwiceAndStartsWithinItsHistoryBudget() throws Exception {
        slack = SlackItSupport.emulator();
        slack.setAppKind(SlackItSupport.TOKEN, SlackAppKind.NON_MARKETPLACE);
        slack.rateLimits()
                .perChannel(200, 20)
                .methodPerMinute("chat.postMessage", 100_000)
                .nonMarketplaceHistoryPerMinute(HISTORY_PER_MINUTE);
        slack.createChannel("C0BUSY", "busy");
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        kafka.createTopic("payments", 2);
        ConnectHarness.produce(kafka, "payments", 2, RECORDS, i -> null, i -> "{\"id\":" + i + "}");

        Map<String, String> config = SlackItSupport.connector(slack, "payments");
        config.put(SlackConfig.CHANNEL, "C0BUSY");
        config.put(SlackConfig.TEXT_TEMPLATE, "payment {{id}}");
        config.put(SlackConfig.DEDUP_ENABLED, "true");
        config.put(SlackConfig.APP_KIND, "non-marketplace");
        config.put(SlackConfig.HISTORY_PER_MINUTE, String.valueOf(HISTORY_PER_MINUTE));
        config.put(SlackConfig.CHANNEL_PER_MINUTE, "6000");
        config.put(SlackConfig.CHANNEL_BURST, "10");
        config.put(SlackConfig.WORKSPACE_PER_MINUTE, "60000");

        AtomicBoolean done = new AtomicBoolean();
        Thread people = new Thread(() -> converse(done), "people-in-the-channel");
        Path log = Path.of("target", "slack-non-marketplace-worker.log");
        WorkerProcess worker = WorkerProcess.start(kafka.bootstrapServers(), "slack-nm", log);
        List<RecordedRequest> restartReads;
        try {
            people.start();
            worker.configureConnector("payments", config);
            ConnectHarness.await(
                    "a third posted", () -> slack.postCount("C0BUSY") >= RECORDS / 3, Duration.ofMinutes(3));
            worker.kill();
            for (int i = 0; i < 20; i++) {
                slack.postAsUser("C0BUSY", "while the connector is down " + i); // the next page, at least
            }
            slack.clearRequests();
            worker = WorkerProcess.start(kafka.bootstrapServers(), "slack-nm", log);
            ConnectHarness.await(
                    "every record posted",
                    () -> ours(slack.messages("C0BUSY")).size() >= RECORDS,
                    Duration.ofMinutes(3));
            WorkerProcess last = worker;
            ConnectHarness.await(
                    "the task settles", () -> last.taskStates("payments").equals(List.of("RUNNING")));
            restartReads = slack.requests("conversations.history");
        } finally {
            done.set(true);
            people.join();
            worker.close();
        }

        List<SlackMessage> ours = ours(slack.messages("C0BUSY"));
        assertThat(ours).hasSize(RECORDS);
        SlackItSupport.offsetsInPostOrder(ours)
                .values()
                .forEach(offsets -> assertThat(offsets).isSorted().doesNotHaveDuplicates());
        assertThat(slack.messages("C0BUSY").size() - RECORDS)
                .as("people's messages were interleaved")
                .isGreaterThan(RECORDS / 2);

        assertThat(restartReads)
                .filteredOn(r -> r.status() == 200)
                .as("history pages read by the new worker")
                .hasSizeBetween(2, 3);
        assertThat(restartReads)
                .filteredOn(r -> r.status() == 429)
                .as("refused: at most the previous worker's minute")
                .hasSizeLessThanOrEqualTo(1);
        assertThat(slack.requests("conversations.replies")).isEmpty();
        assertThat(restartReads).allSatisfy(r -> assertThat(r.param("limit")).isEqualTo("15"));
    }

    /** People post between the connector's messages: one for each of its posts, while it posts. */
    private void converse(AtomicBoolean done) {
        int seen = 0;
        try {
            while (!done.get()) {
                int posted = slack.postCount("C0BUSY");
                for (; seen < posted && !done.get(); seen++) {
                    slack.postAsUser("C0BUSY", "chatter " + seen);
                }
                int answered = seen;
                // the next post of the connector, or the end of the run (a restarting worker posts nothing for a while)
                ConnectHarness.await(
                        "a post to answer",
                        () -> done.get() || slack.postCount("C0BUSY") > answered,
                        Duration.ofMinutes(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<SlackMessage> ours(List<SlackMessage> messages) {
        return messages.stream().filter(m -> m.metadataJson() != null).toList();
    }
}
