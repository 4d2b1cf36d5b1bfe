package dev.outflow.connect.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackTextTest {

    @Test
    void escapesTheThreeCharactersMrkdwnReads() {
        assertThat(SlackText.escape("<!channel> <@U123> <https://evil.example|click> &lt; a&b"))
                .isEqualTo("&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp;lt; a&amp;b");
        assertThat(SlackText.escape("plain *bold* _it_")).isEqualTo("plain *bold* _it_");
    }

    @Test
    void shortTextIsLeftAlone() {
        assertThat(SlackText.truncate("hello", 5)).isEqualTo("hello");
    }

    @Test
    void longTextIsCutToTheLimitWithAVisibleMarker() {
        String cut = SlackText.truncate("x".repeat(5_000), SlackText.MAX_TEXT_CHARS);
        assertThat(SlackText.length(cut)).isEqualTo(SlackText.MAX_TEXT_CHARS);
        assertThat(cut).endsWith(SlackText.TRUNCATED);
    }

    @Test
    void theCutCountsCodePointsAndNeverSplitsACharacterOrAnEscape() {
        String emoji = "😀".repeat(50);
        String cut = SlackText.truncate(emoji, 20);
        assertThat(SlackText.length(cut)).isEqualTo(20);
        assertThat(cut.replace(SlackText.TRUNCATED, "")).matches("(😀)+");

        String escaped = "a".repeat(15) + "&amp;" + "b".repeat(20);
        assertThat(SlackText.truncate(escaped, 20 + SlackText.TRUNCATED.length() - 3))
                .isEqualTo("a".repeat(15) + SlackText.TRUNCATED);
    }
}
