package dev.outflow.connect.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.slack.api.methods.response.chat.ChatPostMessageResponse;

class SlackEmulatorErrorsTest extends SlackEmulatorTestBase {

    private ChatPostMessageResponse postBlocks(String blocks) throws Exception {
        return methods.chatPostMessage(
                req -> req.channel(CHANNEL_ID).text("fallback").blocksAsString(blocks));
    }

    private static String section(String textType, String text) {
        return "{\"type\":\"section\",\"text\":{\"type\":\"" + textType + "\",\"text\":\"" + text + "\"}}";
    }

    private static String repeat(String block, int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(block);
        }
        return b.append("]").toString();
    }

    @Test
    void channelNotFound() throws Exception {
        assertThat(methods.chatPostMessage(req -> req.channel("C0NOPE").text("x"))
                        .getError())
                .isEqualTo("channel_not_found");
        assertThat(methods.chatPostMessage(req -> req.channel("#nope").text("x"))
                        .getError())
                .isEqualTo("channel_not_found");
        emulator.createPrivateChannel("G0PRIV", "private-room");
        emulator.removeBotFromChannel("G0PRIV");
        assertThat(methods.chatPostMessage(req -> req.channel("G0PRIV").text("x"))
                        .getError())
                .as("a private channel without the bot is invisible to it")
                .isEqualTo("channel_not_found");
        emulator.deleteChannel(CHANNEL_ID);
        assertThat(methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("x"))
                        .getError())
                .isEqualTo("channel_not_found");
        assertThat(methods.conversationsInfo(req -> req.channel(CHANNEL_ID)).getError())
                .isEqualTo("channel_not_found");
    }

    @Test
    void isArchived() throws Exception {
        String ts = methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("x"))
                .getTs();
        emulator.archiveChannel(CHANNEL);

        assertThat(methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("x"))
                        .getError())
                .isEqualTo("is_archived");
        assertThat(methods.chatUpdate(req -> req.channel(CHANNEL_ID).ts(ts).text("y"))
                        .getError())
                .isEqualTo("is_archived");
        assertThat(methods.conversationsHistory(req -> req.channel(CHANNEL_ID)).isOk())
                .as("an archived channel can still be read")
                .isTrue();

        emulator.unarchiveChannel(CHANNEL);
        assertThat(methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("x"))
                        .isOk())
                .isTrue();
    }

    @Test
    void notInChannelUnlessChatWritePublic() throws Exception {
        emulator.removeBotFromChannel(CHANNEL_ID);
        String plain = emulator.createBotToken("xoxb-plain", Set.of("chat:write", "channels:history"));

        assertThat(slack.methods(plain)
                        .chatPostMessage(req -> req.channel(CHANNEL_ID).text("x"))
                        .getError())
                .isEqualTo("not_in_channel");
        assertThat(slack.methods(plain)
                        .conversationsHistory(req -> req.channel(CHANNEL_ID))
                        .getError())
                .isEqualTo("not_in_channel");
        assertThat(methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("x"))
                        .isOk())
                .as("chat:write.public posts to public channels the bot is not in")
                .isTrue();

        emulator.addBotToChannel(CHANNEL_ID);
        assertThat(slack.methods(plain)
                        .chatPostMessage(req -> req.channel(CHANNEL_ID).text("x"))
                        .isOk())
                .isTrue();
    }

    @Test
    void noText() throws Exception {
        assertThat(methods.chatPostMessage(req -> req.channel(CHANNEL_ID)).getError())
                .isEqualTo("no_text");
        assertThat(methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text(""))
                        .getError())
                .isEqualTo("no_text");
        assertThat(methods.chatPostMessage(req -> req.channel(CHANNEL_ID).blocksAsString("[]"))
                        .getError())
                .isEqualTo("no_text");
        assertThat(emulator.messages(CHANNEL_ID)).isEmpty();
    }

    @Test
    void msgTooLongAbove40000Characters() throws Exception {
        String max = "a".repeat(40_000);
        assertThat(methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text(max))
                        .isOk())
                .isTrue();
        assertThat(methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text(max + "b"))
                        .getError())
                .isEqualTo("msg_too_long");
        String emoji = "\uD83D\uDE00".repeat(40_000); // 40,000 characters, 80,000 UTF-16 units
        assertThat(methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text(emoji))
                        .isOk())
                .as("characters are code points")
                .isTrue();
    }

    @Test
    void longTextCanBeTruncatedAsSlackDocuments() throws Exception {
        emulator.limits().longText(SlackMessageLimits.LongText.TRUNCATE).maxTextChars(10);
        ChatPostMessageResponse r =
                methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("0123456789-tail"));
        assertThat(r.isOk()).isTrue();
        assertThat(emulator.messages(CHANNEL_ID).get(0).text()).isEqualTo("0123456789");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no type                | [{\"text\":{\"type\":\"plain_text\",\"text\":\"x\"}}]              | /blocks/0",
                "unknown type           | [{\"type\":\"fancy\"}]                                              | /blocks/0/type",
                "not an object          | [\"section\"]                                                       | /blocks/0",
                "bad text type          | [{\"type\":\"section\",\"text\":{\"type\":\"html\",\"text\":\"x\"}}] | /blocks/0/text/type",
                "empty text             | [{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"\"}}] | /blocks/0/text/text",
                "text not an object     | [{\"type\":\"section\",\"text\":\"hello\"}]                          | /blocks/0/text",
                "section without text   | [{\"type\":\"section\"}]                                            | /blocks/0",
                "header in mrkdwn       | [{\"type\":\"header\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"x\"}}] | /blocks/0/text/type",
                "context without elements | [{\"type\":\"context\",\"elements\":[]}]                          | /blocks/0/elements",
                "image without alt_text | [{\"type\":\"image\",\"image_url\":\"https://x/y.png\"}]            | /blocks/0",
                "button without text    | [{\"type\":\"actions\",\"elements\":[{\"type\":\"button\"}]}]        | /blocks/0/elements/0",
                "duplicate block_id     | [{\"type\":\"divider\",\"block_id\":\"a\"},{\"type\":\"divider\",\"block_id\":\"a\"}] | /blocks/1/block_id",
                "bad rich text          | [{\"type\":\"rich_text\",\"elements\":[{\"type\":\"paragraph\",\"elements\":[]}]}] | /blocks/0/elements/0/type",
            })
    void invalidBlocksNameTheBadPlace(String why, String blocks, String pointer) throws Exception {
        ChatPostMessageResponse r = postBlocks(blocks);

        assertThat(r.getError()).isEqualTo("invalid_blocks");
        assertThat(r.getResponseMetadata().getMessages())
                .anySatisfy(m -> assertThat(m).startsWith("[ERROR]").endsWith("[json-pointer:" + pointer + "]"));
        assertThat(emulator.messages(CHANNEL_ID)).isEmpty();
    }

    @Test
    void sectionTextUpTo3000AndHeaderUpTo150() throws Exception {
        assertThat(postBlocks("[" + section("mrkdwn", "a".repeat(3000)) + "]").isOk())
                .isTrue();
        assertThat(postBlocks("[" + section("mrkdwn", "a".repeat(3001)) + "]").getError())
                .isEqualTo("invalid_blocks");
        String header = "{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"%s\"}}";
        assertThat(postBlocks("[" + String.format(header, "h".repeat(150)) + "]")
                        .isOk())
                .isTrue();
        assertThat(postBlocks("[" + String.format(header, "h".repeat(151)) + "]")
                        .getError())
                .isEqualTo("invalid_blocks");
    }

    @Test
    void atMost50Blocks() throws Exception {
        assertThat(postBlocks(repeat("{\"type\":\"divider\"}", 50)).isOk()).isTrue();
        ChatPostMessageResponse r = postBlocks(repeat("{\"type\":\"divider\"}", 51));
        assertThat(r.getError()).isEqualTo("invalid_blocks");
        assertThat(r.getResponseMetadata().getMessages())
                .containsExactly("[ERROR] no more than 50 items allowed [json-pointer:/blocks]");
    }

    @Test
    void msgBlocksTooLongAbove13000CharactersOfBlockText() throws Exception {
        String block = section("mrkdwn", "x".repeat(2600));
        assertThat(postBlocks(repeat(block, 5)).isOk()).isTrue(); // 13,000
        ChatPostMessageResponse r = postBlocks(repeat(block, 5)
                .replace("]", ",{\"type\":\"context\",\"elements\":" + "[{\"type\":\"plain_text\",\"text\":\"!\"}]}]"));
        assertThat(r.getError()).isEqualTo("msg_blocks_too_long");
    }

    @Test
    void invalidBlocksFormat() throws Exception {
        assertThat(postBlocks("[{not json").getError()).isEqualTo("invalid_blocks_format");
        assertThat(postBlocks("{\"type\":\"divider\"}").getError())
                .as("an object, not an array")
                .isEqualTo("invalid_blocks_format");
    }

    @Test
    void metadataThatIsNotAJsonObjectIsRefused() throws Exception {
        assertThat(methods.chatPostMessage(
                                req -> req.channel(CHANNEL_ID).text("x").metadataAsString("{oops"))
                        .getError())
                .isEqualTo("invalid_metadata_format");
        assertThat(methods.chatPostMessage(
                                req -> req.channel(CHANNEL_ID).text("x").metadataAsString("[1]"))
                        .getError())
                .isEqualTo("invalid_metadata_format");
        assertThat(emulator.messages(CHANNEL_ID)).isEmpty();
    }

    @Test
    void metadataBreakingSlacksRulesIsDroppedWithAWarningAndTheMessagePosted() throws Exception {
        String[] broken = {
            "{\"event_payload\":{}}",
            "{\"event_type\":\"outflow.record\",\"event_payload\":{}}",
            "{\"event_type\":\"t t\",\"event_payload\":{}}",
            "{\"event_type\":\"t\",\"event_payload\":[1]}",
            "{\"event_type\":\"t\",\"event_payload\":{\"a\":null}}",
            "{\"event_type\":\"t\",\"event_payload\":{\"a\":{\"b\":{\"c\":1}}}}",
            "{\"event_type\":\"t\",\"event_payload\":{\"a\":[1,2]}}"
        };
        for (String metadata : broken) {
            ChatPostMessageResponse r = methods.chatPostMessage(
                    req -> req.channel(CHANNEL_ID).text(metadata).metadataAsString(metadata));
            assertThat(r.isOk()).as(metadata).isTrue();
            assertThat(r.getWarning()).as(metadata).isEqualTo("invalid_metadata_schema");
            assertThat(r.getResponseMetadata().getWarnings()).as(metadata).containsExactly("invalid_metadata_schema");
            assertThat(emulator.message(CHANNEL_ID, r.getTs()).orElseThrow().metadataJson())
                    .as(metadata)
                    .isNull();
        }
        String valid = "{\"event_type\":\"outflow_record-2\",\"event_payload\":{\"s\":\"x\",\"n\":1.5,\"b\":true,"
                + "\"o\":{\"k\":1},\"l\":[{\"topic\":\"t\",\"partition\":0}]}}";
        ChatPostMessageResponse ok =
                methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("v").metadataAsString(valid));
        assertThat(ok.getWarning()).isNull();
        assertThat(emulator.message(CHANNEL_ID, ok.getTs()).orElseThrow().metadataJson())
                .isNotNull();
    }

    @Test
    void invalidThreadTs() throws Exception {
        ChatPostMessageResponse r =
                methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("x").threadTs("0"));
        assertThat(r.getError()).isEqualTo("invalid_thread_ts");
        assertThat(r.getResponseMetadata().getMessages()).containsExactly("[ERROR] 0 is not a valid thread_ts");
    }

    @Test
    void updateAndDeleteErrors() throws Exception {
        String mine = methods.chatPostMessage(req -> req.channel(CHANNEL_ID).text("mine"))
                .getTs();
        String theirs = emulator.postAsUser(CHANNEL_ID, "a person's message");

        assertThat(methods.chatUpdate(req ->
                                req.channel(CHANNEL_ID).ts("1600000000.000001").text("y"))
                        .getError())
                .isEqualTo("message_not_found");
        assertThat(methods.chatUpdate(req -> req.channel(CHANNEL_ID).ts(theirs).text("y"))
                        .getError())
                .isEqualTo("cant_update_message");
        assertThat(methods.chatUpdate(req -> req.channel(CHANNEL).ts(mine).text("y"))
                        .getError())
                .as("chat.update takes a channel id")
                .isEqualTo("channel_not_found");
        assertThat(methods.chatUpdate(req -> req.channel(CHANNEL_ID).ts(mine)).getError())
                .isEqualTo("no_text");
        assertThat(methods.chatUpdate(req -> req.channel(CHANNEL_ID).ts(mine).text("b".repeat(40_001)))
                        .getError())
                .isEqualTo("msg_too_long");
        assertThat(methods.chatUpdate(req -> req.channel(CHANNEL_ID).ts(mine).blocksAsString("[{}]"))
                        .getError())
                .isEqualTo("invalid_blocks");

        assertThat(methods.chatDelete(req -> req.channel(CHANNEL_ID).ts("1600000000.000001"))
                        .getError())
                .isEqualTo("message_not_found");
        assertThat(methods.chatDelete(req -> req.channel(CHANNEL_ID).ts(theirs)).getError())
                .isEqualTo("cant_delete_message");
        assertThat(emulator.message(CHANNEL_ID, mine).orElseThrow().text()).isEqualTo("mine");
    }

    @Test
    void repliesOfAnUnknownThread() throws Exception {
        assertThat(methods.conversationsReplies(req -> req.channel(CHANNEL_ID).ts("1600000000.000001"))
                        .getError())
                .isEqualTo("thread_not_found");
    }

    @Test
    void invalidJson() throws Exception {
        var r = rawPost("api/chat.postMessage", "application/json; charset=utf-8", "{\"channel\":", "Bearer " + TOKEN);
        assertThat(r.body()).contains("\"error\":\"invalid_json\"");
    }
}
