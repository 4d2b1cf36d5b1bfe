package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.outflow.connect.slack.DigestFolder.Digest;
import dev.outflow.connect.slack.MessageTemplates.Rendered;

class DigestFolderTest {

    private static List<Rendered> texts(int count, int length) {
        List<Rendered> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(new Rendered(String.format("%0" + length + "d", i), null));
        }
        return messages;
    }

    @Test
    void foldsEveryMessageThatFitsInOrderUnderAHeader() {
        Digest digest = DigestFolder.fold(texts(10, 5));
        assertThat(digest.records()).isEqualTo(10);
        assertThat(digest.text())
                .isEqualTo("_10 records_\n00000\n00001\n00002\n00003\n00004\n00005\n00006\n00007\n00008\n00009");
        assertThat(digest.blocks()).isNull();
    }

    @Test
    void stopsBeforeTheTextLimit() {
        Digest digest = DigestFolder.fold(texts(100, 99));
        assertThat(digest.records()).isEqualTo(39); // 39 lines of 100 and the header fit in 4,000
        assertThat(SlackText.length(digest.text())).isLessThanOrEqualTo(SlackText.MAX_TEXT_CHARS);
        assertThat(digest.text()).doesNotContain(SlackText.TRUNCATED);
    }

    @Test
    void theFirstMessageAlwaysGoes() {
        List<Rendered> messages = texts(1, 3_990);
        messages.add(new Rendered("second", null));
        Digest digest = DigestFolder.fold(messages);
        assertThat(digest.records()).isEqualTo(1);
        assertThat(SlackText.length(digest.text())).isEqualTo(SlackText.MAX_TEXT_CHARS);
    }

    @Test
    void blocksStayWithinFiftyAndLoseTheirIds() {
        List<Rendered> messages = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ArrayNode blocks = JsonNodeFactory.instance.arrayNode();
            blocks.addObject()
                    .put("type", "section")
                    .put("block_id", "same")
                    .putObject("text")
                    .put("type", "mrkdwn")
                    .put("text", "r" + i);
            blocks.addObject().put("type", "divider");
            messages.add(new Rendered("r" + i, blocks));
        }
        Digest digest = DigestFolder.fold(messages);
        assertThat(digest.records()).isEqualTo(25);
        assertThat(digest.blocks()).hasSize(50);
        digest.blocks().forEach(block -> assertThat(block.has("block_id")).isFalse());
    }

    @Test
    void blocksStayWithinTheirTextBudget() {
        List<Rendered> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ArrayNode blocks = JsonNodeFactory.instance.arrayNode();
            blocks.addObject()
                    .put("type", "section")
                    .putObject("text")
                    .put("type", "mrkdwn")
                    .put("text", "z".repeat(2_900));
            messages.add(new Rendered("r" + i, blocks));
        }
        Digest digest = DigestFolder.fold(messages);
        assertThat(digest.records()).isEqualTo(4);
        assertThat(BlockLimits.textLength(digest.blocks())).isLessThanOrEqualTo(BlockLimits.MAX_TOTAL_TEXT);
    }
}
