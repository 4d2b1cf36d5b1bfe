package dev.outflow.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * docs/write-a-destination.md shows the project this archetype generates, verbatim, so the guide
 * cannot drift from what the archetype's integration test builds and runs. The templates are
 * rendered here with the values that test generates from ({@code projects/acme}); they use nothing
 * of Velocity but those values, which the render checks.
 */
class DestinationGuideTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path TEMPLATES = MODULE.resolve("src/main/resources/archetype-resources");
    private static final Path GUIDE = MODULE.resolveSibling("docs").resolve("write-a-destination.md");
    private static final String[] SOURCES = {
        "__destination__Destination.java", "__destination__SinkConnector.java", "__destination__SinkTask.java"
    };

    private static Properties generated() throws IOException {
        Properties values = new Properties();
        try (Reader in =
                Files.newBufferedReader(MODULE.resolve("src/test/resources/projects/acme/archetype.properties"))) {
            values.load(in);
        }
        return values;
    }

    /** A template as archetype:generate renders it with the acme values. */
    private static String rendered(String template) throws IOException {
        String text = Files.readString(TEMPLATES.resolve(template));
        for (String key : generated().stringPropertyNames()) {
            text = text.replace("${" + key + "}", generated().getProperty(key));
        }
        assertThat(text)
                .as("%s uses more of Velocity than this render knows", template)
                .doesNotContain("${", "#set", "#if");
        return text;
    }

    @Test
    void theGuideHoldsTheGeneratedDestinationConnectorAndTaskVerbatim() throws IOException {
        String guide = Files.readString(GUIDE);

        for (String source : SOURCES) {
            assertThat(guide).as(source).contains("```java\n" + rendered("src/main/java/" + source) + "```");
        }
        assertThat(guide)
                .contains("```\n"
                        + rendered("src/main/resources/META-INF/services/org.apache.kafka.connect.sink.SinkConnector")
                        + "```");
    }

    /** The measure of how easy the framework is to meet: the framework types a destination names, not its lines. */
    @Test
    void theGuideNamesEveryFrameworkTypeTheGeneratedDestinationMeets() throws IOException {
        Set<String> types = new TreeSet<>();
        for (String source : SOURCES) {
            rendered("src/main/java/" + source)
                    .lines()
                    .filter(line -> line.startsWith("import dev.outflow."))
                    .forEach(line -> {
                        assertThat(line)
                                .as("a wildcard import would hide what the destination meets")
                                .doesNotEndWith("*;");
                        assertThat(line)
                                .as("a destination never needs the engine")
                                .doesNotContain(".internal.");
                        types.add(line.substring(line.lastIndexOf('.') + 1, line.length() - 1));
                    });
        }
        String guide = Files.readString(GUIDE);

        assertThat(types).as("the guide's measure counts something").isNotEmpty();
        assertThat(guide).contains("meets " + types.size() + " framework types");
        types.forEach(type -> assertThat(guide).contains("`" + type + "`"));
    }
}
