package dev.outflow.connect.slack;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import com.slack.api.methods.SlackApiException;

import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.RetryAfter;
import dev.outflow.connect.core.api.TransportFailures;
import dev.outflow.connect.core.api.template.TemplateException;

/**
 * What a Slack failure means for the framework (DESIGN.md 3.1). Reasons are Slack's error codes,
 * HTTP statuses and exception class names: never a message's content, a token or a webhook URL.
 */
final class SlackErrors {

    /** This message can never be posted: the record goes to the dead-letter queue with the code. */
    static final Set<String> REJECTED = Set.of(
            "channel_not_found",
            "is_archived",
            "not_in_channel",
            "invalid_blocks",
            "invalid_blocks_format",
            "msg_too_long",
            "msg_blocks_too_long",
            "no_text",
            "invalid_metadata_format",
            "invalid_metadata_schema",
            "metadata_too_large",
            "invalid_thread_ts",
            "too_many_attachments",
            "invalid_attachments",
            "cant_update_message",
            "cant_delete_message",
            "message_not_found",
            "channel_is_archived",
            "invalid_payload",
            "restricted_action",
            "restricted_action_read_only_channel",
            "restricted_action_thread_only_channel",
            "restricted_action_non_threadable_channel",
            "cannot_reply_to_message",
            "duplicate_channel_not_found");

    /** The credentials or the app's set-up are wrong: nothing will succeed until someone fixes them. */
    static final Set<String> CREDENTIALS = Set.of(
            "invalid_auth",
            "not_authed",
            "token_revoked",
            "token_expired",
            "account_inactive",
            "no_permission",
            "org_login_required",
            "ekm_access_denied",
            "not_allowed_token_type",
            "team_access_not_granted",
            "invalid_token",
            "no_service",
            "no_team",
            "team_disabled");

    /** Slack hit an error of its own that may have happened after the message was stored. */
    static final Set<String> MAYBE_APPLIED = Set.of("internal_error", "fatal_error");

    /** Slack refused before doing anything: try again. */
    static final Set<String> TRANSIENT = Set.of("service_unavailable", "request_timeout", "team_added_to_org");

    /** History says the bot cannot see this channel: it holds nothing of ours that we could read. */
    static final Set<String> CHANNEL_GONE = Set.of("channel_not_found", "not_in_channel");

    /** History cannot be read for keys: threads and cards start anew rather than stop the stream. */
    static final Set<String> HISTORY_UNREADABLE = Set.of("channel_not_found", "not_in_channel", "missing_scope");

    private static final TransportFailures TRANSPORT =
            new TransportFailures("Slack", SlackConfig.API_URL, SlackConfig.REQUEST_TIMEOUT_MS);

    private final String credentialKey;

    /** @param credentialKey the config key of the credential in use, named in messages that ask for a fix */
    SlackErrors(String credentialKey) {
        this.credentialKey = credentialKey;
    }

    Failure classify(Exception error) {
        if (error instanceof SlackCallException call) {
            return classify(call);
        }
        if (error instanceof SlackApiException http) {
            return classifyHttp(
                    http.getResponse().code(),
                    http.getError() == null ? null : http.getError().getError(),
                    RetryAfter.parse(http.getResponse().headers().toMultimap(), Clock.systemUTC()));
        }
        if (error instanceof TemplateException) {
            return Failure.rejected(error.getMessage());
        }
        if (error instanceof IOException io) {
            return TRANSPORT.classify(io);
        }
        return Failure.fatal("an unexpected " + error.getClass().getSimpleName() + " from the Slack client");
    }

    private Failure classify(SlackCallException call) {
        String code = call.code();
        String reason = call.method() + ": " + code;
        if (call.httpStatus() != 200) {
            return classifyHttp(call.httpStatus(), code, call.retryAfter());
        }
        if (code.equals("ratelimited") || code.equals("rate_limited") || code.equals(HistoryBudget.SPENT)) {
            return Failure.throttled(reason, call.retryAfter());
        }
        if (code.equals("missing_scope")) {
            return Failure.fatal("the Slack app lacks the scope "
                    + (call.neededScope() == null ? "this call needs" : call.neededScope()) + " (" + call.method()
                    + "); add it under OAuth & Permissions, reinstall the app and update " + credentialKey);
        }
        if (CREDENTIALS.contains(code)) {
            return Failure.fatal("Slack refused the credentials (" + code + "); check " + credentialKey
                    + ": it must hold a valid, installed bot token (xoxb-...) or webhook URL");
        }
        if (MAYBE_APPLIED.contains(code)) {
            return Failure.ambiguous(reason + "; the message may have been posted");
        }
        if (TRANSIENT.contains(code)) {
            return Failure.retriable(reason);
        }
        // every other code of chat.* describes this message (invalid_arguments, ...): it will never succeed
        return Failure.rejected(code);
    }

    /** HTTP statuses other than 200: Slack's front ends and incoming webhooks. */
    private Failure classifyHttp(int status, String code, Duration retryAfter) {
        String reason = "Slack HTTP " + status + (code == null ? "" : " " + code);
        if (status == 429) {
            return Failure.throttled(reason, retryAfter);
        }
        if (status == 504) {
            return Failure.ambiguous(
                    reason + "; the message may have been posted"); // the gateway gave up, Slack may not have
        }
        if (status >= 500) {
            return Failure.retriable(reason);
        }
        if (status == 401 || status == 403 || code != null && CREDENTIALS.contains(code)) {
            return Failure.fatal(
                    "Slack refused the credentials (" + (code == null ? "HTTP " + status : code) + "); check "
                            + credentialKey + ": it must hold a valid bot token (xoxb-...) or an active webhook URL");
        }
        if (code != null && REJECTED.contains(code)) {
            return Failure.rejected(code); // a webhook's channel was deleted or archived, or the payload is refused
        }
        if (status == 404) {
            return Failure.fatal("Slack answered HTTP 404 (" + (code == null ? "no such endpoint" : code) + "); check "
                    + SlackConfig.API_URL);
        }
        return Failure.rejected(code != null ? code : "http_" + status);
    }
}
