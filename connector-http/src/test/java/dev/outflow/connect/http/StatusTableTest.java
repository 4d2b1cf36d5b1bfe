package dev.outflow.connect.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.outflow.connect.http.StatusTable.Verdict;

/** The status table's defaults and its order: fatal, then retriable, then rejecting; a 2xx always written. */
class StatusTableTest {

    private static StatusTable defaults() {
        return new HttpConfig(Map.of(HttpConfig.URL, "http://example.com/")).statusTable();
    }

    @Test
    void theDefaultsClassifyTheCommonAnswers() {
        StatusTable table = defaults();

        assertThat(List.of(200, 201, 204, 299))
                .allSatisfy(s -> assertThat(table.verdict(s)).isEqualTo(Verdict.WRITTEN));
        assertThat(List.of(408, 409, 425, 429, 500, 502, 503, 504, 599))
                .allSatisfy(s -> assertThat(table.verdict(s)).isEqualTo(Verdict.RETRIABLE));
        assertThat(List.of(400, 404, 410, 413, 422))
                .allSatisfy(s -> assertThat(table.verdict(s)).isEqualTo(Verdict.REJECTED));
        assertThat(List.of(401, 403, 405, 407))
                .allSatisfy(s -> assertThat(table.verdict(s)).isEqualTo(Verdict.FATAL));
        assertThat(List.of(100, 301, 302, 304))
                .allSatisfy(s -> assertThat(table.verdict(s)).isEqualTo(Verdict.UNLISTED));
    }

    @Test
    void aCodeInAnEarlierListWinsOverARangeInALaterOne() {
        StatusTable table = new StatusTable(List.of("400-499"), List.of("400-499", "500"), List.of("404"));

        assertThat(table.verdict(404)).isEqualTo(Verdict.FATAL);
        assertThat(table.verdict(422)).isEqualTo(Verdict.RETRIABLE);
        assertThat(table.verdict(500)).isEqualTo(Verdict.REJECTED);
    }

    @Test
    void entriesAreCodesOrRangesWithin100To599() {
        assertThat(StatusTable.Span.parse(" 500 - 599 ")).isEqualTo(new StatusTable.Span(500, 599));
        assertThatThrownBy(() -> StatusTable.Span.parse("5xx")).hasMessageContaining("5xx");
        assertThatThrownBy(() -> StatusTable.Span.parse("99")).hasMessageContaining("100-599");
        assertThatThrownBy(() -> StatusTable.Span.parse("600-601")).hasMessageContaining("100-599");
    }

    @Test
    void onlyCodesNamedOnTheirOwnInTwoListsOverlap() {
        assertThat(StatusTable.overlap(List.of("429", "500-599"), List.of("400-499"), List.of("401")))
                .isNull();
        assertThat(StatusTable.overlap(List.of("429"), List.of("429"), List.of()))
                .contains("[429]");
    }
}
