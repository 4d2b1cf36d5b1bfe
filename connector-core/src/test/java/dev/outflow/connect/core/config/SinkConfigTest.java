package dev.outflow.connect.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.row.MetadataField;

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
        SinkConfig config = SinkConfig.parse(Map.of(SinkConfig.METADATA_FIELDS, "topic, key,headers", SinkConfig.NULL_VALUES, "DELETE"));
        assertThat(config.metadataFields()).isEqualTo(EnumSet.of(MetadataField.TOPIC, MetadataField.KEY, MetadataField.HEADERS));
        assertThat(config.nullValues()).isEqualTo(SinkConfig.NullValues.DELETE);
    }

    @Test
    void refusesAnUnknownMetadataFieldNamingTheKey() {
        assertThatThrownBy(() -> SinkConfig.parse(Map.of(SinkConfig.METADATA_FIELDS, "topic,colour")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.METADATA_FIELDS);
    }

    @Test
    void aBufferSmallerThanABatchIsACrossFieldProblemOnBothKeys() {
        SinkConfig config = new SinkConfig(Map.of(SinkConfig.BATCH_MAX_RECORDS, "1000", SinkConfig.BUFFER_MAX_RECORDS, "500"));
        Map<String, String> problems = SinkConfig.crossFieldProblems(config);
        assertThat(problems).containsOnlyKeys(SinkConfig.BATCH_MAX_RECORDS, SinkConfig.BUFFER_MAX_RECORDS);
        assertThat(problems.get(SinkConfig.BUFFER_MAX_RECORDS)).contains("must be at least batch.max.records (1000)");
        assertThatThrownBy(() -> SinkConfig.parse(Map.of(SinkConfig.BATCH_MAX_RECORDS, "1000", SinkConfig.BUFFER_MAX_RECORDS, "500")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void aMaximumBackoffBelowTheInitialOneIsRefused() {
        SinkConfig config = new SinkConfig(Map.of(SinkConfig.RETRY_BACKOFF_INITIAL_MS, "5000", SinkConfig.RETRY_BACKOFF_MAX_MS, "100"));
        assertThat(SinkConfig.crossFieldProblems(config)).containsOnlyKeys(SinkConfig.RETRY_BACKOFF_INITIAL_MS, SinkConfig.RETRY_BACKOFF_MAX_MS);
    }

    @Test
    void theReferenceListsEveryKeyUnderItsGroup() {
        String markdown = ConfigReference.markdown("Shared", SinkConfig.configDef());
        assertThat(markdown).contains("## Rows", "## Batching", "## Retries");
        for (String key : SinkConfig.configDef().names()) {
            assertThat(markdown).contains("| `" + key + "` |");
        }
        assertThat(markdown.indexOf("`batch.max.records`")).isLessThan(markdown.indexOf("`batch.linger.ms`"));
    }
}
