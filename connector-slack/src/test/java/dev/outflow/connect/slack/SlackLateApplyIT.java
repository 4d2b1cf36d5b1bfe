package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.slack.Fault;
import dev.outflow.connect.testkit.slack.FaultRule;
import dev.outflow.connect.testkit.slack.SlackEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;

/**
 * Where effectively once ends. Slack has no idempotency key: a post the client gave up on (it timed
 * out) may still be applied later. With deduplication the task reads the channel's history before
 * it sends again, so the outcome depends only on when the late post lands:
 * <ul>
 *   <li>before that read: the read finds it, and it is not sent again (once);</li>
 *   <li>after that read: the task has already sent it again, and both land (twice).</li>
 * </ul>
 * Both are measured here with the emulator's late-apply fault, whose release the test times by
 * what the connector has done, not by the clock. The README states the boundary.
 */
class SlackLateApplyIT {

    private static ConnectHarness harness;
    private static SlackEmulator slack;

    @BeforeAll
    static void start() {
        slack = SlackItSupport.emulator();
        slack.rateLimits().disable();
        harness = ConnectHarness.start("slack-late-apply-it", 1, Map.of());
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    private static void run(String name, String channel) throws InterruptedException {
        slack.createChannel(channel, name);
        harness.createTopic(name, 1);
        harness.produce(name, 1, 5, i -> "k" + i, i -> "{\"id\":" + i + "}");
        Map<String, String> config = SlackItSupport.connector(slack, name);
        config.put(SlackConfig.CHANNEL, channel);
        config.put(SlackConfig.TEXT_TEMPLATE, "id {{id}}");
        config.put(SlackConfig.DEDUP_ENABLED, "true");
        config.put(SlackConfig.REQUEST_TIMEOUT_MS, "1000");
        harness.configureConnector(name, config);
    }

    private static long copiesOf(String channel, String text) {
        return slack.messages(channel).stream()
                .map(SlackMessage::text)
                .filter(text::equals)
                .count();
    }

    private static boolean failedHistoryReads(String channel) {
        return slack.requests("conversations.history").stream()
                .anyMatch(r -> channel.equals(r.param("channel")) && r.status() == 500);
    }

    @Test
    void aLatePostThatLandsBeforeTheHistoryReadIsFoundAndNotSentAgain() throws Exception {
        slack.inject(FaultRule.of(Fault.lateApply())
                .method("chat.postMessage")
                .channel("C0EARLY")
                .times(1));
        run("early", "C0EARLY");
        assertThat(slack.awaitStalled(1, Duration.ofMinutes(1))).isTrue();
        // the task timed out and wants to read history: keep it failing until the held post has landed
        FaultRule historyDown = slack.inject(FaultRule.of(Fault.serverError())
                .method("conversations.history")
                .channel("C0EARLY")
                .always());
        ConnectHarness.await("the task tries to read history", () -> failedHistoryReads("C0EARLY"));
        slack.releaseStalled();
        historyDown.cancel();

        ConnectHarness.await("5 records", () -> slack.messages("C0EARLY").size() >= 5);
        SlackItSupport.awaitCommitted(harness, "early", "early", 1);
        assertThat(copiesOf("C0EARLY", "id 0"))
                .as("applied late, before the read: once")
                .isEqualTo(1);
        assertThat(slack.messages("C0EARLY")).hasSize(5);
    }

    @Test
    void aLatePostThatLandsAfterTheTaskSentItAgainIsADuplicate() throws Exception {
        slack.inject(FaultRule.of(Fault.lateApply())
                .method("chat.postMessage")
                .channel("C0LATE")
                .times(1));
        run("late", "C0LATE");
        assertThat(slack.awaitStalled(1, Duration.ofMinutes(1))).isTrue();
        ConnectHarness.await("the task read history and sent record 0 again", () -> copiesOf("C0LATE", "id 0") == 1);
        slack.releaseStalled();

        ConnectHarness.await(
                "5 records and the late one", () -> slack.messages("C0LATE").size() >= 6);
        SlackItSupport.awaitCommitted(harness, "late", "late", 1);
        List<SlackMessage> messages = slack.messages("C0LATE");
        assertThat(copiesOf("C0LATE", "id 0"))
                .as("applied late, after the read: twice, the boundary")
                .isEqualTo(2);
        assertThat(messages).hasSize(6);
    }
}
