package dev.outflow.connect.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;

class SlackEmulatorFaultsTest extends SlackEmulatorTestBase {

    private ChatPostMessageResponse post(String text) throws Exception {
        return methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text(text));
    }

    @Test
    void serverErrorsAreSeenAsSlackApiExceptionsAndApplyNothing() throws Exception {
        emulator.failNext(1, Fault.serverError());
        emulator.failNext(1, Fault.serviceUnavailable());

        SlackApiException first = catchThrowableOfType(SlackApiException.class, () -> post("a"));
        SlackApiException second = catchThrowableOfType(SlackApiException.class, () -> post("b"));

        assertThat(first.getResponse().code()).isEqualTo(500);
        assertThat(second.getResponse().code()).isEqualTo(503);
        assertThat(emulator.messages(CHANNEL_ID)).isEmpty();
        assertThat(post("c").isOk()).isTrue();
        assertThat(emulator.requests())
                .extracting(RecordedRequest::outcome)
                .containsExactly("fault:http_status", "fault:http_status", "ok");
    }

    @Test
    void an429StormCarriesRetryAfterAndIsCounted() throws Exception {
        emulator.failNext(2, Fault.rateLimited(7));

        for (int i = 0; i < 2; i++) {
            SlackApiException e = catchThrowableOfType(SlackApiException.class, () -> post("x"));
            assertThat(e.getResponse().code()).isEqualTo(429);
            assertThat(e.getResponse().header("Retry-After")).isEqualTo("7");
        }
        assertThat(emulator.rateLimitedCount(CHANNEL_ID)).isEqualTo(2);
        assertThat(post("x").isOk()).isTrue();
    }

    @Test
    void aConnectionResetIsAnIOExceptionAndAppliesNothing() throws Exception {
        emulator.failNext(1, Fault.connectionReset());

        Throwable t = catchThrowable(() -> post("lost"));

        assertThat(t).isInstanceOf(IOException.class);
        assertThat(emulator.messages(CHANNEL_ID)).isEmpty();
        assertThat(emulator.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo("fault:connection_reset"));
        assertThat(post("again").isOk()).isTrue();
    }

    @Test
    void aLostResponseLeavesTheMessagePosted() throws Exception {
        emulator.failNext(1, Fault.responseLost());

        Throwable t = catchThrowable(() -> post("posted but unanswered"));

        assertThat(t).isInstanceOf(IOException.class);
        assertThat(emulator.messages(CHANNEL_ID))
                .extracting(SlackMessage::text)
                .containsExactly("posted but unanswered");
        assertThat(emulator.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo("fault:response_lost"));
    }

    @Test
    void okHttpsDefaultRetryTurnsALostResponseIntoADuplicate() throws Exception {
        Slack defaultRetries = newSlack(emulator, 5_000, true);
        try {
            assertThat(defaultRetries.methods(TOKEN).authTest(req -> req).isOk())
                    .isTrue(); // a pooled connection
            emulator.failNext(1, Fault.responseLost());

            ChatPostMessageResponse r = defaultRetries
                    .methods(TOKEN)
                    .chatPostMessage(req -> req.channel(CHANNEL_ID).text("once"));

            assertThat(r.isOk()).as("the client never saw the failure").isTrue();
            assertThat(emulator.messages(CHANNEL_ID))
                    .extracting(SlackMessage::text)
                    .containsExactly("once", "once");
            assertThat(emulator.requests("chat.postMessage")).hasSize(2);
        } finally {
            defaultRetries.close();
        }
    }

    @Test
    void aStallTimesTheClientOutAndMayStillApplyLater() throws Exception {
        emulator.failNext(1, Fault.stall());
        Slack impatient = newSlack(emulator, 300, false);
        try {
            Throwable t = catchThrowable(() -> impatient
                    .methods(TOKEN)
                    .chatPostMessage(req -> req.channel(CHANNEL_ID).text("ambiguous")));

            assertThat(t).isInstanceOf(InterruptedIOException.class);
            assertThat(emulator.awaitStalled(1, Duration.ofSeconds(5))).isTrue();
            assertThat(emulator.messages(CHANNEL_ID)).isEmpty();

            emulator.releaseStalled();

            assertThat(emulator.stalledCount()).isZero();
            assertThat(emulator.messages(CHANNEL_ID))
                    .extracting(SlackMessage::text)
                    .containsExactly("ambiguous");
        } finally {
            impatient.close();
        }
    }

    @Test
    void aLateApplyLandsAfterTheClientGaveUpAndNeverAnswers() throws Exception {
        emulator.failNext(1, Fault.lateApply());
        Slack impatient = newSlack(emulator, 300, false);
        try {
            Throwable t = catchThrowable(() -> impatient
                    .methods(TOKEN)
                    .chatPostMessage(req -> req.channel(CHANNEL_ID).text("late")));

            assertThat(t).isInstanceOf(InterruptedIOException.class);
            assertThat(emulator.awaitStalled(1, Duration.ofSeconds(5))).isTrue();
            assertThat(emulator.messages(CHANNEL_ID)).isEmpty();

            emulator.releaseStalled();

            assertThat(emulator.messages(CHANNEL_ID))
                    .extracting(SlackMessage::text)
                    .containsExactly("late");
            assertThat(emulator.requests("chat.postMessage"))
                    .extracting(RecordedRequest::outcome)
                    .containsExactly("fault:late_apply");
        } finally {
            impatient.close();
        }
    }

    @Test
    void aDroppedMetadataPostsTheMessageWithAWarning() throws Exception {
        emulator.failNext(1, Fault.metadataDropped());
        ChatPostMessageResponse r = methods.chatPostMessage(req -> req.channel(CHANNEL_ID)
                .text("kept")
                .metadataAsString("{\"event_type\":\"ok_type\",\"event_payload\":{\"a\":1}}"));

        assertThat(r.isOk()).isTrue();
        assertThat(r.getWarning()).isEqualTo("invalid_metadata_schema");
        assertThat(emulator.messages(CHANNEL_ID)).extracting(SlackMessage::text).containsExactly("kept");
        assertThat(emulator.messages(CHANNEL_ID).get(0).metadataJson()).isNull();
    }

    @Test
    void aShortStallIsASlowAnswer() throws Exception {
        emulator.failNext(1, Fault.stall(Duration.ofMillis(200)));

        assertThat(post("slow").isOk()).isTrue();
        assertThat(emulator.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo("fault:stall"));
    }

    @Test
    void rulesCanMatchAMethodAndAChannel() throws Exception {
        emulator.createChannel("C0456", "other");
        FaultRule rule = emulator.inject(FaultRule.of(Fault.serviceUnavailable())
                .method("chat.postMessage")
                .channel("#" + CHANNEL)
                .always());

        assertThat(methods.chatPostMessage(req -> req.channel("C0456").text("x"))
                        .isOk())
                .isTrue();
        assertThat(methods.authTest(req -> req).isOk()).isTrue();
        assertThat(catchThrowable(() -> post("x"))).isInstanceOf(SlackApiException.class);
        assertThat(catchThrowable(() ->
                        methods.chatPostMessage(req -> req.channel(CHANNEL).text("x"))))
                .isInstanceOf(SlackApiException.class);
        assertThat(rule.triggered()).isEqualTo(2);

        rule.cancel();
        assertThat(post("x").isOk()).isTrue();
    }

    @Test
    void theServiceCanBeDownForAWhile() throws Exception {
        emulator.serviceDown(Duration.ofSeconds(30));
        String hook = emulator.createIncomingWebhook(CHANNEL_ID);

        assertThat(catchThrowableOfType(SlackApiException.class, () -> methods.authTest(req -> req))
                        .getResponse()
                        .code())
                .isEqualTo(503);
        assertThat(slack.send(hook, "{\"text\":\"x\"}").getCode()).isEqualTo(503);
        clock.advanceSeconds(29);
        assertThat(emulator.isServiceDown()).isTrue();

        clock.advanceSeconds(1);
        assertThat(emulator.isServiceDown()).isFalse();
        assertThat(methods.authTest(req -> req).isOk()).isTrue();

        emulator.serviceDown();
        assertThat(catchThrowable(() -> post("x"))).isInstanceOf(SlackApiException.class);
        emulator.serviceUp();
        assertThat(post("x").isOk()).isTrue();
    }
}
