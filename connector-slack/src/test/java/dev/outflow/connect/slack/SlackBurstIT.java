package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.slack.SlackEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;

/**
 * A burst of 10,000 records to one channel, with and without digests: every record arrives once
 * (without digests: in offset order per partition, the task never failing). Slack's real pace
 * (about one message a second per channel) would make this take hours, so both sides are scaled up
 * by the same factor and keep their relation: the emulator enforces a per-channel rate a little
 * above the connector's configured one, as Slack's limit sits above the connector's default of 57
 * a minute. Digests: emulator 50/s (burst 5), connector 40/s (burst 3). No digests: emulator 400/s
 * (burst 10), connector 300/s (burst 5). The workspace budget is raised on both sides to match.
 *
 * <p>No assertion here counts 429s: on the wall clock, whether one comes depends on the machine's
 * load (DESIGN.md 5), and a 429 only delays a post. That the connector keeps under Slack's limit is
 * shown deterministically by {@code SlackRateOnOneClockTest} (the emulator and the limiter on one
 * manual clock, at the real, unscaled defaults) and measured at wall-clock pace by the benchmark
 * suite (scenario 4: 429s after warm-up, goal 0).
 */
class SlackBurstIT {

    private static final int RECORDS = 10_000;
    private static final Pattern LINE = Pattern.compile("^#(\\d+) level-\\d$");

    private static ConnectHarness harness;

    @BeforeAll
    static void start() {
        harness = ConnectHarness.start("slack-burst-it", 1, Map.of());
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static void produceBurst(String topic) {
        harness.createTopic(topic, 2);
        harness.produce(topic, 2, RECORDS, i -> null, i -> "{\"id\":" + i + ",\"level\":\"level-" + (i % 5) + "\"}");
    }

    private static Map<String, String> connector(
            SlackEmulator slack, String topic, String channel, int perSecond, int burst) {
        Map<String, String> config = SlackItSupport.connector(slack, topic);
        config.put(SlackConfig.CHANNEL, channel);
        config.put(SlackConfig.TEXT_TEMPLATE, "#{{id}} {{level}}");
        config.put(SlackConfig.CHANNEL_PER_MINUTE, String.valueOf(perSecond * 60));
        config.put(SlackConfig.CHANNEL_BURST, String.valueOf(burst));
        config.put(SlackConfig.WORKSPACE_PER_MINUTE, "60000");
        return config;
    }

    @Test
    void withDigestsEveryRecordAppearsOnceInADigest() throws Exception {
        try (SlackEmulator slack = SlackItSupport.emulator()) {
            slack.rateLimits().perChannel(50, 5).methodPerMinute("chat.postMessage", 100_000);
            slack.createChannel("C0DIGEST", "digest");
            produceBurst("burst-digest");

            Map<String, String> config = connector(slack, "burst-digest", "C0DIGEST", 40, 3);
            config.put(SlackConfig.DIGEST_ENABLED, "true");
            config.put(SlackConfig.DIGEST_MAX_RECORDS, "100");
            config.put("batch.max.records", "500");
            harness.configureConnector("digest", config);

            SlackItSupport.awaitCommitted(harness, "digest", "burst-digest", 2);
            List<SlackMessage> messages = slack.messages("C0DIGEST");
            Set<Long> ids = new HashSet<>();
            int lines = 0;
            for (SlackMessage message : messages) {
                assertThat(SlackText.length(message.text())).isLessThanOrEqualTo(SlackText.MAX_TEXT_CHARS);
                for (String line : message.text().split("\n")) {
                    Matcher record = LINE.matcher(line);
                    if (record.matches()) {
                        ids.add(Long.parseLong(record.group(1)));
                        lines++;
                    }
                }
            }
            assertThat(lines).isEqualTo(RECORDS);
            assertThat(ids).hasSize(RECORDS);
            assertThat(messages.size()).as("folded into digests of up to 100").isBetween(RECORDS / 100, RECORDS / 10);
        }
    }

    @Test
    void withoutDigestsEveryRecordIsPostedOnceInOffsetOrder() throws Exception {
        try (SlackEmulator slack = SlackItSupport.emulator()) {
            slack.rateLimits().perChannel(400, 10).methodPerMinute("chat.postMessage", 100_000);
            slack.createChannel("C0STEADY", "steady");
            produceBurst("burst-steady");

            harness.configureConnector("steady", connector(slack, "burst-steady", "C0STEADY", 300, 5));

            AtomicBoolean everFailed = new AtomicBoolean();
            ConnectHarness.await("10,000 messages", () -> {
                everFailed.compareAndSet(false, harness.taskStates("steady").contains("FAILED"));
                return slack.postCount("C0STEADY") >= RECORDS;
            });
            SlackItSupport.awaitCommitted(harness, "steady", "burst-steady", 2);
            List<SlackMessage> messages = slack.messages("C0STEADY");
            assertThat(everFailed).isFalse();
            assertThat(messages).hasSize(RECORDS);
            assertThat(messages)
                    .extracting(m -> LINE.matcher(m.text()).replaceAll("$1"))
                    .doesNotHaveDuplicates();
            SlackItSupport.offsetsInPostOrder(messages)
                    .values()
                    .forEach(offsets -> assertThat(offsets).isSorted());
        }
    }
}
