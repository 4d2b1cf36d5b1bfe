package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.slack.Fault;
import dev.outflow.connect.testkit.slack.FaultRule;
import dev.outflow.connect.testkit.slack.SlackEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;

/**
 * Effectively once: with deduplication on, Slack keeps answers back (the message is posted, the
 * answer lost) and the worker running the task goes away mid-stream; a new worker takes over.
 * Then the connector's committed offsets are reset, as when a task dies after posting and before
 * any commit, so it reads the whole topic again and must skip, from the channel's history, what is
 * already there. No record may be posted twice, and none may be lost. Rates are scaled up (emulator 200 a second
 * per channel, connector 100) so 3,000 messages take seconds.
 */
class SlackCrashIT {

    private static final int RECORDS = 3_000;

    private ConnectHarness harness;
    private SlackEmulator slack;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    @Test
    void lostAnswersAndAWorkerGoingAwayPostNothingTwice() throws Exception {
        slack = SlackItSupport.emulator();
        slack.rateLimits().perChannel(200, 20).methodPerMinute("chat.postMessage", 100_000);
        slack.createChannel("C0ONCE", "once");
        harness = ConnectHarness.start("slack-crash-it", 1, Map.of());
        harness.createTopic("ledger", 2);
        harness.produce("ledger", 2, RECORDS, i -> null, i -> "{\"id\":" + i + "}");
        WorkerHandle first = harness.workers().get(0);

        Map<String, String> config = SlackItSupport.connector(slack, "ledger");
        config.put(SlackConfig.CHANNEL, "C0ONCE");
        config.put(SlackConfig.TEXT_TEMPLATE, "entry {{id}}");
        config.put(SlackConfig.DEDUP_ENABLED, "true");
        config.put(SlackConfig.CHANNEL_PER_MINUTE, "6000");
        config.put(SlackConfig.CHANNEL_BURST, "10");
        config.put(SlackConfig.WORKSPACE_PER_MINUTE, "60000");
        FaultRule early = slack.inject(
                FaultRule.of(Fault.responseLost()).method("chat.postMessage").times(5));
        harness.configureConnector("once", config);

        ConnectHarness.await("a third posted", () -> slack.postCount("C0ONCE") >= RECORDS / 3);
        FaultRule late = slack.inject(
                FaultRule.of(Fault.responseLost()).method("chat.postMessage").times(5));
        harness.addWorker();
        harness.removeWorker(first);

        ConnectHarness.await("two thirds posted", () -> slack.postCount("C0ONCE") >= 2 * RECORDS / 3);

        // a crash before any commit: the consumer starts again from the beginning of the topic. The
        // group's offsets are deleted behind the connector's back: the REST API's reset would tell the
        // connector, which then means to post everything again
        harness.cluster().stopConnector("once");
        ConnectHarness.await(
                "the connector stopped",
                () -> "STOPPED"
                        .equals(harness.cluster()
                                .connectorStatus("once")
                                .connector()
                                .state()));
        try (Admin admin = harness.cluster().kafka().createAdminClient()) {
            admin.deleteConsumerGroupOffsets(
                            "connect-once", Set.of(new TopicPartition("ledger", 0), new TopicPartition("ledger", 1)))
                    .all()
                    .get();
        }
        harness.cluster().resumeConnector("once");

        ConnectHarness.await("every record posted", () -> distinctOffsets(slack.messages("C0ONCE")) == RECORDS);
        SlackItSupport.awaitCommitted(harness, "once", "ledger", 2);

        assertThat(early.triggered()).isEqualTo(5);
        assertThat(late.triggered()).isPositive();
        List<SlackMessage> messages = slack.messages("C0ONCE");
        assertThat(messages).hasSize(RECORDS);
        assertThat(slack.postCount("C0ONCE")).isEqualTo(RECORDS);
        SlackItSupport.offsetsInPostOrder(messages)
                .values()
                .forEach(offsets -> assertThat(offsets).isSorted().doesNotHaveDuplicates());
    }

    private static int distinctOffsets(List<SlackMessage> messages) {
        Set<String> offsets = new HashSet<>();
        messages.forEach(m -> offsets.add(
                m.metadataPayload().get("partition") + "/" + m.metadataPayload().get("offset")));
        return offsets.size();
    }
}
