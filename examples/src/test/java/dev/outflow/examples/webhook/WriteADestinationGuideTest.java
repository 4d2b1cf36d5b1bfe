package dev.outflow.examples.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    @Test
    void theDestinationIsUnderSixtyLinesAsTheGuideSays() throws IOException {
        long lines = read(SOURCES.resolve("WebhookDestination.java")).lines().count();
        String guide = read(MODULE.resolveSibling("docs").resolve("write-a-destination.md"));

        assertThat(lines).isLessThan(60);
        assertThat(guide).contains("## The destination (" + lines + " lines)");
    }
}
