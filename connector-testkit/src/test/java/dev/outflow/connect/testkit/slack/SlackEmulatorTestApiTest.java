package dev.outflow.connect.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ManualClock;

class SlackEmulatorTestApiTest extends SlackEmulatorTestBase {

    @Test
    void createsAndFindsChannels() {
        SlackChannel generated = emulator.createChannel("ops-feed");
        SlackChannel priv = emulator.createPrivateChannel("G0PRIV", "secret-room");
        SlackChannel outside = emulator.createChannelWithoutBot("C0OUT", "outside");

        assertThat(generated.id()).matches("C\\d{8}");
        assertThat(emulator.channel("#ops-feed")).contains(generated);
        assertThat(emulator.channel(CHANNEL_ID).orElseThrow().name()).isEqualTo(CHANNEL);
        assertThat(priv.isPrivate()).isTrue();
        assertThat(outside.botIsMember()).isFalse();
        assertThat(emulator.channels())
                .extracting(SlackChannel::id)
                .containsExactly(CHANNEL_ID, generated.id(), "G0PRIV", "C0OUT");
        assertThat(emulator.archiveChannel("ops-feed").isArchived()).isTrue();
        assertThat(emulator.addBotToChannel("C0OUT").botIsMember()).isTrue();

        assertThatThrownBy(() -> emulator.createChannel("Bad Name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emulator.createChannel("C0999", CHANNEL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emulator.archiveChannel("nowhere")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsMessagesByMetadata() throws Exception {
        for (int offset = 0; offset < 3; offset++) {
            int o = offset;
            methods.chatPostMessage(req -> req.channel(CHANNEL_ID)
                    .text("r" + o)
                    .metadataAsString(
                            "{\"event_type\":\"outflow_record\",\"event_payload\":{\"topic\":\"orders\",\"partition\":0,"
                                    + "\"offset\":" + o + "}}"));
        }
        methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("plain"));

        assertThat(emulator.findByMetadata(CHANNEL_ID, "outflow_record", Map.of()))
                .hasSize(3);
        assertThat(emulator.findByMetadata(CHANNEL_ID, "outflow_record", Map.of("topic", "orders", "offset", 2L)))
                .extracting(SlackMessage::text)
                .containsExactly("r2");
        assertThat(emulator.findByMetadata(CHANNEL_ID, "other", Map.of())).isEmpty();
    }

    @Test
    void theRequestLogKeepsWhatWasSentAndWhatWasAnswered() throws Exception {
        methods.chatPostMessage(req ->
                req.channel(CHANNEL_ID).text("a <b> & c").unfurlLinks(false).mrkdwn(true));
        methods.chatPostMessage(req -> req.channel("C0NOPE").text("x"));

        List<RecordedRequest> log = emulator.requests();
        assertThat(log).extracting(RecordedRequest::sequence).containsExactly(1L, 2L);
        RecordedRequest ok = log.get(0);
        assertThat(ok.httpMethod()).isEqualTo("POST");
        assertThat(ok.path()).isEqualTo("/api/chat.postMessage");
        assertThat(ok.apiMethod()).isEqualTo("chat.postMessage");
        assertThat(ok.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(ok.param("text")).isEqualTo("a <b> & c");
        assertThat(ok.param("unfurl_links")).isEqualTo("0");
        assertThat(ok.param("mrkdwn")).isEqualTo("1");
        assertThat(ok.body()).contains("text=a%20%3Cb%3E%20%26%20c");
        assertThat(ok.receivedAt()).isEqualTo(ManualClock.DEFAULT_START);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.error()).isNull();
        assertThat(ok.outcome()).isEqualTo("ok");
        assertThat(log.get(1).error()).isEqualTo("channel_not_found");
        assertThat(log.get(1).outcome()).isEqualTo("error");

        emulator.clearRequests();
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void countsPostsAndResets() throws Exception {
        methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("1"));
        methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("2"));
        emulator.postAsUser(CHANNEL_ID, "a person");

        assertThat(emulator.postCount(CHANNEL_ID)).isEqualTo(2);
        assertThat(emulator.postCount()).isEqualTo(2);
        assertThat(emulator.messages(CHANNEL_ID)).hasSize(3);
        emulator.resetCounters();
        assertThat(emulator.postCount(CHANNEL_ID)).isZero();
        assertThat(emulator.messages(CHANNEL_ID)).hasSize(3);
    }

    @Test
    void peopleCanReplyInThreads() throws Exception {
        String parent = methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("card"))
                .getTs();
        String reply = emulator.replyAsUser(CHANNEL_ID, parent, "ack");

        assertThat(emulator.replies(CHANNEL_ID, parent))
                .extracting(SlackMessage::ts)
                .containsExactly(reply);
        assertThat(emulator.replies(CHANNEL_ID, parent).get(0).isReply()).isTrue();
        assertThat(emulator.orphanReplies(CHANNEL_ID)).isEmpty();
    }

    @Test
    void closingTwiceIsHarmless() {
        emulator.close();
        emulator.close();
    }
}
