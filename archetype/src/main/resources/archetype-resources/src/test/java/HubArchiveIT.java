package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The Confluent Hub archive that {@code mvn package} built (failsafe runs after it): the worker loads
 * the connector from its lib/ alone, so lib/ must hold the plugin and everything it needs at run time,
 * and nothing of Kafka, which the worker provides (a second copy breaks plugin isolation).
 */
class HubArchiveIT {

    private static Path archive() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> zips = files.filter(file -> file.getFileName().toString().endsWith(".zip")).toList();
            assertThat(zips).as("the archive in target/").hasSize(1);
            return zips.get(0);
        }
    }

    @Test
    void libHoldsThePluginTheFrameworkAndItsDependenciesButNoKafka() throws IOException {
        try (ZipFile zip = new ZipFile(archive().toFile())) {
            List<String> lib = zip.stream().map(ZipEntry::getName).filter(name -> name.matches("[^/]+/lib/[^/]+\\.jar"))
                    .map(name -> name.substring(name.lastIndexOf('/') + 1)).toList();
            List<String> top = zip.stream().map(ZipEntry::getName).filter(name -> name.matches("[^/]+/[^/]+")).toList();

            assertThat(lib).anyMatch(jar -> jar.startsWith("${artifactId}-"))
                    .anyMatch(jar -> jar.startsWith("connector-core-"))
                    .anyMatch(jar -> jar.startsWith("jackson-databind-"))
                    .noneMatch(jar -> jar.startsWith("kafka") || jar.startsWith("connect-") || jar.startsWith("slf4j-"));
            assertThat(top).anyMatch(name -> name.endsWith("/manifest.json"));
        }
    }
}
