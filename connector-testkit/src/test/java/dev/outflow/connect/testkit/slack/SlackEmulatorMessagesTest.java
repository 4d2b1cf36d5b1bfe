package dev.outflow.connect.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.slack.api.methods.response.chat.ChatDeleteResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsInfoResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Message;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.SectionBlock;

class SlackEmulatorMessagesTest extends SlackEmulatorTestBase {

    private static final String BLOCKS =
            "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"Order 42\"}},"
                    + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*paid* &lt;b&gt;\"}},"
                    + "{\"type\":\"divider\"}]";

    private ChatPostMessageResponse post(String text) throws Exception {
        ChatPostMessageResponse r =
                methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text(text));
        assertThat(r.isOk()).as(r.getError()).isTrue();
        return r;
    }

    @Test
    void postsTextAndAnswersChannelTsAndMessage() throws Exception {
        ChatPostMessageResponse r = post("hello &lt;world&gt;");

        assertThat(r.getChannel()).isEqualTo(CHANNEL_ID);
        assertThat(r.getTs()).matches("1700000000\\.\\d{6}");
        assertThat(r.getMessage().getText()).isEqualTo("hello &lt;world&gt;");
        assertThat(r.getMessage().getBotId()).isEqualTo(SlackEmulator.BOT_ID);
        assertThat(r.getMessage().getUser()).isEqualTo(SlackEmulator.BOT_USER_ID);
        assertThat(emulator.messages(CHANNEL_ID)).singleElement().satisfies(m -> {
            assertThat(m.ts()).isEqualTo(r.getTs());
            assertThat(m.text()).isEqualTo("hello &lt;world&gt;");
            assertThat(m.isFromBot()).isTrue();
            assertThat(m.source()).isEqualTo("chat.postMessage");
        });
    }

    @Test
    void timestampsAreUniqueAndIncreasingEvenOnAFrozenClock() throws Exception {
        List<String> ts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ts.add(post("m" + i).getTs());
        }
        clock.advanceSeconds(3);
        ts.add(post("later").getTs());

        assertThat(ts).doesNotHaveDuplicates().isSorted();
        assertThat(ts.get(0)).isEqualTo("1700000000.000000");
        assertThat(ts.get(5)).isEqualTo("1700000003.000000");
    }

    @Test
    void postsByChannelNameAndAnswersTheId() throws Exception {
        ChatPostMessageResponse byName =
                methods.chatPostMessage(req -> req.channel("#" + CHANNEL).text("a"));
        ChatPostMessageResponse bare =
                methods.chatPostMessage(req -> req.channel(CHANNEL).text("b"));

        assertThat(byName.getChannel()).isEqualTo(CHANNEL_ID);
        assertThat(bare.getChannel()).isEqualTo(CHANNEL_ID);
        assertThat(emulator.messages(CHANNEL_ID)).hasSize(2);
    }

    @Test
    void postsBlocksAndTheClientParsesThem() throws Exception {
        ChatPostMessageResponse r = methods.chatPostMessage(req -> req.channel(CHANNEL_ID)
                .text("Order 42 paid")
                .blocksAsString(BLOCKS)
                .unfurlLinks(false)
                .unfurlMedia(false));

        assertThat(r.isOk()).as(r.getError()).isTrue();
        assertThat(r.getMessage().getBlocks()).hasSize(3);
        assertThat(r.getMessage().getBlocks().get(0)).isInstanceOf(HeaderBlock.class);
        assertThat(((SectionBlock) r.getMessage().getBlocks().get(1)).getText().getText())
                .isEqualTo("*paid* &lt;b&gt;");
        assertThat(r.getMessage().getBlocks())
                .allSatisfy(b -> assertThat(b.getBlockId()).isNotBlank());

        SlackMessage stored = emulator.messages(CHANNEL_ID).get(0);
        assertThat(stored.blocksJson()).contains("\"type\":\"header\"").doesNotContain("block_id");
        assertThat(stored.unfurlLinks()).isFalse();
        assertThat(stored.unfurlMedia()).isFalse();
        RecordedRequest sent = emulator.requests("chat.postMessage").get(0);
        assertThat(sent.param("unfurl_links")).isEqualTo("0");
        assertThat(sent.param("blocks")).isEqualTo(BLOCKS);
    }

    @Test
    void blocksWithoutTextShowSlacksFallbackText() throws Exception {
        ChatPostMessageResponse r =
                methods.chatPostMessage(req -> req.channel(CHANNEL_ID).blocksAsString(BLOCKS));

        assertThat(r.isOk()).as(r.getError()).isTrue();
        assertThat(r.getMessage().getText()).isEqualTo("This content can't be displayed.");
        assertThat(emulator.messages(CHANNEL_ID).get(0).text()).isNull();
    }

    @Test
    void postsMetadataAndHistoryShowsItOnlyWhenAsked() throws Exception {
        Message.Metadata md = Message.Metadata.builder()
                .eventType("outflow_record")
                .eventPayload(Map.of("topic", "orders", "partition", 3, "offset", 1234))
                .build();
        ChatPostMessageResponse r =
                methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("x").metadata(md));
        assertThat(r.isOk()).as(r.getError()).isTrue();

        ConversationsHistoryResponse without = methods.conversationsHistory(req -> req.channel(CHANNEL_ID));
        assertThat(without.getMessages())
                .singleElement()
                .satisfies(m -> assertThat(m.getMetadata()).isNull());

        ConversationsHistoryResponse with =
                methods.conversationsHistory(req -> req.channel(CHANNEL_ID).includeAllMetadata(true));
        Message.Metadata back = with.getMessages().get(0).getMetadata();
        assertThat(back.getEventType()).isEqualTo("outflow_record");
        assertThat(back.getEventPayload()).containsEntry("topic", "orders");
        assertThat(((Number) back.getEventPayload().get("offset")).longValue()).isEqualTo(1234L);

        SlackMessage stored = emulator.messages(CHANNEL_ID).get(0);
        assertThat(stored.metadataEventType()).isEqualTo("outflow_record");
        assertThat(stored.metadataPayload()).containsEntry("partition", 3);
    }

    @Test
    void threadsRepliesAndBroadcasts() throws Exception {
        String parent = post("incident").getTs();
        ChatPostMessageResponse reply = methods.chatPostMessage(
                req -> req.channel(CHANNEL_ID).threadTs(parent).text("update 1"));
        String nested = methods.chatPostMessage(
                        req -> req.channel(CHANNEL_ID).threadTs(reply.getTs()).text("reply to a reply"))
                .getTs();
        String broadcast = methods.chatPostMessage(req -> req.channel(CHANNEL_ID)
                        .threadTs(parent)
                        .replyBroadcast(true)
                        .text("resolved"))
                .getTs();

        assertThat(reply.getMessage().getThreadTs()).isEqualTo(parent);
        assertThat(emulator.replies(CHANNEL_ID, parent))
                .extracting(SlackMessage::ts)
                .containsExactly(reply.getTs(), nested, broadcast);
        assertThat(emulator.topLevelMessages(CHANNEL_ID))
                .extracting(SlackMessage::ts)
                .containsExactly(parent);
        assertThat(emulator.message(CHANNEL_ID, parent))
                .get()
                .extracting(SlackMessage::replyCount)
                .isEqualTo(3);

        ConversationsHistoryResponse h = methods.conversationsHistory(req -> req.channel(CHANNEL_ID));
        assertThat(h.getMessages()).extracting(Message::getTs).containsExactly(broadcast, parent);
        assertThat(h.getMessages().get(1).getReplyCount()).isEqualTo(3);
        assertThat(h.getMessages().get(1).getLatestReply()).isEqualTo(broadcast);
        assertThat(h.getMessages().get(0).getSubtype()).isEqualTo("thread_broadcast");

        ConversationsRepliesResponse rs =
                methods.conversationsReplies(req -> req.channel(CHANNEL_ID).ts(parent));
        assertThat(rs.isOk()).as(rs.getError()).isTrue();
        assertThat(rs.getMessages())
                .extracting(Message::getTs)
                .containsExactly(parent, reply.getTs(), nested, broadcast);
    }

    @Test
    void aThreadTsThatNamesNoMessageIsAcceptedButTheReplyIsOrphaned() throws Exception {
        ChatPostMessageResponse r = methods.chatPostMessage(
                req -> req.channel(CHANNEL_ID).threadTs("1600000000.000100").text("lost"));

        assertThat(r.isOk()).isTrue();
        assertThat(emulator.orphanReplies(CHANNEL_ID))
                .extracting(SlackMessage::text)
                .containsExactly("lost");
        assertThat(methods.conversationsHistory(req -> req.channel(CHANNEL_ID)).getMessages())
                .isEmpty();
        assertThat(methods.conversationsReplies(req -> req.channel(CHANNEL_ID).ts("1600000000.000100"))
                        .getError())
                .isEqualTo("thread_not_found");
    }

    @Test
    void updatesTextBlocksAndMetadataAndMarksTheMessageEdited() throws Exception {
        String ts = post("status: pending").getTs();

        ChatUpdateResponse u = methods.chatUpdate(req -> req.channel(CHANNEL_ID)
                .ts(ts)
                .text("status: done")
                .blocksAsString(BLOCKS)
                .metadataAsString("{\"event_type\":\"card\",\"event_payload\":{\"key\":\"k1\",\"offset\":7}}"));

        assertThat(u.isOk()).as(u.getError()).isTrue();
        assertThat(u.getTs()).isEqualTo(ts);
        assertThat(u.getText()).isEqualTo("status: done");
        SlackMessage m = emulator.message(CHANNEL_ID, ts).orElseThrow();
        assertThat(m.text()).isEqualTo("status: done");
        assertThat(m.edited()).isTrue();
        assertThat(m.editCount()).isEqualTo(1);
        assertThat(m.blocksJson()).contains("Order 42");
        assertThat(emulator.findByMetadata(CHANNEL_ID, "card", Map.of("key", "k1")))
                .hasSize(1);
        Message inHistory = methods.conversationsHistory(req -> req.channel(CHANNEL_ID))
                .getMessages()
                .get(0);
        assertThat(inHistory.getEdited()).isNotNull();

        methods.chatUpdate(
                req -> req.channel(CHANNEL_ID).ts(ts).blocksAsString("[]").text("plain again"));
        assertThat(emulator.message(CHANNEL_ID, ts).orElseThrow().blocksJson()).isNull();
        assertThat(emulator.message(CHANNEL_ID, ts).orElseThrow().editCount()).isEqualTo(2);
    }

    @Test
    void deletesAMessage() throws Exception {
        String keep = post("keep").getTs();
        String drop = post("drop").getTs();

        ChatDeleteResponse d = methods.chatDelete(req -> req.channel(CHANNEL_ID).ts(drop));

        assertThat(d.isOk()).as(d.getError()).isTrue();
        assertThat(d.getTs()).isEqualTo(drop);
        assertThat(emulator.messages(CHANNEL_ID)).extracting(SlackMessage::ts).containsExactly(keep);
        assertThat(emulator.deletedMessages(CHANNEL_ID))
                .extracting(SlackMessage::ts)
                .containsExactly(drop);
        assertThat(emulator.postCount(CHANNEL_ID)).isEqualTo(2);
        assertThat(methods.chatDelete(req -> req.channel(CHANNEL_ID).ts(drop)).getError())
                .isEqualTo("message_not_found");
    }

    @Test
    void historyIsNewestFirstAndPaginatesWithACursor() throws Exception {
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            posted.add(post("m" + i).getTs());
            clock.advanceSeconds(1);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String c = cursor;
            ConversationsHistoryResponse page = methods.conversationsHistory(
                    req -> req.channel(CHANNEL_ID).limit(3).cursor(c));
            assertThat(page.isOk()).as(page.getError()).isTrue();
            page.getMessages().forEach(m -> seen.add(m.getTs()));
            pages++;
            cursor = page.isHasMore() ? page.getResponseMetadata().getNextCursor() : null;
            if (!page.isHasMore()) {
                assertThat(page.getResponseMetadata() == null
                                || page.getResponseMetadata().getNextCursor() == null)
                        .isTrue();
            }
        } while (cursor != null);

        List<String> newestFirst = new ArrayList<>(posted);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).isEqualTo(newestFirst);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void historyHonoursOldestLatestAndInclusive() throws Exception {
        List<String> ts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ts.add(post("m" + i).getTs());
            clock.advanceSeconds(1);
        }
        ConversationsHistoryResponse between = methods.conversationsHistory(
                req -> req.channel(CHANNEL_ID).oldest(ts.get(1)).latest(ts.get(3)));
        assertThat(between.getMessages()).extracting(Message::getTs).containsExactly(ts.get(2));

        ConversationsHistoryResponse inclusive = methods.conversationsHistory(req ->
                req.channel(CHANNEL_ID).oldest(ts.get(1)).latest(ts.get(3)).inclusive(true));
        assertThat(inclusive.getMessages()).extracting(Message::getTs).containsExactly(ts.get(3), ts.get(2), ts.get(1));

        assertThat(methods.conversationsHistory(req -> req.channel(CHANNEL_ID).oldest("yesterday"))
                        .getError())
                .isEqualTo("invalid_ts_oldest");
        assertThat(methods.conversationsHistory(req -> req.channel(CHANNEL_ID).cursor("bogus!"))
                        .getError())
                .isEqualTo("invalid_cursor");
    }

    @Test
    void historyShowsPeoplesMessagesToo() throws Exception {
        emulator.postAsUser(CHANNEL_ID, "hi bot");
        post("hello");

        ConversationsHistoryResponse h = methods.conversationsHistory(req -> req.channel(CHANNEL_ID));
        assertThat(h.getMessages()).extracting(Message::getText).containsExactly("hello", "hi bot");
        assertThat(h.getMessages().get(1).getBotId()).isNull();
        assertThat(h.getMessages().get(1).getUser()).isEqualTo(SlackEmulator.HUMAN_USER_ID);
        assertThat(emulator.postCount(CHANNEL_ID)).isEqualTo(1);
    }

    @Test
    void infoTellsMembershipAndArchival() throws Exception {
        ConversationsInfoResponse i = methods.conversationsInfo(req -> req.channel(CHANNEL_ID));
        assertThat(i.isOk()).as(i.getError()).isTrue();
        assertThat(i.getChannel().getId()).isEqualTo(CHANNEL_ID);
        assertThat(i.getChannel().getName()).isEqualTo(CHANNEL);
        assertThat(i.getChannel().isMember()).isTrue();
        assertThat(i.getChannel().isArchived()).isFalse();

        emulator.removeBotFromChannel(CHANNEL_ID);
        emulator.archiveChannel(CHANNEL_ID);
        ConversationsInfoResponse after = methods.conversationsInfo(req -> req.channel(CHANNEL_ID));
        assertThat(after.getChannel().isMember()).isFalse();
        assertThat(after.getChannel().isArchived()).isTrue();

        assertThat(methods.conversationsInfo(req -> req.channel(CHANNEL)).getError())
                .as("the read methods take ids, not names")
                .isEqualTo("channel_not_found");
    }

    @Test
    void acceptsJsonBodiesForChatMethods() throws Exception {
        var r = rawPost(
                "api/chat.postMessage",
                "application/json; charset=utf-8",
                "{\"channel\":\"" + CHANNEL_ID + "\",\"text\":\"json\",\"unfurl_links\":false,"
                        + "\"blocks\":[{\"type\":\"divider\"}],"
                        + "\"metadata\":{\"event_type\":\"e\",\"event_payload\":{\"a\":1}}}",
                "Bearer " + TOKEN);
        assertThat(r.body()).contains("\"ok\":true");
        SlackMessage m = emulator.messages(CHANNEL_ID).get(0);
        assertThat(m.text()).isEqualTo("json");
        assertThat(m.unfurlLinks()).isFalse();
        assertThat(m.metadataPayload()).containsEntry("a", 1);
        assertThat(emulator.requests("chat.postMessage").get(0).param("unfurl_links"))
                .isEqualTo("false");

        var noCharset = rawPost(
                "api/chat.postMessage",
                "application/json",
                "{\"channel\":\"" + CHANNEL_ID + "\",\"text\":\"json\"}",
                "Bearer " + TOKEN);
        assertThat(noCharset.body()).contains("\"ok\":true").contains("missing_charset");
    }

    @Test
    void readMethodsDoNotReadJsonBodiesAsTheirDocsSay() throws Exception {
        var r = rawPost(
                "api/conversations.history",
                "application/json; charset=utf-8",
                "{\"channel\":\"" + CHANNEL_ID + "\"}",
                "Bearer " + TOKEN);
        assertThat(r.body()).contains("\"error\":\"channel_not_found\"");
    }
}
