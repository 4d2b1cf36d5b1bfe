package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.config.SinkConfig;

class SheetsConfigTest {

    private static Map<String, String> props(String... pairs) {
        Map<String, String> props = new HashMap<>(Map.of(SheetsConfig.SPREADSHEET_ID, "sheet"));
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        return props;
    }

    @Test
    void upsertNeedsKeyColumns() {
        assertThat(SheetsConfig.crossFieldProblems(new SheetsConfig(props(SheetsConfig.MODE, "upsert"))))
                .containsOnlyKeys(SheetsConfig.KEY_COLUMNS);
        assertThat(SheetsConfig.crossFieldProblems(new SheetsConfig(props(SheetsConfig.MODE, "upsert", SheetsConfig.KEY_COLUMNS, "id"))))
                .isEmpty();
    }

    @Test
    void deletingTombstonesNeedsUpsert() {
        assertThat(SheetsConfig.crossFieldProblems(new SheetsConfig(props(SinkConfig.NULL_VALUES, "delete"))))
                .containsOnlyKeys(SinkConfig.NULL_VALUES, SheetsConfig.MODE);
    }

    @Test
    void aKeyInlineAndInAFileIsAmbiguous() {
        assertThat(SheetsConfig.crossFieldProblems(new SheetsConfig(props(SheetsConfig.CREDENTIALS_JSON, "{}", SheetsConfig.CREDENTIALS_FILE, "/k.json"))))
                .containsOnlyKeys(SheetsConfig.CREDENTIALS_JSON, SheetsConfig.CREDENTIALS_FILE);
    }

    @Test
    void anUnknownTimeZoneIsRefusedOnItsKey() {
        assertThat(SheetsConfig.crossFieldProblems(new SheetsConfig(props(SheetsConfig.TIMEZONE, "Mars/Olympus"))))
                .containsOnlyKeys(SheetsConfig.TIMEZONE);
    }

    @Test
    void theConnectorKeepsBatchesUnderGooglesRequestSize() {
        assertThat(new SinkConfig(new SheetsSinkConnector().config(), props()).batchMaxBytes()).isEqualTo(500_000);
    }

    @Test
    void theKeyIsASecretTheRestApiMasks() {
        Config config = new SheetsSinkConnector().validate(props(SheetsConfig.CREDENTIALS_JSON, "{not json", "connector.class", "x"));
        ConfigValue key = config.configValues().stream().filter(v -> v.name().equals(SheetsConfig.CREDENTIALS_JSON)).findFirst().orElseThrow();
        assertThat(key.value().toString()).doesNotContain("not json");
        assertThat(key.errorMessages()).singleElement().asString().startsWith("not a usable service-account key");
        List<String> otherErrors = config.configValues().stream().filter(v -> !v.name().equals(SheetsConfig.CREDENTIALS_JSON))
                .flatMap(v -> v.errorMessages().stream()).toList();
        assertThat(otherErrors).isEmpty();
    }
}
