package dev.outflow.connect.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.slack.SlackRenderer.Link;
import dev.outflow.connect.testkit.slack.SlackRenderer.Mention;
import dev.outflow.connect.testkit.slack.SlackRenderer.MentionKind;
import dev.outflow.connect.testkit.slack.SlackRenderer.Rendering;
import dev.outflow.connect.testkit.slack.SlackRenderer.Style;

class SlackRendererTest {

    @Test
    void formatsTheSpansOfTheFormattingReference() {
        Rendering r = SlackRenderer.mrkdwn("*bold* _italic_ ~strike~ `code *not bold*`");
        assertThat(r.text()).isEqualTo("bold italic strike code *not bold*");
        assertThat(r.styled(Style.BOLD)).containsExactly("bold");
        assertThat(r.styled(Style.ITALIC)).containsExactly("italic");
        assertThat(r.styled(Style.STRIKE)).containsExactly("strike");
        assertThat(r.styled(Style.CODE)).containsExactly("code *not bold*");
    }

    @Test
    void preformattedTextSpansLinesAndQuotesStartLines() {
        Rendering pre = SlackRenderer.mrkdwn("```a\n*b*```");
        assertThat(pre.styled(Style.PRE)).containsExactly("a\n*b*");
        assertThat(pre.styled(Style.BOLD)).isEmpty();

        Rendering quote = SlackRenderer.mrkdwn("&gt;quoted\nnot &gt; quoted\n>also");
        assertThat(quote.styled(Style.QUOTE)).containsExactly("quoted", "also");
        assertThat(quote.text()).isEqualTo("quoted\nnot > quoted\nalso");
    }

    @Test
    void markersWithSpaceInsideOrAcrossLinesDoNotFormat() {
        assertThat(SlackRenderer.mrkdwn("* not bold *").isLiteral()).isTrue();
        assertThat(SlackRenderer.mrkdwn("*a\nb*").isLiteral()).isTrue();
    }

    @Test
    void linksMentionsAndBroadcasts() {
        Rendering r = SlackRenderer.mrkdwn("<http://evil|click> <mailto:x@y|x> <@U123> <#C123> <!subteam^S123> "
                + "<!here> <!channel> <!everyone>");
        assertThat(r.links())
                .containsExactly(new Link("http://evil", "click", false), new Link("mailto:x@y", "x", false));
        assertThat(r.mentions())
                .containsExactly(
                        new Mention(MentionKind.USER, "U123"),
                        new Mention(MentionKind.CHANNEL, "C123"),
                        new Mention(MentionKind.SUBTEAM, "S123"),
                        new Mention(MentionKind.BROADCAST, "here"),
                        new Mention(MentionKind.BROADCAST, "channel"),
                        new Mention(MentionKind.BROADCAST, "everyone"));
        assertThat(r.text()).isEqualTo("click x @U123 #C123 @S123 @here @channel @everyone");
    }

    @Test
    void bareUrlsDomainsAndEmailAddressesAreLinked() {
        Rendering r = SlackRenderer.mrkdwn("see http://evil.example/login or mail a.b@evil.example or evil.com");
        assertThat(r.links())
                .extracting(Link::url)
                .containsExactly("http://evil.example/login", "mailto:a.b@evil.example", "http://evil.com");
        assertThat(r.links()).allMatch(Link::automatic);
        assertThat(SlackRenderer.mrkdwnVerbatim("http://evil.example").links()).isEmpty();
    }

    @Test
    void bareMentionsCountInMrkdwnTextObjectsWithoutVerbatim() {
        assertThat(SlackRenderer.mrkdwn("hi @here and #general").mentions())
                .containsExactly(
                        new Mention(MentionKind.BROADCAST, "here"), new Mention(MentionKind.CHANNEL, "general"));
        assertThat(SlackRenderer.mrkdwnVerbatim("hi @here").mentions()).isEmpty();
        assertThat(SlackRenderer.mrkdwn("a@here.example").mentions()).isEmpty();
        assertThat(SlackRenderer.messageText("hi @here and #general").mentions())
                .isEmpty();
    }

    @Test
    void escapesShowTheirCharactersAndNeverFormOrLink() {
        Rendering r = SlackRenderer.mrkdwn("&lt;!channel&gt; &amp;amp;");
        assertThat(r.text()).isEqualTo("<!channel> &amp;");
        assertThat(r.isLiteral()).isTrue();
    }

    @Test
    void anInvalidDateShowsItsFallbackAsPlainTextWhichEndsBareLinks() {
        Rendering r =
                SlackRenderer.mrkdwn("<!date^00000000^{_}|*>b<!date^00000000^{_}|*> evil<!date^00000000^{_}|.>com");
        assertThat(r.text()).isEqualTo("*b* evil.com");
        assertThat(r.isLiteral()).isTrue();

        Rendering valid = SlackRenderer.mrkdwn("<!date^1700000000^{date_short}|fallback>");
        assertThat(valid.text()).isEqualTo("<date 1700000000>");
    }

    @Test
    void aTemplatesOwnBoldAroundNeutralisedDataStillFormats() {
        Rendering r = SlackRenderer.mrkdwn("*<!date^00000000^{_}|*>x<!date^00000000^{_}|*>*");
        assertThat(r.styled(Style.BOLD)).containsExactly("*x*");
        assertThat(r.text()).isEqualTo("*x*");
    }

    @Test
    void aSoftHyphenIsInvisibleAndStopsAQuote() {
        Rendering r = SlackRenderer.mrkdwn("\u00AD&gt;quote");
        assertThat(r.text()).isEqualTo(">quote");
        assertThat(r.isLiteral()).isTrue();
    }

    @Test
    void emojiCodesAreFormatting() {
        assertThat(SlackRenderer.mrkdwn("fire :fire:").styled(Style.EMOJI)).containsExactly(":fire:");
    }

    @Test
    void plainTextIsNeverParsed() {
        Rendering r = SlackRenderer.plainText("*bold* <!channel> &amp; http://evil.example");
        assertThat(r.text()).isEqualTo("*bold* <!channel> &amp; http://evil.example");
        assertThat(r.isLiteral()).isTrue();
    }

    @Test
    void blocksAreRenderedTextObjectByTextObject() {
        Map<String, Rendering> r = SlackRenderer.blocks(
                "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"*h*\"}},"
                        + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*s*\"},"
                        + "\"fields\":[{\"type\":\"mrkdwn\",\"text\":\"_f_\"}]},"
                        + "{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",\"text\":\"http://x.example\",\"verbatim\":true}]}]");
        assertThat(r).containsOnlyKeys("/0/text", "/1/text", "/1/fields/0", "/2/elements/0");
        assertThat(r.get("/0/text").isLiteral()).isTrue();
        assertThat(r.get("/1/text").styled(Style.BOLD)).containsExactly("s");
        assertThat(r.get("/1/fields/0").styled(Style.ITALIC)).containsExactly("f");
        assertThat(r.get("/2/elements/0").isLiteral()).isTrue();
    }
}
