package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.WorkerProcess;
import dev.outflow.connect.testkit.slack.Fault;
import dev.outflow.connect.testkit.slack.FaultRule;
import dev.outflow.connect.testkit.slack.SlackEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;

/**
 * Effectively once across real crashes: the worker runs in a process of its own and is killed
 * (SIGKILL: no task stopped, no offset committed) twice mid-stream, while Slack keeps posting
 * messages whose answers it then loses. With deduplication on, no record is posted twice and none
 * is lost. Rates are scaled up (emulator 200 a second per channel, connector 100) so it takes seconds.
 */
class SlackKillIT {

    private static final int RECORDS = 3_000;

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
    void killedWorkersAndLostAnswersPostNothingTwice() throws Exception {
        slack = SlackItSupport.emulator();
        slack.rateLimits().perChannel(200, 20).methodPerMinute("chat.postMessage", 100_000);
        slack.createChannel("C0KILL", "kill");
        slack.inject(
                FaultRule.of(Fault.responseLost()).method("chat.postMessage").times(30));
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        kafka.createTopic("payments", 2);
        ConnectHarness.produce(kafka, "payments", 2, RECORDS, i -> null, i -> "{\"id\":" + i + "}");

        Map<String, String> config = SlackItSupport.connector(slack, "payments");
        config.put(SlackConfig.CHANNEL, "C0KILL");
        config.put(SlackConfig.TEXT_TEMPLATE, "payment {{id}}");
        config.put(SlackConfig.DEDUP_ENABLED, "true");
        config.put(SlackConfig.CHANNEL_PER_MINUTE, "6000");
        config.put(SlackConfig.CHANNEL_BURST, "10");
        config.put(SlackConfig.WORKSPACE_PER_MINUTE, "60000");
        Path log = Path.of("target", "slack-worker-process.log");
        WorkerProcess worker = WorkerProcess.start(kafka.bootstrapServers(), "slack-kill", log);
        try {
            worker.configureConnector("payments", config);
            for (int kill = 1; kill <= 2; kill++) {
                int posted = kill * RECORDS / 3;
                ConnectHarness.await(
                        posted + " posted before kill " + kill,
                        () -> slack.postCount("C0KILL") >= posted,
                        Duration.ofMinutes(2));
                worker.kill();
                worker = WorkerProcess.start(kafka.bootstrapServers(), "slack-kill", log);
            }
            ConnectHarness.await(
                    "every record posted", () -> slack.messages("C0KILL").size() >= RECORDS, Duration.ofMinutes(2));
            WorkerProcess last = worker;
            ConnectHarness.await(
                    "the task settles", () -> last.taskStates("payments").equals(List.of("RUNNING")));
        } finally {
            worker.close();
        }

        List<SlackMessage> messages = slack.messages("C0KILL");
        assertThat(messages).hasSize(RECORDS);
        SlackItSupport.offsetsInPostOrder(messages)
                .values()
                .forEach(offsets -> assertThat(offsets).isSorted().doesNotHaveDuplicates());
    }
}
