package dev.outflow.connect.slack;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.types.Password;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatDeleteResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsInfoResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.ErrorResponseMetadata;
import com.slack.api.util.http.SlackHttpClient;
import com.slack.api.webhook.WebhookResponse;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.api.RetryAfter;
import okhttp3.OkHttpClient;

/**
 * The Slack Java client as the connector uses it: one {@link Slack} instance per task, the
 * synchronous {@link MethodsClient}, and none of the client's own machinery that does not fit a
 * sink: no stats calls, no request logging (it would log message contents), and no silent re-send
 * of a request whose connection failed (OkHttp's default turns a lost answer into a duplicate
 * post). Retries and rate limits belong to the framework. Every {@code ok: false} answer becomes a
 * {@link SlackCallException}.
 */
final class SlackClient implements AutoCloseable {

    /** What a post looks like: text (never empty), optional blocks and metadata, optional thread. */
    record Message(String text, String blocksJson, ObjectNode metadata, String threadTs) {}

    /**
     * Where a post (or an edit) landed, as Slack answered: the channel's id (a post may name the channel
     * by name), the message ts, the ts of the thread it is a reply in (null for a top-level message); and
     * the warning with which Slack said it dropped the message's metadata, or null.
     */
    record Posted(String channelId, String ts, String threadTs, String metadataDropped) {

        /** The message as a row's receipt shows it (DESIGN.md 3.8). */
        AppReply reply() {
            return threadTs == null
                    ? AppReply.of("channel", channelId, "ts", ts)
                    : AppReply.of("channel", channelId, "ts", ts, "thread_ts", threadTs);
        }
    }

    private final Slack slack;
    private final MethodsClient methods;
    private final String webhookUrl;

    private SlackClient(Slack slack, MethodsClient methods, String webhookUrl) {
        this.slack = slack;
        this.methods = methods;
        this.webhookUrl = webhookUrl;
    }

    /** Builds the client; the secret is unwrapped here and kept only inside the client. */
    static SlackClient create(String apiUrl, int timeoutMs, Password botToken, Password webhookUrl) {
        com.slack.api.SlackConfig sdk = new com.slack.api.SlackConfig();
        sdk.setMethodsEndpointUrlPrefix(apiUrl);
        sdk.getMethodsConfig().setStatsEnabled(false);
        sdk.setHttpClientResponseHandlers(new ArrayList<>());
        sdk.setHttpClientReadTimeoutMillis(timeoutMs);
        sdk.setHttpClientWriteTimeoutMillis(timeoutMs);
        sdk.setHttpClientCallTimeoutMillis(timeoutMs);
        OkHttpClient ok = SlackHttpClient.buildOkHttpClient(sdk)
                .newBuilder()
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
        Slack slack = Slack.getInstance(sdk, new SlackHttpClient(ok));
        MethodsClient methods = botToken == null ? null : slack.methods(botToken.value());
        return new SlackClient(slack, methods, webhookUrl == null ? null : webhookUrl.value());
    }

    static SlackClient create(SlackConfig config) {
        return create(config.apiUrl(), config.requestTimeoutMs(), config.botToken(), config.webhookUrl());
    }

    Posted post(String channel, Message message) throws IOException, SlackApiException, SlackCallException {
        ChatPostMessageResponse response = methods.chatPostMessage(request -> {
            request.channel(channel)
                    .text(message.text())
                    .threadTs(message.threadTs())
                    .unfurlLinks(false)
                    .unfurlMedia(false)
                    .mrkdwn(true);
            if (message.blocksJson() != null) {
                request.blocksAsString(message.blocksJson());
            }
            if (message.metadata() != null) {
                request.metadataAsString(message.metadata().toString());
            }
            return request;
        });
        check("chat.postMessage", response);
        return new Posted(
                response.getChannel(),
                response.getTs(),
                threadTs(response.getTs(), response.getMessage()),
                message.metadata() == null
                        ? null
                        : metadataWarning(response.getWarning(), response.getResponseMetadata()));
    }

    /** Where the edited message is, as Slack answered, with the warning if Slack dropped the edit's metadata. */
    Posted update(String channelId, String ts, Message message)
            throws IOException, SlackApiException, SlackCallException {
        ChatUpdateResponse response = methods.chatUpdate(request -> {
            request.channel(channelId).ts(ts).text(message.text());
            // an empty array removes blocks the message had; absent would keep them
            request.blocksAsString(message.blocksJson() != null ? message.blocksJson() : "[]");
            if (message.metadata() != null) {
                request.metadataAsString(message.metadata().toString());
            }
            return request;
        });
        check("chat.update", response);
        return new Posted(
                response.getChannel(),
                response.getTs(),
                threadTs(response.getTs(), response.getMessage()),
                message.metadata() == null
                        ? null
                        : metadataWarning(response.getWarning(), response.getResponseMetadata()));
    }

    /**
     * The thread a message is a reply in, from Slack's answer; null for a top-level message, whose
     * {@code thread_ts} is its own ts once it has replies.
     */
    private static String threadTs(String ts, com.slack.api.model.Message answered) {
        String threadTs = answered == null ? null : answered.getThreadTs();
        return threadTs == null || threadTs.equals(ts) ? null : threadTs;
    }

    /**
     * Slack accepts a message whose metadata breaks its rules and drops the metadata, answering
     * {@code ok} with a warning such as {@code invalid_metadata_schema} (docs.slack.dev,
     * message metadata), in {@code warning} and in {@code response_metadata.warnings}.
     */
    static String metadataWarning(String warning, ErrorResponseMetadata metadata) {
        List<String> warnings = new ArrayList<>();
        if (warning != null) {
            warnings.addAll(List.of(warning.split(",")));
        }
        if (metadata != null && metadata.getWarnings() != null) {
            warnings.addAll(metadata.getWarnings());
        }
        return warnings.stream()
                .map(String::trim)
                .filter(w -> w.contains("metadata"))
                .findFirst()
                .orElse(null);
    }

    /** The deleted message, as Slack answered. */
    MessageIndex.Ref delete(String channelId, String ts) throws IOException, SlackApiException, SlackCallException {
        ChatDeleteResponse response =
                methods.chatDelete(request -> request.channel(channelId).ts(ts));
        check("chat.delete", response);
        return new MessageIndex.Ref(response.getChannel(), response.getTs());
    }

    ConversationsHistoryResponse history(String channelId, String cursor, int limit)
            throws IOException, SlackApiException, SlackCallException {
        ConversationsHistoryResponse response = methods.conversationsHistory(request ->
                request.channel(channelId).cursor(cursor).limit(limit).includeAllMetadata(true));
        check("conversations.history", response);
        return response;
    }

    /** The replies of a thread newer than {@code oldest} (all when null), the parent first on every page. */
    ConversationsRepliesResponse replies(String channelId, String threadTs, String oldest, String cursor, int limit)
            throws IOException, SlackApiException, SlackCallException {
        ConversationsRepliesResponse response = methods.conversationsReplies(request -> request.channel(channelId)
                .ts(threadTs)
                .oldest(oldest)
                .cursor(cursor)
                .limit(limit)
                .includeAllMetadata(true));
        check("conversations.replies", response);
        return response;
    }

    AuthTestResponse authTest() throws IOException, SlackApiException, SlackCallException {
        AuthTestResponse response = methods.authTest(request -> request);
        check("auth.test", response);
        return response;
    }

    ConversationsInfoResponse info(String channelId) throws IOException, SlackApiException, SlackCallException {
        ConversationsInfoResponse response = methods.conversationsInfo(request -> request.channel(channelId));
        check("conversations.info", response);
        return response;
    }

    /** Posts through the incoming webhook: text and blocks only (webhooks take no metadata or threads). */
    void sendWebhook(Message message) throws IOException, SlackCallException {
        ObjectNode payload = BlocksTemplate.JSON.createObjectNode();
        payload.put("text", message.text());
        if (message.blocksJson() != null) {
            payload.set("blocks", BlocksTemplate.JSON.readTree(message.blocksJson()));
        }
        payload.put("unfurl_links", false);
        payload.put("unfurl_media", false);
        WebhookResponse response = slack.send(webhookUrl, payload.toString());
        int status = response.getCode() == null ? 0 : response.getCode();
        if (status != 200) {
            String body = response.getBody() == null ? "" : response.getBody().trim();
            // webhook bodies are short codes such as no_service; anything else is an error page
            String code = body.matches("[a-z_]{1,64}") ? body : "http_" + status;
            throw new SlackCallException(
                    "incoming webhook", code, status, RetryAfter.parse(response.getHeaders(), Clock.systemUTC()), null);
        }
    }

    private static void check(String method, SlackApiTextResponse response) throws SlackCallException {
        if (!response.isOk()) {
            Map<String, List<String>> headers = response.getHttpResponseHeaders();
            throw new SlackCallException(
                    method,
                    response.getError() == null ? "unknown_error" : response.getError(),
                    200,
                    RetryAfter.parse(headers, Clock.systemUTC()),
                    response.getNeeded());
        }
    }

    @Override
    public void close() throws Exception {
        slack.close();
    }
}
