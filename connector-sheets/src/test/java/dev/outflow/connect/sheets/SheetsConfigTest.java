package dev.outflow.connect.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.config.ConfigRules;
import dev.outflow.connect.core.config.SinkConfig;

class SheetsConfigTest {

    private static Map<String, String> props(String... pairs) {
        Map<String, String> props = new HashMap<>(Map.of(SheetsConfig.SPREADSHEET_ID, "sheet"));
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        return props;
    }

    /** The cross-field rules as the framework runs them: key -> messages. */
    private static Map<String, List<String>> ruleProblems(Map<String, String> props) {
        return ConfigRules.problems(new SheetsSinkConnector().config(), SheetsConfig.RULES, props, Set.of());
    }

    @Test
    void upsertNeedsKeyColumns() {
        assertThat(ruleProblems(props(SheetsConfig.MODE, "upsert"))).containsOnlyKeys(SheetsConfig.MODE, SheetsConfig.KEY_COLUMNS);
        assertThat(ruleProblems(props(SheetsConfig.MODE, "upsert", SheetsConfig.KEY_COLUMNS, "id"))).isEmpty();
    }

    @Test
    void aConfigurationWhoseOffsetsCannotFitATabIsRefusedOnTheTabWithWhatToChange() {
        assertThat(ruleProblems(props("name", "churn-to-sheets", "tasks.max", "8", "topics", "orders"))).isEmpty();
        assertThat(ruleProblems(props("name", "churn-to-sheets", "tasks.max", "100", "topics", "orders",
                SheetsConfig.TAB, "${topic}"))).as("100 short entries and 1,000 partitions fit").isEmpty();

        Map<String, List<String>> problems = ruleProblems(props("name", "n".repeat(200), "tasks.max", "64",
                "topics", "orders,refunds", SheetsConfig.TAB, "ledger"));
        assertThat(problems).containsOnlyKeys(SheetsConfig.TAB);
        assertThat(problems.get(SheetsConfig.TAB)).singleElement().asString()
                .contains("1000 partitions").contains("set tasks.max to at most").contains(SheetsConfig.TAB + "=${topic}");
    }

    @Test
    void chosenColumnsMustIncludeTheKeyColumns() {
        assertThat(ruleProblems(props(SheetsConfig.MODE, "upsert", SheetsConfig.KEY_COLUMNS, "id", SheetsConfig.COLUMNS, "name")))
                .containsOnlyKeys(SheetsConfig.COLUMNS, SheetsConfig.KEY_COLUMNS);
        assertThat(ruleProblems(props(SheetsConfig.MODE, "upsert", SheetsConfig.KEY_COLUMNS, "id", SheetsConfig.COLUMNS, "id,name")))
                .isEmpty();
    }

    @Test
    void deletingTombstonesNeedsUpsert() {
        assertThat(ruleProblems(props(SinkConfig.NULL_VALUES, "delete"))).containsOnlyKeys(SinkConfig.NULL_VALUES, SheetsConfig.MODE);
        assertThat(ruleProblems(props(SinkConfig.NULL_VALUES, "delete", SheetsConfig.MODE, "upsert", SheetsConfig.KEY_COLUMNS, "id")))
                .isEmpty();
    }

    @Test
    void aKeyInlineAndInAFileIsAmbiguous() {
        assertThat(ruleProblems(props(SheetsConfig.CREDENTIALS_JSON, "{}", SheetsConfig.CREDENTIALS_FILE, "/k.json")))
                .containsOnlyKeys(SheetsConfig.CREDENTIALS_JSON, SheetsConfig.CREDENTIALS_FILE);
    }

    @Test
    void aRuleOnAKeyThatIsWrongOnItsOwnDoesNotRun() {
        assertThat(ConfigRules.problems(new SheetsSinkConnector().config(), SheetsConfig.RULES, props(SheetsConfig.MODE, "upsert"),
                Set.of(SheetsConfig.MODE))).isEmpty();
    }

    @Test
    void anUnknownTimeZoneIsRefusedOnItsKey() {
        assertThatThrownBy(() -> new SheetsConfig(props(SheetsConfig.TIMEZONE, "Mars/Olympus")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SheetsConfig.TIMEZONE).hasMessageContaining("IANA");
        assertThat(new SheetsConfig(props(SheetsConfig.TIMEZONE, "Europe/Paris")).zone()).hasToString("Europe/Paris");
        assertThat(SheetsConfig.CONFIG_DEF.configKeys().get(SheetsConfig.TIMEZONE).validator).hasToString(
                "an IANA time zone name, e.g. UTC or Europe/Paris");
    }

    @Test
    void batchesAreGatheredLargeEnoughForTheMeasuredRequestSizeToGovern() {
        // the writer cuts each request at 2 MB of JSON (SheetsRequestSizeTest): the counts must not stop it earlier
        SinkConfig config = new SinkConfig(new SheetsSinkConnector().config(), props());
        assertThat(config.batchMaxRecords()).isEqualTo(10_000);
        assertThat(config.batchMaxBytes()).isEqualTo(1_500_000);
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
