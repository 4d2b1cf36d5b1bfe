package dev.outflow.connect.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Excerpts of answers: bounded in bytes, never ending in half a character. */
class ExcerptTest {

    @Test
    void anExcerptIsAtMostSoManyBytes() {
        assertThat(Excerpt.of("abcdef".getBytes(StandardCharsets.UTF_8), 4)).isEqualTo("abcd");
        assertThat(Excerpt.of("ab".getBytes(StandardCharsets.UTF_8), 4)).isEqualTo("ab");
        assertThat(Excerpt.of("ab".getBytes(StandardCharsets.UTF_8), 0)).isEmpty();
    }

    @Test
    void aCharacterCutByTheLimitIsLeftOut() {
        byte[] text = "aé€".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 bytes

        assertThat(Excerpt.of(text, 2)).isEqualTo("a");
        assertThat(Excerpt.of(text, 3)).isEqualTo("aé");
        assertThat(Excerpt.of(text, 5)).isEqualTo("aé");
        assertThat(Excerpt.of(text, 6)).isEqualTo("aé€");
    }
}
