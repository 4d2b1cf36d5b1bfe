package dev.outflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every connector JSON of config-examples/ is one a worker accepts as written: it names an Outflow
 * connector, only keys that connector or the worker knows (Connect ignores unknown keys, so a typo
 * would pass silently), secrets only through the worker's config providers, and it passes the
 * worker's sink checks and the connector's own {@code validate()}, cross-field rules and access
 * check included, against the apps set up as the READMEs say. The plugin-isolation IT in
 * connector-dist then runs each one on a worker.
 */
class ConnectorExamplesTest {

    /** Keys the worker passes on to converters, transforms, predicates and the task's consumer. */
    private static final List<String> WORKER_PREFIXES = List.of(
            "key.converter.",
            "value.converter.",
            "header.converter.",
            "transforms.",
            "predicates.",
            "consumer.override.");

    /** A config-provider reference, ${provider:path:key}, as Kafka's ConfigTransformer reads it. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}:]*?):(?:([^}]*?):)?([^}]*?)}");

    static List<ConnectorExample> examples() {
        return ConfigExamples.connectors();
    }

    @Test
    void coverEveryConnectorAndNameTheirFilesAfterThem() {
        assertThat(examples())
                .extracting(ConnectorExample::connectorClass)
                .contains(
                        ConnectorExample.SHEETS_CLASS,
                        ConnectorExample.SLACK_CLASS,
                        ConnectorExample.HUBSPOT_CLASS,
                        ConnectorExample.HTTP_CLASS);
        // each archive ships the examples whose file names start with its connector's name
        for (ConnectorExample example : examples()) {
            assertThat(example.filePrefix())
                    .as("%s names an Outflow connector", example.file())
                    .isNotNull();
            assertThat(example.file()).startsWith(example.filePrefix());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void namesOnlyKeysTheConnectorOrTheWorkerKnows(ConnectorExample example) throws Exception {
        Set<String> known = new HashSet<>(connector(example).config().names());
        known.addAll(SinkConnectorConfig.configDef().names());

        assertThat(example.config().keySet())
                .as(example.file())
                .allSatisfy(key -> assertThat(
                                known.contains(key) || WORKER_PREFIXES.stream().anyMatch(key::startsWith))
                        .as("%s is a key of %s or of the worker", key, example.connectorClass())
                        .isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void givesSecretsOnlyThroughTheWorkersConfigProviders(ConnectorExample example) throws Exception {
        ConfigDef definition = connector(example).config();
        List<WorkerExample> workers = ConfigExamples.workers();

        example.config().forEach((key, value) -> {
            ConfigDef.ConfigKey definitionKey = definition.configKeys().get(key);
            if (definitionKey != null && definitionKey.type == ConfigDef.Type.PASSWORD) {
                assertThat(value)
                        .as("%s in %s", key, example.file())
                        .matches("\\$\\{(file|dir):" + Pattern.quote(ConfigExamples.SECRETS_DIR) + "[/:][^}]+}");
            }
            Matcher reference = REFERENCE.matcher(value);
            while (reference.find()) {
                String provider = reference.group(1);
                assertThat(workers)
                        .as("the provider of %s in %s is declared by every worker example", key, example.file())
                        .allSatisfy(worker -> assertThat(worker.providerNames()).contains(provider));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void passesTheWorkersChecksAndTheConnectorsValidation(ConnectorExample example, @TempDir Path secrets)
            throws Exception {
        try (ExampleApps apps = new ExampleApps(List.of(example))) {
            apps.writeSecrets(secrets);
            Map<String, String> config = resolve(apps.configFor(example, secrets), secrets);
            assertThat(config.values())
                    .as("every reference resolved")
                    .noneMatch(value -> REFERENCE.matcher(value).find());

            SinkConnectorConfig.validate(config);
            assertThat(errors(SinkConnectorConfig.configDef().validate(config)))
                    .as("worker checks of %s", example.file())
                    .isEmpty();
            assertThat(errors(connector(example).validate(config).configValues()))
                    .as("validate() of %s", example.file())
                    .isEmpty();
        }
    }

    private static SinkConnector connector(ConnectorExample example) throws ReflectiveOperationException {
        return (SinkConnector)
                Class.forName(example.connectorClass()).getDeclaredConstructor().newInstance();
    }

    /** Resolves the references with the providers of the distributed worker example, as the worker does. */
    private static Map<String, String> resolve(Map<String, String> config, Path secrets) throws Exception {
        WorkerExample worker = ConfigExamples.worker(ConfigExamples.DISTRIBUTED_WORKER);
        Map<String, String> settings = worker.configProviders(secrets);
        Map<String, ConfigProvider> providers = new HashMap<>();
        try {
            for (String name : worker.providerNames()) {
                String prefix = "config.providers." + name + ".";
                ConfigProvider provider = (ConfigProvider) Class.forName(settings.get(prefix + "class"))
                        .getDeclaredConstructor()
                        .newInstance();
                provider.configure(Utils.entriesWithPrefix(settings, prefix + "param."));
                providers.put(name, provider);
            }
            return new HashMap<>(
                    new ConfigTransformer(providers).transform(config).data());
        } finally {
            for (ConfigProvider provider : providers.values()) {
                provider.close();
            }
        }
    }

    private static Map<String, List<String>> errors(List<ConfigValue> values) {
        return values.stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }
}
