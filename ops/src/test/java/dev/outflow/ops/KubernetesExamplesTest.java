package dev.outflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.outflow.examples.ConfigExamples;
import dev.outflow.examples.ConnectorExample;
import dev.outflow.examples.ExampleApps;

/**
 * The Strimzi examples of ops/kubernetes as a user applies them: they parse, the KafkaConnect
 * cluster builds both archives, mounts the Secret where the connectors' config providers read it
 * and exports metrics with the rules file; each KafkaConnector belongs to that cluster and, with
 * its secrets resolved as the worker would, passes the worker's sink checks and the connector's
 * own {@code validate()} against the apps.
 */
class KubernetesExamplesTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}:]*?):(?:([^}]*?):)?([^}]*?)}");

    /** A resource and the file it came from. */
    record Resource(String file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        @Override
        public String toString() {
            return file + " " + kind() + " "
                    + node.path("metadata").path("name").asText();
        }
    }

    static List<Resource> resources() throws IOException {
        List<Resource> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(OpsFiles.kubernetes())) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = new YAMLFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class)
                            .readAll()
                            .forEach(node -> resources.add(
                                    new Resource(file.getFileName().toString(), node)));
                }
            }
        }
        return resources;
    }

    static List<Resource> connectors() throws IOException {
        return resources().stream()
                .filter(r -> r.kind().equals("KafkaConnector"))
                .toList();
    }

    private static Resource only(String kind) throws IOException {
        List<Resource> found =
                resources().stream().filter(r -> r.kind().equals(kind)).toList();
        assertThat(found).as("one %s", kind).hasSize(1);
        return found.get(0);
    }

    @Test
    void everyDocumentIsAKubernetesResourceAndBothConnectorsHaveAnExample() throws IOException {
        assertThat(resources()).allSatisfy(resource -> {
            assertThat(resource.node().path("apiVersion").asText())
                    .as(resource.file())
                    .isNotEmpty();
            assertThat(resource.node().path("metadata").path("name").asText())
                    .as(resource.file())
                    .isNotEmpty();
        });
        assertThat(connectors())
                .extracting(r -> r.node().path("spec").path("class").asText())
                .contains(ConnectorExample.SHEETS_CLASS, ConnectorExample.SLACK_CLASS);
    }

    @Test
    void theConnectClusterBuildsBothArchivesMountsTheSecretAndExportsMetrics() throws IOException {
        JsonNode spec = only("KafkaConnect").node().path("spec");
        List<String> archives = new ArrayList<>();
        spec.path("build")
                .path("plugins")
                .forEach(plugin -> plugin.path("artifacts").forEach(artifact -> {
                    assertThat(artifact.path("type").asText()).isEqualTo("zip");
                    archives.add(artifact.path("url").asText().replaceAll(".*/", ""));
                }));
        assertThat(archives)
                .hasSize(2)
                .anyMatch(name -> name.matches("outflow-kafka-connect-sheets-[^/]+\\.zip"))
                .anyMatch(name -> name.matches("outflow-kafka-connect-slack-[^/]+\\.zip"));

        JsonNode mount = spec.path("template")
                .path("connectContainer")
                .path("volumeMounts")
                .get(0);
        assertThat(mount.path("mountPath").asText()).isEqualTo(ConfigExamples.SECRETS_DIR);
        JsonNode volume = spec.path("template").path("pod").path("volumes").get(0);
        assertThat(volume.path("name").asText()).isEqualTo(mount.path("name").asText());
        assertThat(volume.path("secret").path("secretName").asText())
                .isEqualTo(only("Secret").node().path("metadata").path("name").asText());

        assertThat(spec.path("metricsConfig")
                        .path("valueFrom")
                        .path("configMapKeyRef")
                        .path("key")
                        .asText())
                .isEqualTo(OpsFiles.exporterRules().getFileName().toString());
    }

    @Test
    void theSecretHoldsEveryFileTheConnectorsRead() throws IOException {
        JsonNode secretFiles = only("Secret").node().path("stringData");
        for (Resource connector : connectors()) {
            connector.node().path("spec").path("config").forEach(value -> {
                Matcher reference = REFERENCE.matcher(value.asText());
                while (reference.find()) {
                    String path = reference.group(2);
                    String file = reference.group(1).equals("dir") ? reference.group(3) : path.replaceAll(".*/", "");
                    assertThat(secretFiles.has(file))
                            .as("%s names %s", connector, file)
                            .isTrue();
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void eachConnectorBelongsToTheClusterAndPassesValidation(Resource resource, @TempDir Path secrets)
            throws Exception {
        JsonNode connect = only("KafkaConnect").node();
        assertThat(resource.node()
                        .path("metadata")
                        .path("labels")
                        .path("strimzi.io/cluster")
                        .asText())
                .isEqualTo(connect.path("metadata").path("name").asText());

        ConnectorExample example = asExample(resource);
        try (ExampleApps apps = new ExampleApps(List.of(example))) {
            apps.writeSecrets(secrets);
            Map<String, String> config = resolve(
                    apps.configFor(example, secrets), connect.path("spec").path("config"), secrets);

            SinkConnectorConfig.validate(config);
            assertThat(errors(SinkConnectorConfig.configDef().validate(config)))
                    .as("worker checks of %s", resource)
                    .isEmpty();
            SinkConnector connector = (SinkConnector) Class.forName(example.connectorClass())
                    .getDeclaredConstructor()
                    .newInstance();
            assertThat(errors(connector.validate(config).configValues()))
                    .as("validate() of %s", resource)
                    .isEmpty();
        }
    }

    /** The connector as the Strimzi operator hands it to the worker: its config, class, task count and name. */
    private static ConnectorExample asExample(Resource resource) {
        JsonNode spec = resource.node().path("spec");
        Map<String, String> config = new HashMap<>();
        spec.path("config")
                .fields()
                .forEachRemaining(
                        field -> config.put(field.getKey(), field.getValue().asText()));
        config.put("connector.class", spec.path("class").asText());
        config.put("tasks.max", spec.path("tasksMax").asText());
        return new ConnectorExample(
                resource.file(), resource.node().path("metadata").path("name").asText(), config);
    }

    /** Resolves the secret references with the providers the KafkaConnect declares, their allowed paths moved to the test's folder. */
    private static Map<String, String> resolve(Map<String, String> config, JsonNode workerConfig, Path secrets) {
        Map<String, ConfigProvider> providers = new HashMap<>();
        for (String name : workerConfig.path("config.providers").asText().split(",")) {
            String type =
                    workerConfig.path("config.providers." + name + ".class").asText();
            ConfigProvider provider = type.equals(DirectoryConfigProvider.class.getName())
                    ? new DirectoryConfigProvider()
                    : type.equals(FileConfigProvider.class.getName()) ? new FileConfigProvider() : null;
            assertThat(provider).as("provider %s is one of Kafka's", name).isNotNull();
            provider.configure(Map.of("allowed.paths", secrets.toString()));
            providers.put(name.trim(), provider);
        }
        Map<String, String> resolved =
                new HashMap<>(new ConfigTransformer(providers).transform(config).data());
        assertThat(resolved.values())
                .as("every reference resolved")
                .noneMatch(value -> REFERENCE.matcher(value).find());
        return resolved;
    }

    private static Map<String, List<String>> errors(List<ConfigValue> values) {
        return values.stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }
}
