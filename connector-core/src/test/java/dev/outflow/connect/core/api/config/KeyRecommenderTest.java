package dev.outflow.connect.core.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class KeyRecommenderTest {

    /** A mode key that shows a size key only in its "batch" mode, as a destination declares it. */
    private static final ConfigDef DEF = new ConfigDef()
            .define(
                    "mode",
                    Type.STRING,
                    "single",
                    ConfigDef.CaseInsensitiveValidString.in("single", "batch"),
                    Importance.HIGH,
                    "The mode.",
                    "Group",
                    1,
                    Width.SHORT,
                    "Mode",
                    List.of("size"),
                    KeyRecommender.values("single", "batch"))
            .define(
                    "size",
                    Type.INT,
                    10,
                    Range.between(1, 100),
                    Importance.LOW,
                    "The size.",
                    "Group",
                    2,
                    Width.SHORT,
                    "Size",
                    List.of(),
                    KeyRecommender.shownWhen(When.is("mode", "batch")));

    private static Map<String, ConfigValue> validate(String... pairs) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        Map<String, ConfigValue> byName = new HashMap<>();
        DEF.validate(props).forEach(value -> byName.put(value.name(), value));
        return byName;
    }

    @Test
    void aKeyIsShownOnlyWhenTheKeyItDependsOnSaysItApplies() {
        assertThat(validate().get("size").visible()).isFalse();
        assertThat(validate("mode", "batch").get("size").visible()).isTrue();
        assertThat(validate("mode", "BATCH").get("size").visible())
                .as("enum keys take any case")
                .isTrue();
        assertThat(validate("mode", "batch").get("mode").recommendedValues()).containsExactly("single", "batch");
    }

    @Test
    void aHiddenKeyIsStillValidated() {
        ConfigValue size = validate("size", "1000").get("size");
        assertThat(size.visible()).isFalse();
        assertThat(size.errorMessages()).singleElement().asString().contains("size");
    }

    @Test
    void whenAControllingValueCannotBeReadTheKeyIsShown() {
        assertThat(When.is("mode", "batch").test(new HashMap<>())).isTrue();
        assertThat(When.isTrue("enabled").test(new HashMap<>())).isTrue();
        assertThat(When.isTrue("enabled").test(Map.of("enabled", false))).isFalse();
        assertThat(When.isNotSet("list").test(Map.of("list", List.of()))).isTrue();
        assertThat(When.isSet("list").test(Map.of("list", List.of("a")))).isTrue();
    }

    @Test
    void theConditionReadsWellInTheReference() {
        When when = When.isTrue("a.enabled").or(When.isSet("b")).and(When.isNotSet("c"));
        assertThat(when).hasToString("`a.enabled` is true or `b` is set, and `c` is not set");
        assertThat(ConfigReference.markdown("T", DEF)).contains("The size. *Shown when `mode` is `batch`.*");
    }

    @Test
    void recommendedValuesAreANewMutableListEachTime() {
        List<Object> values = KeyRecommender.values("a", "b").validValues("k", Map.of());
        values.remove("a");
        assertThat(KeyRecommender.values("a", "b").validValues("k", Map.of())).containsExactly("a", "b");
    }
}
