package dev.outflow.connect.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.ManualClock;

class WarningSummaryTest {

    private final ManualClock clock = new ManualClock(0);
    private final List<String> warnings = new ArrayList<>();
    private final List<String> debug = new ArrayList<>();
    private final WarningSummary summary =
            new WarningSummary("records rejected", clock, 60_000, warnings::add, debug::add);

    @Test
    void theFirstIsLoggedAtOnceThenOneLineAMinuteWithTheCountAndTheFirstReason() {
        summary.record("t/0/1: bad email");
        assertThat(warnings).singleElement().asString().startsWith("records rejected: t/0/1: bad email");

        for (int i = 2; i <= 1_000; i++) {
            clock.advance(10);
            summary.record("t/0/" + i + ": reason " + i);
        }
        assertThat(warnings).hasSize(1);
        assertThat(debug).as("every occurrence at DEBUG").hasSize(1_000);

        clock.advance(60_000 - 9_990);
        summary.flush();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1)).isEqualTo("999 more records rejected in the last 60 s; the first: t/0/2: reason 2");
    }

    @Test
    void aQuietMinuteClosesTheWindowSoTheNextOneIsLoggedAtOnce() {
        summary.record("first");
        clock.advance(60_000);
        summary.flush();
        assertThat(warnings).hasSize(1);

        clock.advance(5_000);
        summary.record("after a quiet minute");
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1)).startsWith("records rejected: after a quiet minute");
    }
}
