package dev.outflow.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every worker .properties of config-examples/ parses as the config of its mode, names only keys a
 * worker knows, finds plugins through their service-loader manifests, and resolves secrets only
 * from the secrets folder.
 */
class WorkerExamplesTest {

    /** Settings a worker hands on: to converters, its clients, its REST server, its config providers. */
    private static final List<String> PASSED_ON = List.of(
            "key.converter.",
            "value.converter.",
            "header.converter.",
            "config.providers.",
            "producer.",
            "consumer.",
            "admin.",
            "listeners.");

    static List<WorkerExample> workers() {
        return ConfigExamples.workers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workers")
    void parsesAsTheConfigOfItsModeWithKnownKeysOnly(WorkerExample worker, @TempDir Path secrets) {
        // the worker refuses to start when a provider's allowed path does not exist
        Map<String, String> props = worker.withSecretsIn(secrets);
        assertThatCode(() -> parse(worker, props)).as(worker.file()).doesNotThrowAnyException();
        Set<String> known = parse(worker, props).values().keySet();
        assertThat(worker.props().keySet())
                .as(worker.file())
                .allSatisfy(key -> assertThat(
                                known.contains(key) || PASSED_ON.stream().anyMatch(key::startsWith))
                        .as("%s is a worker key", key)
                        .isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workers")
    void loadsPluginsThroughServiceLoaderManifests(WorkerExample worker) {
        assertThat(worker.props())
                .containsEntry("plugin.discovery", "service_load")
                .containsKey("plugin.path");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workers")
    void resolvesSecretsFromTheSecretsFolderOnly(WorkerExample worker) {
        assertThat(worker.props())
                .containsEntry("config.providers", "file,dir")
                .containsEntry(
                        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider")
                .containsEntry("config.providers.file.param.allowed.paths", ConfigExamples.SECRETS_DIR)
                .containsEntry(
                        "config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider")
                .containsEntry("config.providers.dir.param.allowed.paths", ConfigExamples.SECRETS_DIR);
    }

    private static AbstractConfig parse(WorkerExample worker, Map<String, String> props) {
        return worker.isDistributed() ? new DistributedConfig(props) : new StandaloneConfig(props);
    }
}
