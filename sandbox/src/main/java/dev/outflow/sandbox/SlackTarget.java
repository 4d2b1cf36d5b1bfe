package dev.outflow.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import dev.outflow.connect.testkit.slack.SlackEmulator;

/**
 * Where the Slack connector posts: the Slack emulator with a demo channel (the default), or a real
 * channel through Slack's Web API with the user's bot token.
 */
final class SlackTarget implements AutoCloseable {

    static final String API_URL = "slack.api.url";
    static final String BOT_TOKEN = "slack.bot.token";
    static final String CHANNEL = "slack.channel";
    static final String DEMO_CHANNEL = "C0ANOMALIES";

    private final SlackEmulator emulator;
    private final String channel;
    private final Map<String, String> settings;

    private SlackTarget(SlackEmulator emulator, String channel, Map<String, String> settings) {
        this.emulator = emulator;
        this.channel = channel;
        this.settings = settings;
    }

    /** An emulator with a bot token holding every scope the connector uses, and a channel the bot is in. */
    static SlackTarget emulated() {
        SlackEmulator slack = new SlackEmulator();
        String token = slack.createBotToken("xoxb-outflow-sandbox", SlackEmulator.ALL_BOT_SCOPES);
        slack.createChannel(DEMO_CHANNEL, "anomalies");
        return new SlackTarget(
                slack, DEMO_CHANNEL, Map.of(API_URL, slack.apiUrl(), BOT_TOKEN, token, CHANNEL, DEMO_CHANNEL));
    }

    /** The real Web API. The token file may end with a newline, as {@code echo} writes it. */
    static SlackTarget real(Path tokenFile, String channel) throws IOException {
        String token = Files.readString(tokenFile).strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("--slack-token-file: " + tokenFile + " is empty");
        }
        return new SlackTarget(
                null, channel, Map.of(API_URL, "https://slack.com/api/", BOT_TOKEN, token, CHANNEL, channel));
    }

    /** Connector settings for {@link AppSettings}, named as the connector's keys. */
    Map<String, String> settings() {
        return settings;
    }

    Optional<SlackEmulator> emulator() {
        return Optional.ofNullable(emulator);
    }

    String channel() {
        return channel;
    }

    /** Where a person looks at the messages. */
    String where() {
        return emulator != null
                ? "emulator " + emulator.apiUrl() + " (channel #anomalies, " + channel + "; shown on the web page)"
                : "channel " + channel + " in your Slack workspace";
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
