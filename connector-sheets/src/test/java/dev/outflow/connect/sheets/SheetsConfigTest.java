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

import dev.outflow.connect.core.api.config.ConfigRules;
import dev.outflow.connect.core.api.config.SinkConfig;

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
        assertThat(ruleProblems(props(SheetsConfig.MODE, "upsert")))
                .containsOnlyKeys(SheetsConfig.MODE, SheetsConfig.KEY_COLUMNS);
        assertThat(ruleProblems(props(SheetsConfig.MODE, "upsert", SheetsConfig.KEY_COLUMNS, "id")))
                .isEmpty();
    }

    @Test
    void aConfigurationWhoseOffsetsCannotFitATabIsRefusedOnTheTabWithWhatToChange() {
        assertThat(ruleProblems(props("name", "churn-to-sheets", "tasks.max", "8", "topics", "orders")))
                .isEmpty();
        assertThat(ruleProblems(props(
                        "name",
                        "churn-to-sheets",
                        "tasks.max",
                        "100",
                        "topics",
                        "orders",
                        SheetsConfig.TAB,
                        "${topic}")))
                .as("100 short entries and 1,000 partitions fit")
                .isEmpty();

        Map<String, List<String>> problems = ruleProblems(props(
                "name", "n".repeat(200), "tasks.max", "64", "topics", "orders,refunds", SheetsConfig.TAB, "ledger"));
        assertThat(problems).containsOnlyKeys(SheetsConfig.TAB);
        assertThat(problems.get(SheetsConfig.TAB))
                .singleElement()
                .asString()
                .contains("1000 partitions")
                .contains("set tasks.max to at most")
                .contains(SheetsConfig.TAB + "=${topic}");
    }

    @Test
    void chosenColumnsMustIncludeTheKeyColumns() {
        assertThat(ruleProblems(props(
                        SheetsConfig.MODE, "upsert", SheetsConfig.KEY_COLUMNS, "id", SheetsConfig.COLUMNS, "name")))
                .containsOnlyKeys(SheetsConfig.COLUMNS, SheetsConfig.KEY_COLUMNS);
        assertThat(ruleProblems(props(
                        SheetsConfig.MODE, "upsert", SheetsConfig.KEY_COLUMNS, "id", SheetsConfig.COLUMNS, "id,name")))
                .isEmpty();
    }

    @Test
    void deletingTombstonesNeedsUpsert() {
        assertThat(ruleProblems(props(SinkConfig.NULL_VALUES, "delete")))
                .containsOnlyKeys(SinkConfig.NULL_VALUES, SheetsConfig.MODE);
        assertThat(ruleProblems(props(
                        SinkConfig.NULL_VALUES, "delete", SheetsConfig.MODE, "upsert", SheetsConfig.KEY_COLUMNS, "id")))
                .isEmpty();
    }

    @Test
    void aKeyInlineAndInAFileIsAmbiguous() {
        assertThat(ruleProblems(props(SheetsConfig.CREDENTIALS_JSON, "{}", SheetsConfig.CREDENTIALS_FILE, "/k.json")))
                .containsOnlyKeys(SheetsConfig.CREDENTIALS_JSON, SheetsConfig.CREDENTIALS_FILE);
    }

    @Test
    void aRuleOnAKeyThatIsWrongOnItsOwnDoesNotRun() {
        assertThat(ConfigRules.problems(
                        new SheetsSinkConnector().config(),
                        SheetsConfig.RULES,
                        props(SheetsConfig.MODE, "upsert"),
                        Set.of(SheetsConfig.MODE)))
                .isEmpty();
    }

    @Test
    void anUnknownTimeZoneIsRefusedOnItsKey() {
        assertThatThrownBy(() -> new SheetsConfig(props(SheetsConfig.TIMEZONE, "Mars/Olympus")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SheetsConfig.TIMEZONE)
                .hasMessageContaining("IANA");
        assertThat(new SheetsConfig(props(SheetsConfig.TIMEZONE, "Europe/Paris")).zone())
                .hasToString("Europe/Paris");
        assertThat(SheetsConfig.CONFIG_DEF.configKeys().get(SheetsConfig.TIMEZONE).validator)
                .hasToString("an IANA time zone name, e.g. UTC or Europe/Paris");
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
        Config config = new SheetsSinkConnector()
                .validate(props(SheetsConfig.CREDENTIALS_JSON, "{not json", "connector.class", "x"));
        ConfigValue key = config.configValues().stream()
                .filter(v -> v.name().equals(SheetsConfig.CREDENTIALS_JSON))
                .findFirst()
                .orElseThrow();
        assertThat(key.value().toString()).doesNotContain("not json");
        assertThat(key.errorMessages()).singleElement().asString().startsWith("not a usable service-account key");
        List<String> otherErrors = config.configValues().stream()
                .filter(v -> !v.name().equals(SheetsConfig.CREDENTIALS_JSON))
                .flatMap(v -> v.errorMessages().stream())
                .toList();
        assertThat(otherErrors).isEmpty();
    }

    /** {@code validate()} as the REST API runs it, key by key; the key is refused locally, so nothing calls Google. */
    private static Map<String, ConfigValue> validated(String... pairs) {
        Map<String, String> props = props(pairs);
        props.putIfAbsent(SheetsConfig.CREDENTIALS_JSON, "{not json");
        Map<String, ConfigValue> byName = new HashMap<>();
        new SheetsSinkConnector().validate(props).configValues().forEach(value -> byName.put(value.name(), value));
        return byName;
    }

    @Test
    void keyColumnsAreShownOnlyInUpsertMode() {
        assertThat(validated().get(SheetsConfig.KEY_COLUMNS).visible())
                .as("append, the default")
                .isFalse();
        assertThat(validated(SheetsConfig.MODE, "append")
                        .get(SheetsConfig.KEY_COLUMNS)
                        .visible())
                .isFalse();
        ConfigValue upsert = validated(SheetsConfig.MODE, "upsert", SheetsConfig.KEY_COLUMNS, "id")
                .get(SheetsConfig.KEY_COLUMNS);
        assertThat(upsert.visible()).isTrue();
        assertThat(upsert.errorMessages()).isEmpty();
        assertThat(SheetsConfig.CONFIG_DEF.configKeys().get(SheetsConfig.MODE).dependents)
                .contains(SheetsConfig.KEY_COLUMNS);
    }

    @Test
    void newFieldsAreShownOnlyWithoutChosenColumnsAndTheFileOnlyWithoutAnInlineKey() {
        assertThat(validated().get(SheetsConfig.NEW_FIELDS).visible()).isTrue();
        assertThat(validated(SheetsConfig.COLUMNS, "id,name")
                        .get(SheetsConfig.NEW_FIELDS)
                        .visible())
                .isFalse();
        assertThat(validated().get(SheetsConfig.CREDENTIALS_FILE).visible()).isFalse();
        // the definition's own answer (no access check): without an inline key the file is offered
        assertThat(new SheetsSinkConnector()
                        .config().validate(props()).stream()
                                .filter(value -> value.name().equals(SheetsConfig.CREDENTIALS_FILE))
                                .findFirst()
                                .orElseThrow()
                                .visible())
                .isTrue();
    }

    @Test
    void enumKeysRecommendTheirValues() {
        Map<String, ConfigValue> byName = validated();
        assertThat(byName.get(SheetsConfig.MODE).recommendedValues()).containsExactly("append", "upsert");
        assertThat(byName.get(SheetsConfig.NEW_FIELDS).recommendedValues()).containsExactly("add", "ignore", "fail");
        assertThat(byName.get(SheetsConfig.CELL_OVERFLOW).recommendedValues()).containsExactly("truncate", "reject");
        assertThat(byName.get(SinkConfig.NULL_VALUES).recommendedValues()).containsExactly("ignore", "delete", "fail");
    }

    @Test
    void aHiddenKeyIsStillCheckedAndShownWithItsProblem() {
        // append mode hides the key columns, but the rule that the chosen columns include them still runs
        ConfigValue keyColumns = validated(SheetsConfig.COLUMNS, "name", SheetsConfig.KEY_COLUMNS, "id")
                .get(SheetsConfig.KEY_COLUMNS);
        assertThat(keyColumns.errorMessages()).singleElement().asString().contains("every key column must be written");
        assertThat(keyColumns.visible()).isTrue();
    }

    @Test
    void eachKeyFollowsAtMostOneControllingKey() {
        // Kafka parses a dependent once per key that lists it: a key listed twice would report its errors twice
        List<String> dependents = new SheetsSinkConnector()
                .config().configKeys().values().stream()
                        .flatMap(key -> key.dependents.stream())
                        .toList();
        assertThat(dependents).doesNotHaveDuplicates();
        assertThat(new SheetsSinkConnector().config().configKeys()).containsKeys(dependents.toArray(String[]::new));
    }
}
