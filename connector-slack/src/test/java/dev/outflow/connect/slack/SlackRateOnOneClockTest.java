package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.core.internal.delivery.RateLimiter;
import dev.outflow.connect.testkit.ManualClock;
import dev.outflow.connect.testkit.slack.SlackEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;

/**
 * The connector keeps under Slack's per-channel limit, shown on one {@link ManualClock} rather than
 * on the wall clock (DESIGN.md 5: rates are measured in {@code benchmarks/}, never asserted against
 * the machine's speed). The emulator's limits (about one message a second per channel, a burst of 3;
 * Tier 4's 300 {@code chat.postMessage} a minute) and the framework's {@link RateLimiter} (as {@code
 * SinkEngine} drives it: ask for a permit, and when told to wait, ask again that much later) run on
 * the same clock, both at their real, unscaled defaults: the test moves the clock by exactly what the
 * limiter says, so a backlog of minutes of Slack's pace takes a second, the same on any machine.
 *
 * <p>Posts take no time on this clock. What a first round trip slower than the next does to the
 * timing is {@code SlackDestinationTest.atTheDefaultRateNoPostReachesSlacksBucketBeforeItsToken}'s,
 * and the benchmark suite measures the 429s at wall-clock pace (scenario 4, goal 0 after warm-up).
 * These tests took the zero-429 assertions of {@code SlackBurstIT}, which ran at scaled rates on
 * the wall clock; that IT keeps the delivery (every record once, in offset order).
 */
class SlackRateOnOneClockTest {

    private static final String TOKEN = "xoxb-rate-test";
    private static final String CHANNEL = "C0RATE";
    private static final TopicPartition P0 = new TopicPartition("burst", 0);
    private static final Pattern LINE = Pattern.compile("^#(\\d+) level-\\d$");

    private final ManualClock clock = new ManualClock();
    private SlackEmulator slack;
    private SlackDestination destination;

    @BeforeEach
    void start() {
        slack = new SlackEmulator(clock); // Slack's limits as the emulator has them by default
        slack.createBotToken(TOKEN, SlackEmulator.ALL_BOT_SCOPES);
        slack.createChannel(CHANNEL, "rate");
    }

    @AfterEach
    void stop() {
        if (destination != null) {
            destination.stop();
        }
        slack.close();
    }

    private SlackDestination started(String... pairs) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("name", "rate");
        props.put(SlackConfig.BOT_TOKEN, TOKEN);
        props.put(SlackConfig.API_URL, slack.apiUrl());
        props.put(SlackConfig.CHANNEL, CHANNEL);
        props.put(SlackConfig.TEXT_TEMPLATE, "#{{id}} {{level}}");
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        destination = new SlackDestination(clock);
        destination.start(props);
        destination.storedOffsets(List.of(P0)); // what a task does when it is given its partition
        return destination;
    }

    private static List<Row> backlog(int records) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            rows.add(Rows.row(
                    P0.topic(), P0.partition(), i, null, Map.of("id", String.valueOf(i), "level", "level-" + (i % 5))));
        }
        return rows;
    }

    /**
     * Posts the backlog as the engine does: a write whenever the limiter gives a permit (handing it
     * up to {@code batch} rows; it takes the first, or a digest of several), else the clock moves to
     * the permit. Returns how long that took on the manual clock.
     */
    private Duration drain(List<Row> backlog, int batch) throws Exception {
        Instant start = clock.instant();
        List<QuotaScope> scopes = destination.quotaScopes(CHANNEL);
        RateLimiter limiter = new RateLimiter(clock, new SplittableRandom(1), 1);
        int next = 0;
        while (next < backlog.size()) {
            long waitMs = limiter.tryAcquire(scopes);
            if (waitMs > 0) {
                clock.advance(waitMs);
                continue;
            }
            WriteResult result =
                    destination.write(CHANNEL, backlog.subList(next, Math.min(backlog.size(), next + batch)));
            assertThat(result.rejected()).isEmpty();
            next += result.handled();
        }
        return Duration.between(start, clock.instant());
    }

    /** The record ids in the channel's messages, one per line of each. */
    private List<Long> postedIds() {
        List<Long> ids = new ArrayList<>();
        for (SlackMessage message : slack.messages(CHANNEL)) {
            for (String line : message.text().split("\n")) {
                Matcher record = LINE.matcher(line);
                if (record.matches()) {
                    ids.add(Long.parseLong(record.group(1)));
                }
            }
        }
        return ids;
    }

    @Test
    void withoutDigestsTheDefaultRateNeverDrawsA429() throws Exception {
        started();
        // ten minutes of Slack's pace: the limit is pressed throughout, not just in the first burst
        int records = 600;

        Duration took = drain(backlog(records), 500);

        assertThat(slack.rateLimitedCount()).as("429s").isZero();
        assertThat(slack.postCount(CHANNEL)).isEqualTo(records);
        assertThat(postedIds()).hasSize(records).doesNotHaveDuplicates().isSorted();
        // the default (57 a minute, a burst of 3) was used, not merely respected
        long expectedMs = (records - 3) * 60_000L / SlackConfig.DEFAULT_CHANNEL_PER_MINUTE;
        assertThat(took).isBetween(Duration.ofMillis(expectedMs - 1_000), Duration.ofMillis(expectedMs + 1_000));
    }

    @Test
    void withDigestsTheDefaultRateNeverDrawsA429AndEveryRecordIsInOneDigest() throws Exception {
        started(SlackConfig.DIGEST_ENABLED, "true");
        // digests of 50 (the default slack.digest.max.records): 60 messages, a minute of the default rate
        int records = 3_000;

        Duration took = drain(backlog(records), 500);

        assertThat(slack.rateLimitedCount()).as("429s").isZero();
        assertThat(slack.postCount(CHANNEL)).isEqualTo(records / 50);
        assertThat(postedIds()).hasSize(records).doesNotHaveDuplicates().isSorted();
        long expectedMs = (records / 50 - 3) * 60_000L / SlackConfig.DEFAULT_CHANNEL_PER_MINUTE;
        assertThat(took).isBetween(Duration.ofMillis(expectedMs - 1_000), Duration.ofMillis(expectedMs + 1_000));
    }
}
