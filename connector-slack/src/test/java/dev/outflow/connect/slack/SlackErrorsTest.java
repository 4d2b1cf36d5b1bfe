package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.slack.api.methods.SlackApiException;

import dev.outflow.connect.core.api.ErrorClass;
import dev.outflow.connect.core.api.Failure;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

class SlackErrorsTest {

    private final SlackErrors errors = new SlackErrors(SlackConfig.BOT_TOKEN);

    private static SlackCallException refused(String code) {
        return new SlackCallException("chat.postMessage", code, 200, null, null);
    }

    private static SlackApiException http(int status, String body, String retryAfter) {
        Response.Builder response = new Response.Builder()
                .request(new Request.Builder()
                        .url("http://127.0.0.1/api/chat.postMessage")
                        .build())
                .protocol(Protocol.HTTP_1_1)
                .code(status)
                .message("status " + status)
                .body(ResponseBody.create(body, null));
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter);
        }
        return new SlackApiException(response.build(), body);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "channel_not_found",
                "is_archived",
                "not_in_channel",
                "invalid_blocks",
                "msg_too_long",
                "msg_blocks_too_long",
                "no_text",
                "invalid_arguments"
            })
    void aMessageSlackRefusesIsRejectedWithTheCodeAsReason(String code) {
        assertThat(errors.classify(refused(code))).isEqualTo(Failure.rejected(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid_auth", "not_authed", "token_revoked", "account_inactive"})
    void credentialErrorsAreFatalAndSayWhatToFix(String code) {
        Failure failure = errors.classify(refused(code));
        assertThat(failure.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(failure.reason()).contains(code).contains("check slack.bot.token");
    }

    @Test
    void aMissingScopeNamesTheScope() {
        Failure failure = errors.classify(
                new SlackCallException("conversations.history", "missing_scope", 200, null, "channels:history"));
        assertThat(failure.errorClass()).isEqualTo(ErrorClass.FATAL);
        assertThat(failure.reason()).contains("channels:history").contains("reinstall the app");
    }

    @Test
    void rateLimitsAreThrottlesWithSlacksRetryAfter() {
        Failure failure = errors.classify(http(429, "{\"ok\":false,\"error\":\"ratelimited\"}", "7"));
        assertThat(failure.throttled()).isTrue();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(errors.classify(
                        new SlackCallException("incoming webhook", "rate_limited", 429, Duration.ofSeconds(2), null)))
                .satisfies(f -> assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void serverErrorsAreRetriableAndAGatewayTimeoutIsAmbiguous() {
        assertThat(errors.classify(http(503, "<html>503</html>", null)).errorClass())
                .isEqualTo(ErrorClass.RETRIABLE);
        assertThat(errors.classify(http(500, "<html>500</html>", null)).errorClass())
                .isEqualTo(ErrorClass.RETRIABLE);
        assertThat(errors.classify(http(504, "<html>504</html>", null)).errorClass())
                .isEqualTo(ErrorClass.AMBIGUOUS);
        assertThat(errors.classify(refused("internal_error")).errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
        assertThat(errors.classify(refused("service_unavailable")).errorClass()).isEqualTo(ErrorClass.RETRIABLE);
    }

    @Test
    void failuresBeforeSendingAreRetriableAndAfterSendingAmbiguous() {
        assertThat(errors.classify(new ConnectException("Connection refused")).errorClass())
                .isEqualTo(ErrorClass.RETRIABLE);
        assertThat(errors.classify(new UnknownHostException("slack.com")).errorClass())
                .isEqualTo(ErrorClass.RETRIABLE);
        assertThat(errors.classify(new SocketTimeoutException("Connect timed out"))
                        .errorClass())
                .isEqualTo(ErrorClass.RETRIABLE);
        assertThat(errors.classify(new SocketTimeoutException("timeout")).errorClass())
                .isEqualTo(ErrorClass.AMBIGUOUS);
        assertThat(errors.classify(new InterruptedIOException("timeout")).errorClass())
                .isEqualTo(ErrorClass.AMBIGUOUS);
        assertThat(errors.classify(new IOException("unexpected end of stream")).errorClass())
                .isEqualTo(ErrorClass.AMBIGUOUS);
        assertThat(errors.classify(new EOFException()).errorClass()).isEqualTo(ErrorClass.AMBIGUOUS);
    }

    @Test
    void webhookStatusesAreClassifiedByTheirCodes() {
        SlackErrors webhook = new SlackErrors(SlackConfig.WEBHOOK_URL);
        assertThat(webhook.classify(new SlackCallException("incoming webhook", "no_service", 404, null, null)))
                .satisfies(f -> assertThat(f.reason()).contains("check slack.webhook.url"));
        assertThat(webhook.classify(new SlackCallException("incoming webhook", "channel_is_archived", 410, null, null)))
                .isEqualTo(Failure.rejected("channel_is_archived"));
        assertThat(webhook.classify(new SlackCallException("incoming webhook", "invalid_blocks", 400, null, null)))
                .isEqualTo(Failure.rejected("invalid_blocks"));
    }

    @Test
    void reasonsNeverCarryTheExceptionsMessage() {
        Failure failure = errors.classify(new IOException("secret-token-in-a-message"));
        assertThat(failure.reason()).doesNotContain("secret-token-in-a-message");
    }
}
