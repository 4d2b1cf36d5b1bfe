package dev.outflow.connect.core.internal.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.ScriptedSinkTask;
import dev.outflow.connect.core.api.config.SinkConfig;

class DestinationSinkConnectorTest {

    private static List<String> errors(Config config, String key) {
        return config.configValues().stream()
                .filter(v -> v.name().equals(key))
                .findFirst()
                .map(ConfigValue::errorMessages)
                .orElseThrow();
    }

    private static Map<String, String> valid() {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", ScriptedSinkConnector.class.getName());
        props.put("topics", "t");
        props.put(ScriptedDestination.SCRIPT_ID, "x");
        return props;
    }

    @Test
    void theConfigHoldsTheSharedKeysAndTheDestinationsKeys() {
        assertThat(new ScriptedSinkConnector().config().names())
                .contains(
                        SinkConfig.BATCH_MAX_RECORDS,
                        SinkConfig.NULL_VALUES,
                        ScriptedDestination.SCRIPT_ID,
                        ScriptedDestination.TOKEN);
    }

    @Test
    void aValidConfigHasNoErrors() {
        Config config = new ScriptedSinkConnector().validate(valid());
        assertThat(config.configValues())
                .allSatisfy(value ->
                        assertThat(value.errorMessages()).as(value.name()).isEmpty());
    }

    @Test
    void aMissingDestinationKeyIsReportedOnThatKey() {
        Map<String, String> props = valid();
        props.remove(ScriptedDestination.SCRIPT_ID);
        assertThat(errors(new ScriptedSinkConnector().validate(props), ScriptedDestination.SCRIPT_ID))
                .isNotEmpty();
    }

    @Test
    void crossFieldProblemsAreReportedOnEveryKeyInvolved() {
        Map<String, String> props = valid();
        props.put(SinkConfig.BATCH_MAX_RECORDS, "2000");
        props.put(SinkConfig.BUFFER_MAX_RECORDS, "1000");
        Config config = new ScriptedSinkConnector().validate(props);
        assertThat(errors(config, SinkConfig.BATCH_MAX_RECORDS))
                .singleElement()
                .asString()
                .contains("must be at least");
        assertThat(errors(config, SinkConfig.BUFFER_MAX_RECORDS))
                .singleElement()
                .asString()
                .contains("must be at least");
    }

    @Test
    void everyTaskGetsTheConnectorsConfig() {
        ScriptedSinkConnector connector = new ScriptedSinkConnector();
        connector.start(valid());
        List<Map<String, String>> configs = connector.taskConfigs(3);
        assertThat(configs).hasSize(3);
        for (int task = 0; task < 3; task++) {
            Map<String, String> expected = valid();
            expected.put(SinkConfig.TASK_COUNT, "3");
            expected.put(SinkConfig.TASK_INDEX, String.valueOf(task));
            assertThat(configs.get(task)).isEqualTo(expected);
        }
        assertThat(connector.taskClass()).isEqualTo(ScriptedSinkTask.class);
    }
}
