package dev.outflow.connect.core.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.MetadataField;

class SinkConfigTest {

    @Test
    void defaultsAreSafeForAProductionWorker() {
        SinkConfig config = SinkConfig.parse(Map.of());
        assertThat(config.batchMaxRecords()).isEqualTo(500);
        assertThat(config.bufferMaxRecords()).isEqualTo(10_000);
        assertThat(config.nullValues()).isEqualTo(SinkConfig.NullValues.IGNORE);
        assertThat(config.stringJsonEnabled()).isFalse();
        assertThat(config.metadataFields()).isEmpty();
    }

    @Test
    void parsesMetadataFieldsAndNullBehaviourCaseInsensitively() {
        SinkConfig config = SinkConfig.parse(
                Map.of(SinkConfig.METADATA_FIELDS, "topic, key,headers", SinkConfig.NULL_VALUES, "DELETE"));
        assertThat(config.metadataFields())
                .isEqualTo(EnumSet.of(MetadataField.TOPIC, MetadataField.KEY, MetadataField.HEADERS));
        assertThat(config.nullValues()).isEqualTo(SinkConfig.NullValues.DELETE);
    }

    @Test
    void refusesAnUnknownMetadataFieldNamingTheKey() {
        assertThatThrownBy(() -> SinkConfig.parse(Map.of(SinkConfig.METADATA_FIELDS, "topic,colour")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.METADATA_FIELDS);
    }

    private static Map<String, List<String>> rules(Map<String, String> props) {
        return ConfigRules.problems(SinkConfig.configDef(), SinkConfig.RULES, props, Set.of());
    }

    @Test
    void bothRulesAreFoundInOnePassAndARuleOverAnInvalidKeyIsSkipped() {
        Map<String, String> props = Map.of(
                SinkConfig.BATCH_MAX_RECORDS,
                "1000",
                SinkConfig.BUFFER_MAX_RECORDS,
                "500",
                SinkConfig.RETRY_BACKOFF_INITIAL_MS,
                "5000",
                SinkConfig.RETRY_BACKOFF_MAX_MS,
                "100");
        assertThat(rules(props))
                .containsOnlyKeys(
                        SinkConfig.BATCH_MAX_RECORDS,
                        SinkConfig.BUFFER_MAX_RECORDS,
                        SinkConfig.RETRY_BACKOFF_INITIAL_MS,
                        SinkConfig.RETRY_BACKOFF_MAX_MS);
        assertThat(ConfigRules.problems(
                        SinkConfig.configDef(), SinkConfig.RULES, props, Set.of(SinkConfig.BATCH_MAX_RECORDS)))
                .containsOnlyKeys(SinkConfig.RETRY_BACKOFF_INITIAL_MS, SinkConfig.RETRY_BACKOFF_MAX_MS);
    }

    @Test
    void aBufferSmallerThanABatchIsACrossFieldProblemOnBothKeys() {
        Map<String, List<String>> problems =
                rules(Map.of(SinkConfig.BATCH_MAX_RECORDS, "1000", SinkConfig.BUFFER_MAX_RECORDS, "500"));
        assertThat(problems).containsOnlyKeys(SinkConfig.BATCH_MAX_RECORDS, SinkConfig.BUFFER_MAX_RECORDS);
        assertThat(problems.get(SinkConfig.BUFFER_MAX_RECORDS))
                .singleElement()
                .asString()
                .contains("must be at least batch.max.records (1000)");
        assertThatThrownBy(() -> SinkConfig.parse(
                        Map.of(SinkConfig.BATCH_MAX_RECORDS, "1000", SinkConfig.BUFFER_MAX_RECORDS, "500")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void aMaximumBackoffBelowTheInitialOneIsRefused() {
        assertThat(rules(Map.of(SinkConfig.RETRY_BACKOFF_INITIAL_MS, "5000", SinkConfig.RETRY_BACKOFF_MAX_MS, "100")))
                .containsOnlyKeys(SinkConfig.RETRY_BACKOFF_INITIAL_MS, SinkConfig.RETRY_BACKOFF_MAX_MS);
    }

    @Test
    void theReferenceListsEveryKeyUnderItsGroup() {
        String markdown = ConfigReference.markdown("Shared", SinkConfig.configDef());
        assertThat(markdown).contains("## Rows", "## Batching", "## Retries", "## Receipts");
        for (String key : SinkConfig.configDef().names()) {
            assertThat(markdown).contains("| `" + key + "` |");
        }
        assertThat(markdown.indexOf("`batch.max.records`")).isLessThan(markdown.indexOf("`batch.linger.ms`"));
    }

    @Test
    void theConnectorsNameIsReadFromTheConfigConnectGaveOrTheDestinationsDefault() {
        assertThat(SinkConfig.connectorName(Map.of("name", "crm-leads"), "outflow-sheets"))
                .isEqualTo("crm-leads");
        assertThat(SinkConfig.connectorName(Map.of(), "outflow-sheets")).isEqualTo("outflow-sheets");
        assertThat(new SinkConfig(Map.of("name", "crm-leads")).connectorName()).isEqualTo("crm-leads");
    }

    @Test
    void receiptsAreOffByDefaultAndATopicWithoutItsClusterIsAProblemOnBothKeys() {
        assertThat(SinkConfig.parse(Map.of()).receiptsEnabled()).isFalse();
        assertThat(SinkConfig.parse(Map.of()).receiptsBufferMaxRecords()).isEqualTo(10_000);
        assertThat(rules(Map.of(SinkConfig.RECEIPTS_TOPIC, "receipts")))
                .containsOnlyKeys(SinkConfig.RECEIPTS_TOPIC, SinkConfig.RECEIPTS_BOOTSTRAP_SERVERS);
        SinkConfig config = SinkConfig.parse(
                Map.of(SinkConfig.RECEIPTS_TOPIC, "receipts", SinkConfig.RECEIPTS_BOOTSTRAP_SERVERS, "kafka:9092"));
        assertThat(config.receiptsEnabled()).isTrue();
        assertThat(config.receiptsTopic()).isEqualTo("receipts");
    }

    @Test
    void receiptsClientSettingsPassThroughButNotThoseTheTaskSetsAndNoValueIsQuoted() {
        SinkConfig config = SinkConfig.parse(Map.of(
                "receipts.kafka.security.protocol", "SASL_SSL", "receipts.kafka.sasl.jaas.config", "secret-jaas"));
        assertThat(config.receiptsClientProps())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "secret-jaas");

        Map<String, List<String>> problems = rules(
                Map.of("receipts.kafka.bootstrap.servers", "elsewhere:9092", "receipts.kafka.value.serializer", "x.Y"));
        assertThat(problems).containsOnlyKeys(SinkConfig.RECEIPTS_TOPIC, SinkConfig.RECEIPTS_BOOTSTRAP_SERVERS);
        assertThat(problems.get(SinkConfig.RECEIPTS_TOPIC))
                .singleElement()
                .asString()
                .contains("receipts.kafka.bootstrap.servers, receipts.kafka.value.serializer cannot be set")
                .doesNotContain("elsewhere");
    }
}
