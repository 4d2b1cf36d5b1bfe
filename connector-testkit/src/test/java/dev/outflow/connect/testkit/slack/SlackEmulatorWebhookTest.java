package dev.outflow.connect.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.slack.api.webhook.Payload;
import com.slack.api.webhook.WebhookResponse;

class SlackEmulatorWebhookTest extends SlackEmulatorTestBase {

    @Test
    void postsTextThroughSlackSend() throws Exception {
        String url = emulator.createIncomingWebhook(CHANNEL_ID);

        WebhookResponse r =
                slack.send(url, Payload.builder().text("deploy &lt;done&gt;").build());

        assertThat(url).startsWith(emulator.baseUrl() + "services/T000/B000/");
        assertThat(r.getCode()).isEqualTo(200);
        assertThat(r.getBody()).isEqualTo("ok");
        assertThat(emulator.messages(CHANNEL_ID)).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("deploy &lt;done&gt;");
            assertThat(m.source()).isEqualTo(SlackEmulator.WEBHOOK_METHOD);
        });
        assertThat(emulator.postCount(CHANNEL_ID)).isEqualTo(1);
        assertThat(emulator.requests(SlackEmulator.WEBHOOK_METHOD))
                .singleElement()
                .satisfies(q -> assertThat(q.param("text")).isEqualTo("deploy &lt;done&gt;"));
    }

    @Test
    void postsBlocksWithoutText() throws Exception {
        String url = emulator.createIncomingWebhook(CHANNEL);

        WebhookResponse r = slack.send(
                url,
                "{\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\","
                        + "\"text\":\"*hi*\"}}],\"unfurl_links\":false}");

        assertThat(r.getCode()).isEqualTo(200);
        SlackMessage m = emulator.messages(CHANNEL_ID).get(0);
        assertThat(m.blocksJson()).contains("*hi*");
        assertThat(m.unfurlLinks()).isFalse();
    }

    @Test
    void refusesWhatSlackRefusesWithItsStatuses() throws Exception {
        String url = emulator.createIncomingWebhook(CHANNEL_ID);

        assertThat(slack.send(url, "not json")).satisfies(r -> {
            assertThat(r.getCode()).isEqualTo(400);
            assertThat(r.getBody()).isEqualTo("invalid_payload");
        });
        assertThat(slack.send(url, "{}")).satisfies(r -> {
            assertThat(r.getCode()).isEqualTo(400);
            assertThat(r.getBody()).isEqualTo("no_text");
        });
        assertThat(slack.send(url, "{\"blocks\":[{\"type\":\"nope\"}]}")).satisfies(r -> {
            assertThat(r.getCode()).isEqualTo(400);
            assertThat(r.getBody()).isEqualTo("invalid_blocks");
        });
        assertThat(slack.send(url, "{\"text\":\"" + "x".repeat(40_001) + "\"}").getBody())
                .isEqualTo("msg_too_long");

        emulator.archiveChannel(CHANNEL_ID);
        assertThat(slack.send(url, "{\"text\":\"x\"}")).satisfies(r -> {
            assertThat(r.getCode()).isEqualTo(410);
            assertThat(r.getBody()).isEqualTo("channel_is_archived");
        });

        emulator.unarchiveChannel(CHANNEL_ID);
        emulator.revokeIncomingWebhook(url);
        assertThat(slack.send(url, "{\"text\":\"x\"}")).satisfies(r -> {
            assertThat(r.getCode()).isEqualTo(404);
            assertThat(r.getBody()).isEqualTo("no_service");
        });
        assertThat(slack.send(emulator.baseUrl() + "services/T000/B000/unknownsecret", "{\"text\":\"x\"}"))
                .satisfies(r -> {
                    assertThat(r.getCode()).isEqualTo(404);
                    assertThat(r.getBody()).isEqualTo("no_service");
                });
        assertThat(emulator.messages(CHANNEL_ID)).isEmpty();
    }

    @Test
    void aDeletedChannelIsChannelNotFound() throws Exception {
        String url = emulator.createIncomingWebhook(CHANNEL_ID);
        emulator.deleteChannel(CHANNEL_ID);

        WebhookResponse r = slack.send(url, "{\"text\":\"x\"}");

        assertThat(r.getCode()).isEqualTo(404);
        assertThat(r.getBody()).isEqualTo("channel_not_found");
    }

    @Test
    void webhooksAreRateLimitedAndTakeFaults() throws Exception {
        emulator.rateLimits().enable();
        String url = emulator.createIncomingWebhook(CHANNEL_ID);
        for (int i = 0; i < SlackRateLimits.DEFAULT_CHANNEL_BURST; i++) {
            assertThat(slack.send(url, "{\"text\":\"x\"}").getCode()).isEqualTo(200);
        }
        WebhookResponse limited = slack.send(url, "{\"text\":\"x\"}");
        assertThat(limited.getCode()).isEqualTo(429);
        assertThat(limited.getHeaders().get("Retry-After")).containsExactly("1");
        assertThat(emulator.rateLimitedCount(CHANNEL_ID)).isEqualTo(1);

        clock.advanceSeconds(5);
        emulator.inject(FaultRule.of(Fault.serverError()).method(SlackEmulator.WEBHOOK_METHOD));
        assertThat(slack.send(url, "{\"text\":\"x\"}").getCode()).isEqualTo(500);
        assertThat(slack.send(url, "{\"text\":\"x\"}").getCode()).isEqualTo(200);
    }

    @Test
    void acceptsTheLegacyFormPayload() throws Exception {
        String url = emulator.createIncomingWebhook(CHANNEL_ID);
        var r = rawPost(
                url.substring(emulator.baseUrl().length()),
                "application/x-www-form-urlencoded",
                "payload=" + java.net.URLEncoder.encode("{\"text\":\"form\"}", java.nio.charset.StandardCharsets.UTF_8),
                null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(emulator.messages(CHANNEL_ID).get(0).text()).isEqualTo("form");
    }
}
