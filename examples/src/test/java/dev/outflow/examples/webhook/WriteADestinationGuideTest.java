package dev.outflow.examples.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** docs/write-a-destination.md shows this module's code verbatim, so the guide cannot drift from what the build tests. */
class WriteADestinationGuideTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path SOURCES = MODULE.resolve("src/main/java/dev/outflow/examples/webhook");

    private static String read(Path path) throws IOException {
        return Files.readString(path);
    }

    @Test
    void theGuideHoldsEverySourceFileOfTheExampleVerbatim() throws IOException {
        String guide = read(MODULE.resolveSibling("docs").resolve("write-a-destination.md"));

        for (String file : new String[] {"WebhookDestination.java", "WebhookSinkConnector.java", "WebhookSinkTask.java"}) {
            assertThat(guide).as(file).contains("```java\n" + read(SOURCES.resolve(file)) + "```");
        }
        assertThat(guide).contains("```\n" + read(MODULE.resolve("src/main/resources/META-INF/services/org.apache.kafka.connect.sink.SinkConnector")) + "```");
    }

    /** The measure of how easy the framework is to meet: the framework types the example names, not its lines. */
    @Test
    void theGuideNamesEveryFrameworkTypeTheExampleMeets() throws IOException {
        Set<String> types = new TreeSet<>();
        for (String file : new String[] {"WebhookDestination.java", "WebhookSinkConnector.java", "WebhookSinkTask.java"}) {
            read(SOURCES.resolve(file)).lines().filter(line -> line.startsWith("import dev.outflow.")).forEach(line -> {
                assertThat(line).as("a wildcard import would hide what the example meets").doesNotEndWith("*;");
                types.add(line.substring(line.lastIndexOf('.') + 1, line.length() - 1));
            });
        }
        String guide = read(MODULE.resolveSibling("docs").resolve("write-a-destination.md"));

        assertThat(guide).contains("It meets " + types.size() + " framework types");
        types.forEach(type -> assertThat(guide).contains("`" + type + "`"));
    }
}
