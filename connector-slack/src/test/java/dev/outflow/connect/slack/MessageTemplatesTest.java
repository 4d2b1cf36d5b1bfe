package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.template.RecordScope;
import dev.outflow.connect.core.api.template.TemplateException;
import dev.outflow.connect.slack.MessageTemplates.Rendered;
import dev.outflow.connect.testkit.slack.SlackRenderer;
import dev.outflow.connect.testkit.slack.SlackRenderer.Mention;
import dev.outflow.connect.testkit.slack.SlackRenderer.MentionKind;
import dev.outflow.connect.testkit.slack.SlackRenderer.Rendering;
import dev.outflow.connect.testkit.slack.SlackRenderer.Style;

class MessageTemplatesTest {

    private static Rendered render(String text, String blocks, Row row) {
        return new MessageTemplates(text, blocks).render(row, RecordScope.of(row));
    }

    @Test
    void rendersFieldsNestedFieldsAndKafkaMetadata() {
        Row row = Rows.row("orders", 2, 42, "k-1", Map.of("id", "7", "customer.name", "Ada", "customer.tier", "gold"));
        Rendered rendered = render(
                "#{{id}} for {{customer.name}} ({{customer.tier}}) "
                        + "{{_topic}}/{{_partition}}/{{_offset}} key {{_key}} at {{_timestamp}} trace {{_header.trace}}",
                null,
                row);
        Rendering shown = SlackRenderer.messageText(rendered.text());
        assertThat(shown.text()).isEqualTo("#7 for Ada (gold) orders/2/42 key k-1 at 2023-11-14T22:13:20Z trace t-1");
        assertThat(shown.isLiteral()).isTrue();
        assertThat(rendered.blocks()).isNull();
    }

    @Test
    void valuesShowAsTheirTextAndOnlyTheTemplateMentions() {
        Row row = Rows.row(Map.of("note", "<!channel> <@U123> <https://evil.example|click> &lt;"));
        Rendering shown =
                SlackRenderer.messageText(render("<!here> {{note}}", null, row).text());
        assertThat(shown.text()).isEqualTo("@here <!channel> <@U123> <https://evil.example|click> &lt;");
        assertThat(shown.mentions()).containsExactly(new Mention(MentionKind.BROADCAST, "here"));
        assertThat(shown.links()).isEmpty();
    }

    @Test
    void unescapedValuesPartialsAndParentsAreRefused() {
        for (String template : new String[] {"{{{note}}}", "{{& note}}", "{{> header}}", "{{<layout}}{{/layout}}"}) {
            assertThatThrownBy(() -> new MessageTemplates(template, null))
                    .as(template)
                    .isInstanceOf(TemplateException.class)
                    .hasMessageContaining("slack.text.template")
                    .hasMessageContaining("not allowed");
        }
        assertThatThrownBy(() -> new MessageTemplates("{{#open}} never closed", null))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("does not compile");
    }

    @Test
    void withoutATemplateTheMessageIsACompactFieldList() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", "7");
        fields.put("status", "<b>");
        fields.put("empty", null);
        assertThat(render(null, null, Rows.row(fields)).text()).isEqualTo("*id*: 7\n*status*: &lt;b&gt;");
    }

    @Test
    void longTextIsTruncatedWithAMarker() {
        Rendered rendered = render("{{body}}", null, Rows.row(Map.of("body", "y".repeat(10_000))));
        assertThat(SlackText.length(rendered.text())).isEqualTo(SlackText.MAX_TEXT_CHARS);
        assertThat(rendered.text()).endsWith(SlackText.TRUNCATED);
    }

    @Test
    void blockValuesCannotLeaveTheirJsonString() {
        String blocks = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*{{title}}*\"}}]";
        Row row = Rows.row(
                Map.of("title", "x\"}},{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"<!channel>"));
        JsonNode rendered = render("{{title}}", blocks, row).blocks();
        assertThat(rendered).hasSize(1);
        Rendering shown = SlackRenderer.blocks(rendered.toString()).get("/0/text");
        String title = "x\"}},{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"<!channel>";
        assertThat(shown.text()).isEqualTo(title);
        assertThat(shown.styled(Style.BOLD)).containsExactly(title);
        assertThat(shown.mentions()).isEmpty();
    }

    @Test
    void blockTextsAreCutToTheirLimitsAndBlocksToFifty() {
        String header = "{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"{{title}}\"}}";
        String divider = "{\"type\":\"divider\"}";
        String blocks = "{\"blocks\":[" + header + ("," + divider).repeat(60) + "]}";
        JsonNode rendered =
                render(null, blocks, Rows.row(Map.of("title", "t".repeat(500)))).blocks();
        assertThat(rendered).hasSize(BlockLimits.MAX_BLOCKS);
        assertThat(SlackText.length(rendered.get(0).path("text").path("text").asText()))
                .isEqualTo(BlockLimits.HEADER_TEXT);
        assertThat(rendered.get(49).path("elements").get(0).path("text").asText())
                .contains("12 more blocks not shown");
    }

    @Test
    void blocksThatAreNotABlockArrayAreRefused() {
        assertThatThrownBy(() -> new MessageTemplates(null, "[{\"type\":\"section\", {{oops}}]"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> new MessageTemplates(null, "{\"type\":\"section\"}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("JSON array of blocks");
        assertThatThrownBy(() -> new MessageTemplates(null, "[{\"text\":\"no type\"}]"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("block 0");
    }

    @Test
    void theSampleCheckRendersATemplate() {
        new MessageTemplates("{{#name}}hi {{name}}{{/name}}", "[{\"type\":\"divider\"}]").checkWithSample();
    }
}
