package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.MetadataField;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.internal.row.RowMapper;

class RequestFitTest {

    private static final long LIMIT = 100_000;

    private final RowMapper mapper = new RowMapper(3, false, EnumSet.noneOf(MetadataField.class));
    private final RequestFit fit =
            new RequestFit(new CellEncoder(new SheetsConfig(Map.of(SheetsConfig.SPREADSHEET_ID, "s"))), LIMIT);

    private List<Row> rows(int count, String text) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("id", (long) i);
            value.put("name", text);
            rows.add(mapper.toRow(new SinkRecord("t", 0, null, null, null, value, i)));
        }
        return rows;
    }

    @Test
    void takesEveryRowWhenTheyFitAndStopsShortOfTheLimitWhenTheyDoNot() {
        assertThat(fit.choose("t", rows(10, "short")).count()).isEqualTo(10);

        int count = fit.choose("t", rows(10_000, "a".repeat(100))).count();
        assertThat(count).isLessThan(10_000);
        // each row is estimated at about 14 + 64 + 140 bytes: a little under 100,000 of them
        assertThat((long) count * 218).isBetween(LIMIT * 9 / 10, LIMIT);
    }

    @Test
    void scalesTheNextChoiceByWhatTheLastRequestReallySerializedTo() {
        List<Row> rows = rows(10_000, "a".repeat(100));
        RequestFit.Choice first = fit.choose("t", rows);

        fit.learn("t", first, first.estimatedBytes() / 2); // the request came out at half the estimate
        assertThat(fit.choose("t", rows).count()).isBetween(first.count() * 2 - 1, first.count() * 2 + 1);
        assertThat(fit.choose("other tab", rows).count())
                .as("each tab learns on its own")
                .isEqualTo(first.count());

        fit.forget("t");
        assertThat(fit.choose("t", rows).count()).isEqualTo(first.count());
    }

    @Test
    void aRequestOverTheLimitGivesFewerRowsInProportionAndNeverAsMany() {
        List<Row> rows = rows(10_000, "漢字".repeat(50));
        RequestFit.Choice tried = fit.choose("t", rows);

        RequestFit.Choice fewer = fit.fewer("t", rows, tried, tried.estimatedBytes() * 2); // twice the estimate
        assertThat(fewer.count()).isBetween(tried.count() / 2 - 1, tried.count() / 2 + 1);

        RequestFit.Choice barelyOver = fit.fewer("t", rows, fewer, LIMIT + 1);
        assertThat(barelyOver.count()).isLessThan(fewer.count()).isPositive();

        RequestFit.Choice two = fit.fewer("t", rows.subList(0, 2), fit.choose("t", rows.subList(0, 2)), LIMIT + 1);
        assertThat(two.count()).isEqualTo(1);
    }
}
