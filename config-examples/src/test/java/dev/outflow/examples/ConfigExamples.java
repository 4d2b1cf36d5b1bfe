package dev.outflow.examples;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The files of config-examples/ as the tests read them: connector JSON (what {@code POST /connectors}
 * and a standalone worker take) and worker properties. The folder comes from the system property
 * {@value #DIR_PROPERTY}, set by the build of each module that tests them.
 */
public final class ConfigExamples {

    public static final String DIR_PROPERTY = "outflow.examples.dir";

    /** Where every example reads its secrets, through the worker's config providers. */
    public static final String SECRETS_DIR = "/etc/outflow/secrets";

    /** The worker example whose providers the tests use: the production set-up. */
    public static final String DISTRIBUTED_WORKER = "connect-distributed.properties";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigExamples() {}

    public static Path dir() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null) {
            throw new IllegalStateException("set -D" + DIR_PROPERTY + " to the config-examples folder");
        }
        return Path.of(dir);
    }

    public static List<ConnectorExample> connectors() {
        return files(".json").stream().map(ConfigExamples::connector).toList();
    }

    public static List<WorkerExample> workers() {
        return files(".properties").stream().map(ConfigExamples::worker).toList();
    }

    public static WorkerExample worker(String fileName) {
        return worker(dir().resolve(fileName));
    }

    private static List<Path> files(String suffix) {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ConnectorExample connector(Path file) {
        try {
            CreateRequest request = JSON.readValue(file.toFile(), new TypeReference<>() {});
            return new ConnectorExample(file.getFileName().toString(), request.name(), new TreeMap<>(request.config()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static WorkerExample worker(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> props = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> props.put(key, properties.getProperty(key)));
        return new WorkerExample(file.getFileName().toString(), props);
    }

    /** The body of {@code POST /connectors}; unknown fields fail the read, as the REST API would refuse them. */
    private record CreateRequest(String name, Map<String, String> config) {}
}
