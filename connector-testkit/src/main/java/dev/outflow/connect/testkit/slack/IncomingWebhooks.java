package dev.outflow.connect.testkit.slack;

import static dev.outflow.connect.testkit.slack.SlackWorkspace.BOT_ID;
import static dev.outflow.connect.testkit.slack.SlackWorkspace.BOT_USER_ID;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.outflow.connect.testkit.slack.WorkspaceModel.Channel;
import dev.outflow.connect.testkit.slack.WorkspaceModel.Webhook;

/** Incoming webhooks: a POST of a message to the one channel a webhook URL names. */
final class IncomingWebhooks {

    private final SlackWorkspace ws;

    IncomingWebhooks(SlackWorkspace ws) {
        this.ws = ws;
    }

    SlackWorkspace.WebhookResult postWebhook(Webhook hook, ApiArgs args) {
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            if (hook == null || hook.revoked) {
                throw new ApiError("no_service", 404);
            }
            Channel ch = ws.channels.get(hook.channelId);
            if (ch == null || ch.deleted) {
                throw new ApiError("channel_not_found", 404);
            }
            long retryAfter = ws.rateLimits.acquireChannel("webhook:" + hook.secret);
            if (retryAfter > 0) {
                ws.countRateLimited(ch.id);
                throw new ApiError("rate_limited", 429).header("Retry-After", Long.toString(retryAfter));
            }
            if (ch.archived) {
                throw new ApiError("channel_is_archived", 410);
            }
            ApiArgs payload = args;
            if (args.kind == ApiArgs.Kind.FORM) {
                // the legacy form: payload=<json>
                String p = args.str("payload");
                if (p == null) {
                    throw new ApiError("invalid_payload", 400);
                }
                payload = ApiArgs.parse("application/json; charset=utf-8", null, p, ws.mapper);
            } else if (args.kind != ApiArgs.Kind.JSON) {
                throw new ApiError("invalid_payload", 400);
            }
            if (payload.invalidJson) {
                throw new ApiError("invalid_payload", 400);
            }
            MessageContent.Content content;
            try {
                content = ws.content.content(payload, false); // webhooks carry no message metadata
            } catch (ApiError e) {
                throw new ApiError(e.code.equals("invalid_blocks_format") ? "invalid_blocks" : e.code, 400);
            }
            ws.store(
                    ch,
                    null,
                    null,
                    content,
                    BOT_USER_ID,
                    BOT_ID,
                    SlackEmulator.WEBHOOK_METHOD,
                    false,
                    payload.bool("unfurl_links"),
                    payload.bool("unfurl_media"),
                    payload.bool("mrkdwn"));
            return new SlackWorkspace.WebhookResult(200, "ok", headers);
        } catch (ApiError e) {
            headers.putAll(e.headers);
            return new SlackWorkspace.WebhookResult(e.status, e.code, headers);
        }
    }
}
