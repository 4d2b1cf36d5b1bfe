package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.template.RecordScope;
import dev.outflow.connect.slack.MessageTemplates.Rendered;
import dev.outflow.connect.testkit.slack.SlackRenderer;
import dev.outflow.connect.testkit.slack.SlackRenderer.Rendering;
import dev.outflow.connect.testkit.slack.SlackRenderer.Style;

/**
 * Values from records render as exactly their text wherever a template puts them, judged by the
 * testkit's renderer (what a Slack client shows), not by the escaped strings: in the message text,
 * in mrkdwn section texts and fields, in context elements and in plain_text objects. Only the
 * template formats.
 */
class SlackLiteralDataTest {

    /** The issue's 13 variants, and bare mentions, e-mail addresses, domains and emoji besides. */
    static final String[] VARIANTS = {
        "<!everyone>",
        "<!channel>",
        "<!subteam^S123>",
        "<@U123>",
        "<#C123>",
        "<mailto:x@y|x>",
        "<http://evil|click>",
        "&amp;",
        ">quote",
        "*bold*",
        "_i_ ~s~",
        "`code`",
        "http://evil.example/login"
    };

    private static final String BLOCKS = "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"{{v}}\"}},"
            + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"{{v}}\"},"
            + "\"fields\":[{\"type\":\"mrkdwn\",\"text\":\"x {{v}} y\"},{\"type\":\"plain_text\",\"text\":\"{{v}}\"}]},"
            + "{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"{{v}}\"},{\"type\":\"plain_text\",\"text\":\"x {{v}}\"}]}]";

    private static Rendered render(String text, String blocks, String value) {
        Row row = Rows.row(Map.of("v", value));
        return new MessageTemplates(text, blocks).render(row, RecordScope.of(row));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<!everyone>",
                "<!channel>",
                "<!subteam^S123>",
                "<@U123>",
                "<#C123>",
                "<mailto:x@y|x>",
                "<http://evil|click>",
                "&amp;",
                ">quote",
                "*bold*",
                "_i_ ~s~",
                "`code`",
                "http://evil.example/login",
                "@here #general",
                "someone@evil.example",
                "see evil.com",
                ":fire: :100:",
                "a\n>second line",
                "```pre```",
                "<!date^1700000000^{date}|x>",
                "*<!channel>*",
                "snake_case_name 3.14 10:30:00"
            })
    void aValueShowsAsItsTextInEveryKindOfText(String value) {
        Rendered rendered = render("{{v}}", BLOCKS, value);

        Rendering text = SlackRenderer.messageText(rendered.text());
        assertThat(text.text()).isEqualTo(value);
        assertThat(text.isLiteral()).as("message text of %s: %s", value, text).isTrue();

        Map<String, Rendering> blocks = SlackRenderer.blocks(rendered.blocks().toString());
        assertThat(blocks)
                .containsOnlyKeys("/0/text", "/1/text", "/1/fields/0", "/1/fields/1", "/2/elements/0", "/2/elements/1");
        assertThat(blocks.get("/0/text").text()).as("header plain_text").isEqualTo(value);
        assertThat(blocks.get("/1/text").text()).as("section mrkdwn").isEqualTo(value);
        assertThat(blocks.get("/1/fields/0").text()).as("section field mrkdwn").isEqualTo("x " + value + " y");
        assertThat(blocks.get("/1/fields/1").text())
                .as("section field plain_text")
                .isEqualTo(value);
        assertThat(blocks.get("/2/elements/0").text()).as("context mrkdwn").isEqualTo(value);
        assertThat(blocks.get("/2/elements/1").text()).as("context plain_text").isEqualTo("x " + value);
        blocks.forEach((pointer, shown) -> assertThat(shown.isLiteral())
                .as("%s of %s: %s", pointer, value, shown)
                .isTrue());
    }

    @Test
    void theIssuesThirteenVariantsAreAllCovered() {
        assertThat(VARIANTS).hasSize(13);
        for (String variant : VARIANTS) {
            aValueShowsAsItsTextInEveryKindOfText(variant);
        }
    }

    @Test
    void theTemplatesOwnFormattingStillFormats() {
        for (String value : VARIANTS) {
            Rendering text = SlackRenderer.messageText(
                    render("*{{v}}* <!here>", null, value).text());
            assertThat(text.styled(Style.BOLD)).as(value).containsExactly(value);
            assertThat(text.mentions()).as(value).hasSize(1);
            assertThat(text.links()).as(value).isEmpty();
        }
        Rendering name =
                SlackRenderer.messageText(render("*{{v}}*", null, "Ada").text());
        assertThat(name.styled(Style.BOLD)).containsExactly("Ada");
        assertThat(name.text()).isEqualTo("Ada");
    }

    @Test
    void aTrustedFieldFormatsButStillCannotMentionOrLink() {
        Row row = Rows.row(Map.of("summary", "*bold* <!channel> <http://evil|click>", "other", "*not*"));
        Rendered rendered =
                new MessageTemplates("{{summary}} {{other}}", null, Set.of("summary")).render(row, RecordScope.of(row));
        Rendering text = SlackRenderer.messageText(rendered.text());
        assertThat(text.styled(Style.BOLD)).containsExactly("bold");
        assertThat(text.mentions()).isEmpty();
        // its bare URL may be linked (documented), but no <url|label> link can come from it
        assertThat(text.links())
                .allMatch(link -> link.automatic() && !link.label().equals("click"));
        assertThat(text.text()).isEqualTo("bold <!channel> <http://evil|click> *not*");
    }

    @Test
    void theDefaultFieldListShowsNamesAndValuesLiterally() {
        Rendered rendered = render(null, null, "*x* <!here>");
        Rendering text = SlackRenderer.messageText(rendered.text());
        assertThat(text.styled(Style.BOLD)).containsExactly("v");
        assertThat(text.text()).isEqualTo("v: *x* <!here>");
        assertThat(text.mentions()).isEmpty();
    }

    @Test
    void aCutNeverSplitsALiteralCharacter() {
        Rendered rendered = render("{{v}}", null, "a".repeat(3_980) + "*".repeat(100));
        Rendering text = SlackRenderer.messageText(rendered.text());
        assertThat(SlackText.length(rendered.text())).isLessThanOrEqualTo(SlackText.MAX_TEXT_CHARS);
        assertThat(text.text()).startsWith("a".repeat(3_980)).endsWith(SlackText.TRUNCATED);
        assertThat(text.isLiteral()).isTrue();
    }

    @Test
    void urlsAndIdsInBlocksAreWrittenAsTheyAre() {
        String blocks = "[{\"type\":\"image\",\"image_url\":\"{{v}}\",\"alt_text\":\"{{v}}\"}]";
        Rendered rendered = render("x", blocks, "https://img.example/a.png?x=1&y=2");
        assertThat(rendered.blocks().get(0).path("image_url").asText()).isEqualTo("https://img.example/a.png?x=1&y=2");
    }

    @Test
    void aMarkdownBlockGetsItsValuesBackslashEscaped() {
        String blocks = "[{\"type\":\"markdown\",\"text\":\"**{{v}}**\"}]";
        Rendered rendered = render("x", blocks, "*a* [l](http://evil)");
        assertThat(rendered.blocks().get(0).path("text").asText())
                .isEqualTo("**\\*a\\* \\[l\\]\\(http\\:\\/\\/evil\\)**");
    }
}
