package dev.outflow.connect.slack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.model.Conversation;

import dev.outflow.connect.core.api.ErrorClass;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.config.ConfigProblem;

/**
 * What {@code validate()} checks before the connector is created, each problem on the key to fix:
 * with a bot token, that the token works
 * ({@code auth.test}) and has {@code chat:write}, that the bot is a member of every configured
 * channel, and that it can read their history when threads, updates or deduplication need it.
 * An incoming webhook cannot be checked without posting, so only its form is (by its validator).
 *
 * <p>The framework runs it whenever the keys of {@link #KEYS} are valid, whatever is wrong
 * elsewhere (a template, a rule between mode and thread key), so it reads only those keys. Mode and
 * thread key only decide whether history must be readable: they are read as given, so that their
 * own mistakes, reported on them, do not hide the token's.
 */
final class SlackAccessCheck {

    /** The keys the check needs valid: the connection, the configured channels, deduplication. */
    static final Set<String> KEYS = Set.of(
            SlackConfig.BOT_TOKEN,
            SlackConfig.WEBHOOK_URL,
            SlackConfig.API_URL,
            SlackConfig.REQUEST_TIMEOUT_MS,
            SlackConfig.CHANNEL,
            SlackConfig.CHANNEL_TOPIC_MAP,
            SlackConfig.DEDUP_ENABLED);

    private final SlackConfig config;
    private final boolean updates;
    private final boolean threads;
    private final List<ConfigProblem> problems = new ArrayList<>();

    SlackAccessCheck(Map<String, String> props) {
        this.config = SlackConfig.only(KEYS, props);
        this.updates = "update"
                .equalsIgnoreCase(String.valueOf(props.get(SlackConfig.MODE)).trim());
        String threadKey = props.get(SlackConfig.THREAD_KEY);
        this.threads = threadKey != null && !threadKey.isBlank();
    }

    List<ConfigProblem> problems() {
        if (config.webhookUrl() != null) {
            return problems;
        }
        try (SlackClient client = SlackClient.create(config)) {
            if (checkToken(client)) {
                checkChannels(client);
            }
        } catch (IOException | SlackApiException e) {
            problems.add(new ConfigProblem(
                    SlackConfig.API_URL,
                    "Slack could not be reached to check the token and channels ("
                            + new SlackErrors(SlackConfig.BOT_TOKEN).classify(e).reason() + ")"));
        } catch (Exception e) {
            problems.add(new ConfigProblem(
                    SlackConfig.API_URL,
                    "the check of the token and channels failed: "
                            + e.getClass().getSimpleName()));
        }
        return problems;
    }

    private boolean checkToken(SlackClient client) throws IOException, SlackApiException {
        AuthTestResponse auth;
        try {
            auth = client.authTest();
        } catch (SlackCallException e) {
            problems.add(
                    new ConfigProblem(
                            SlackConfig.BOT_TOKEN,
                            "Slack refused the token (" + e.code()
                                    + "): use the Bot User OAuth Token (xoxb-...) of an installed app, from its OAuth & Permissions page"));
            return false;
        }
        List<String> scopes = scopes(auth.getHttpResponseHeaders());
        if (scopes != null && !scopes.contains("chat:write")) {
            problems.add(new ConfigProblem(
                    SlackConfig.BOT_TOKEN,
                    "the token lacks the chat:write scope: add it under "
                            + "OAuth & Permissions, Bot Token Scopes, and reinstall the app"));
            return false;
        }
        return true;
    }

    /** The token's scopes, from the {@code x-oauth-scopes} header Slack adds to every answer; null when absent. */
    private static List<String> scopes(Map<String, List<String>> headers) {
        if (headers != null) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if ("x-oauth-scopes".equalsIgnoreCase(header.getKey())
                        && !header.getValue().isEmpty()) {
                    return Arrays.stream(header.getValue().get(0).split(","))
                            .map(String::trim)
                            .toList();
                }
            }
        }
        return null;
    }

    private void checkChannels(SlackClient client) throws IOException, SlackApiException {
        boolean readsHistory = config.dedupEnabled() || threads || updates;
        String historyKey =
                config.dedupEnabled() ? SlackConfig.DEDUP_ENABLED : updates ? SlackConfig.MODE : SlackConfig.THREAD_KEY;
        for (String channel : new ChannelRouter(null, config.topicChannels(), config.channel()).configuredChannels()) {
            String key = channel.equals(config.channel()) ? SlackConfig.CHANNEL : SlackConfig.CHANNEL_TOPIC_MAP;
            Conversation info;
            try {
                info = client.info(channel).getChannel();
            } catch (SlackCallException e) {
                problems.add(channelProblem(key, channel, e));
                continue;
            }
            if (info.isArchived()) {
                problems.add(
                        new ConfigProblem(key, "channel " + channel + " is archived: unarchive it or choose another"));
            } else if (!info.isMember()) {
                problems.add(new ConfigProblem(
                        key,
                        "the app's bot is not a member of channel " + channel
                                + ": invite it there (/invite @your-app in the channel)"));
            } else if (readsHistory) {
                try {
                    client.history(channel, null, 1); // one message: whether Slack shows history at all
                } catch (SlackCallException e) {
                    problems.add(
                            new ConfigProblem(
                                    historyKey,
                                    historyKey + " reads the channel's history, and Slack refused ("
                                            + e.code() + (e.neededScope() == null ? "" : ", needs " + e.neededScope())
                                            + "): add the channels:history (groups:history for private channels) scope and reinstall the app"));
                }
            }
        }
    }

    private ConfigProblem channelProblem(String key, String channel, SlackCallException e) {
        if (e.code().equals("channel_not_found")) {
            return new ConfigProblem(
                    key,
                    "channel " + channel + " was not found: check the id, and for a private channel "
                            + "invite the app first");
        }
        if (e.code().equals("missing_scope")) {
            return new ConfigProblem(
                    SlackConfig.BOT_TOKEN,
                    "the token cannot look up channels (" + e.neededScope()
                            + "): add the channels:read (groups:read for private channels) scope and reinstall the app");
        }
        Failure failure = new SlackErrors(SlackConfig.BOT_TOKEN).classify(e);
        return new ConfigProblem(
                failure.errorClass() == ErrorClass.FATAL ? SlackConfig.BOT_TOKEN : key,
                "channel " + channel + " could not be checked: " + failure.reason());
    }
}
