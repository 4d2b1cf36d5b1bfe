package dev.outflow.benchmarks.suite;

import java.util.Map;
import java.util.regex.Pattern;

import dev.outflow.connect.slack.SlackConfig;
import dev.outflow.connect.slack.SlackSinkConnector;
import dev.outflow.connect.testkit.ConnectHarness;
import dev.outflow.connect.testkit.slack.SlackEmulator;
import dev.outflow.connect.testkit.slack.SlackMessage;
import dev.outflow.connect.testkit.slack.SlackRateLimits;

/**
 * Scenario 4: Slack under the emulated per-channel limit (a token bucket of 1 message a second,
 * burst 3), with a backlog, digests off or on. Counts in the limit are multiplied by
 * {@code slackScale} on both sides (emulator rate and burst; connector rate and burst), so the
 * relation between connector and Slack stays the real one and a window holds enough messages.
 * Every other key is at its default; the text template numbers each record so the records of a
 * digest can be counted.
 */
final class SlackRate {

    private static final Pattern RECORD_LINE = Pattern.compile("(?m)^#\\d+ ");
    private static final String TEMPLATE = "#{{id}} {{status}}: {{amount}} {{currency}} for {{customer}}";

    /** The counters read at both ends of the window. */
    private record Counts(long messages, long records, long rateLimited) {

        static Counts of(SlackEmulator slack) {
            long records = 0;
            for (SlackMessage message : slack.messages(Emulated.SLACK_CHANNEL)) {
                records += RECORD_LINE.matcher(message.text()).results().count();
            }
            return new Counts(
                    slack.postCount(Emulated.SLACK_CHANNEL), records, slack.rateLimitedCount(Emulated.SLACK_CHANNEL));
        }
    }

    private final ConnectHarness harness;
    private final Settings settings;
    private final String topic;
    private final Results results;
    private final boolean digest;
    private final String scenario;

    SlackRate(ConnectHarness harness, Settings settings, String topic, Results results, boolean digest) {
        this.harness = harness;
        this.settings = settings;
        this.topic = topic;
        this.results = results;
        this.digest = digest;
        this.scenario = "4 slack, digest " + (digest ? "on" : "off");
    }

    void run() throws InterruptedException {
        int scale = settings.slackScale();
        double perSecond = SlackRateLimits.DEFAULT_CHANNEL_MESSAGES_PER_SECOND * scale;
        int burst = SlackRateLimits.DEFAULT_CHANNEL_BURST * scale;
        int limitPerMinute = (int) Math.round(perSecond * 60);
        try (Emulated.Slack slack = Emulated.Slack.start()) {
            slack.emulator()
                    .rateLimits()
                    .perChannel(perSecond, burst)
                    .methodPerMinute("chat.postMessage", SlackRateLimits.DEFAULT_POST_MESSAGE_PER_MINUTE * scale);
            Map<String, String> config = slack.connector(topic);
            Map<String, Object> defaults = new SlackSinkConnector().config().parse(config);
            config.put(SlackConfig.TEXT_TEMPLATE, TEMPLATE);
            config.put(SlackConfig.DIGEST_ENABLED, String.valueOf(digest));
            config.put(
                    SlackConfig.CHANNEL_PER_MINUTE,
                    String.valueOf((Integer) defaults.get(SlackConfig.CHANNEL_PER_MINUTE) * scale));
            config.put(
                    SlackConfig.CHANNEL_BURST,
                    String.valueOf((Integer) defaults.get(SlackConfig.CHANNEL_BURST) * scale));
            config.put(
                    SlackConfig.WORKSPACE_PER_MINUTE,
                    String.valueOf((Integer) defaults.get(SlackConfig.WORKSPACE_PER_MINUTE) * scale));
            int digestMax = (Integer) defaults.get(SlackConfig.DIGEST_MAX_RECORDS);
            results.setting(scenario, "connector", Emulated.forResults(config));
            results.setting(
                    scenario,
                    "emulator",
                    "per channel " + perSecond + " messages/s, burst " + burst
                            + "; chat.postMessage " + SlackRateLimits.DEFAULT_POST_MESSAGE_PER_MINUTE * scale
                            + "/min per workspace (Slack's x " + scale + ")");
            String name = "slack-rate-digest-" + (digest ? "on" : "off");
            harness.configureConnector(name, config);
            SteadyWindow<Counts> window;
            try {
                window = SteadyWindow.measure(
                        () -> slack.emulator().postCount(Emulated.SLACK_CHANNEL) > 0,
                        settings.slackWarmup(),
                        settings.slackWindow(),
                        () -> Counts.of(slack.emulator()));
            } finally {
                harness.cluster().deleteConnector(name);
            }
            Counts start = window.start();
            Counts end = window.end();
            long messages = end.messages() - start.messages();
            String limit = "channel limit " + limitPerMinute + " messages/min (60 x " + scale + ")";
            results.add(Figure.ratio(
                    scenario,
                    "messages per minute sustained",
                    window.perMinute(messages),
                    "messages/min",
                    limitPerMinute,
                    limit,
                    Goal.ratioAtLeast(0.9)));
            if (digest) {
                long records = end.records() - start.records();
                results.add(Figure.ratio(
                        scenario,
                        "records per message",
                        (double) records / messages,
                        "records/message",
                        digestMax,
                        "slack.digest.max.records " + digestMax,
                        null));
                results.add(Figure.plain(scenario, "records per minute", window.perMinute(records), "records/min"));
            }
            results.add(Figure.plain(scenario, "429s during warm-up", start.rateLimited(), "responses"));
            results.add(new Figure(
                    scenario,
                    "429s after warm-up",
                    end.rateLimited() - start.rateLimited(),
                    "responses",
                    null,
                    null,
                    Goal.zero()));
        }
    }
}
