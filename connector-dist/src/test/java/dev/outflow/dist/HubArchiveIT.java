package dev.outflow.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.tools.ConnectPluginPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outflow.examples.ConfigExamples;
import dev.outflow.examples.ConnectorExample;

/**
 * Each connector's Confluent Hub archive, as built by `mvn package`, is one a worker and Confluent
 * Hub accept: named and laid out by the component-archive spec, a manifest with the fields and
 * formats the Hub requires, a lib/ without anything the worker provides, the connector's examples and
 * docs, a license list that matches what lib/ holds, and plugins that Kafka's own connect-plugin-path
 * tool finds loadable with service-loader manifests.
 */
class HubArchiveIT {

    private static final String SERVICE_FILE = "META-INF/services/org.apache.kafka.connect.sink.SinkConnector";
    /** What a Connect worker brings itself (its classpath wins for these packages anyway). */
    private static final List<String> WORKER_PROVIDED = List.of(
            "kafka-clients", "connect-api", "connect-json", "connect-runtime", "connect-transforms", "slf4j-api");

    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+(?:[-.][0-9A-Za-z.-]+)?");
    /** One bundled jar in THIRD-PARTY.txt: "(License) Name (groupId:artifactId:version - url)". */
    private static final Pattern LISTED_JAR =
            Pattern.compile("^\\s+\\((.+?)\\) .* \\(([^:()\\s]+):([^:()\\s]+):([^:()\\s]+) - .*\\)$");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path unpacked;

    private static final Map<HubArchive, Path> ROOTS = new HashMap<>();
    /** connect-plugin-path's exit code, table and errors: one run over every archive, as it scans the classpath each time. */
    private static int pluginPathExit;

    private static String pluginPathOutput;
    private static String pluginPathErrors;

    static List<HubArchive> archives() {
        return HubArchive.all();
    }

    @BeforeAll
    static void unpack() throws IOException {
        for (HubArchive archive : archives()) {
            ROOTS.put(archive, archive.unpackInto(Files.createDirectories(unpacked.resolve(archive.fileName()))));
        }
        List<String> args = new ArrayList<>(List.of("list"));
        ROOTS.values().forEach(root -> args.addAll(List.of("--plugin-location", root.toString())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        pluginPathExit = ConnectPluginPath.mainNoExit(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        pluginPathOutput = out.toString(StandardCharsets.UTF_8);
        pluginPathErrors = err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void isNamedOwnerNameVersionAndHoldsOneFolderOfThatName(HubArchive archive) throws IOException {
        String component =
                HubArchive.OWNER + "-" + manifest(archive).path("name").asText() + "-" + HubArchive.VERSION;
        assertThat(archive.fileName()).isEqualTo(component + ".zip");
        assertThat(archive.topLevelNames()).containsExactly(component);
        assertThat(HubArchive.fileNames(ROOTS.get(archive))).containsExactly("doc", "etc", "lib", "manifest.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void hasAManifestWithEveryFieldTheHubRequires(HubArchive archive) throws IOException {
        JsonNode manifest = manifest(archive);
        for (String field : List.of("name", "title", "description", "documentation_url")) {
            assertThat(manifest.path(field).asText()).as(field).isNotBlank();
        }
        assertThat(manifest.path("name").asText()).matches("[a-z0-9][a-z0-9-]*");
        assertThat(manifest.path("version").asText())
                .isEqualTo(HubArchive.VERSION)
                .matches(SEMVER);
        assertThat(manifest.path("owner").path("username").asText()).isEqualTo(HubArchive.OWNER);
        assertThat(manifest.path("owner").path("name").asText()).isNotBlank();
        assertThat(manifest.path("support").path("provider_name").asText()).isNotBlank();
        assertThat(manifest.path("support").path("summary").asText()).isNotBlank();
        assertThat(manifest.path("component_types")).hasToString("[\"sink\"]");
        assertThat(strings(manifest.path("tags")))
                .isNotEmpty()
                .allSatisfy(tag -> assertThat(tag).isNotBlank());
        assertThat(strings(manifest.path("requirements")))
                .isNotEmpty()
                .allSatisfy(requirement -> assertThat(requirement).isNotBlank());
        assertThat(manifest.path("features").path("kafka_connect_api").isBoolean())
                .isTrue();
        assertThat(manifest.path("features").path("single_message_transforms").isBoolean())
                .isTrue();
        assertThat(strings(manifest.path("features").path("supported_encodings")))
                .isNotEmpty();
        assertThat(manifest.path("license").isArray()
                        && !manifest.path("license").isEmpty())
                .as("license")
                .isTrue();
        manifest.path("license").forEach(license -> {
            assertThat(license.path("name").asText()).isNotBlank();
            assertWebUrl(license.path("url").asText());
        });
        assertWebUrl(manifest.path("documentation_url").asText());
        assertWebUrl(manifest.path("owner").path("url").asText());
        assertWebUrl(manifest.path("support").path("url").asText());
        String released = manifest.path("release_date").asText();
        assertThat(released).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(LocalDate.parse(
                        released, DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT)))
                .isBeforeOrEqualTo(LocalDate.now().plusDays(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void bundlesThePluginAndItsDependenciesButNothingTheWorkerProvides(HubArchive archive) throws IOException {
        List<String> jars = HubArchive.fileNames(lib(archive));
        assertThat(jars).isNotEmpty().allSatisfy(jar -> assertThat(jar).endsWith(".jar"));
        assertThat(jars)
                .noneMatch(jar ->
                        WORKER_PROVIDED.stream().anyMatch(provided -> jar.matches(Pattern.quote(provided) + "-\\d.*")));
        for (String jar : jars) {
            try (JarFile file = new JarFile(lib(archive).resolve(jar).toFile())) {
                assertThat(file.stream().map(entry -> entry.getName()))
                        .as("%s holds no Kafka or SLF4J API classes, shaded or not", jar)
                        .noneMatch(name -> name.startsWith("org/apache/kafka/")
                                || name.startsWith("META-INF/maven/org.apache.kafka/")
                                || name.equals("org/slf4j/Logger.class"));
            }
        }
        assertThat(pluginJars(archive))
                .as("jars with a sink-connector service manifest")
                .hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void declaresEachConnectorItShipsInItsServiceManifest(HubArchive archive) throws IOException {
        String pluginJar = pluginJars(archive).get(0);
        try (JarFile file = new JarFile(lib(archive).resolve(pluginJar).toFile())) {
            Set<String> classes = pluginClasses(archive);
            assertThat(classes).isNotEmpty();
            assertThat(classes)
                    .allSatisfy(name -> assertThat(file.getEntry(name.replace('.', '/') + ".class"))
                            .as(name)
                            .isNotNull());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void listsTheLicenseOfEveryBundledJar(HubArchive archive) throws IOException {
        Path doc = ROOTS.get(archive).resolve("doc");
        assertThat(HubArchive.fileNames(doc))
                .containsExactlyInAnyOrder("LICENSE", "README.md", "THIRD-PARTY.txt", "config-reference.md");
        Set<String> listed = new HashSet<>();
        for (String line : Files.readAllLines(doc.resolve("THIRD-PARTY.txt"))) {
            Matcher jar = LISTED_JAR.matcher(line);
            if (jar.matches()) {
                assertThat(jar.group(1)).as(line).isNotBlank().doesNotContainIgnoringCase("unknown");
                listed.add(jar.group(3) + "-" + jar.group(4) + ".jar");
            }
        }
        List<String> dependencies = new ArrayList<>(HubArchive.fileNames(lib(archive)));
        dependencies.removeAll(pluginJars(archive));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(dependencies);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void shipsItsConnectorsExamplesAndTheWorkerConfigs(HubArchive archive) throws IOException {
        Set<String> classes = pluginClasses(archive);
        List<String> expected = new ArrayList<>();
        ConfigExamples.connectors().stream()
                .filter(example -> classes.contains(example.connectorClass()))
                .map(ConnectorExample::file)
                .forEach(expected::add);
        ConfigExamples.workers().forEach(worker -> expected.add(worker.file()));
        assertThat(expected).anyMatch(file -> file.endsWith(".json"));
        assertThat(HubArchive.fileNames(ROOTS.get(archive).resolve("etc")))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void passesKafkasPluginPathCheckAsLoadableWithServiceLoaderManifests(HubArchive archive) throws IOException {
        Path location = ROOTS.get(archive);
        assertThat(pluginPathExit)
                .as("connect-plugin-path exit code; stderr: %s", pluginPathErrors)
                .isZero();

        // a TSV table: pluginName, firstAlias, secondAlias, pluginVersion, pluginType, isLoadable, hasManifest,
        // pluginLocation
        Map<String, List<String>> rows = new HashMap<>();
        for (String line : pluginPathOutput.split("\n")) {
            List<String> columns = List.of(line.split("\t"));
            if (columns.size() == ConnectPluginPath.LIST_TABLE_COLUMNS.length
                    && columns.get(7).equals(location.toString())) {
                rows.put(columns.get(0), columns);
            }
        }
        assertThat(rows.keySet()).as(pluginPathOutput).containsExactlyInAnyOrderElementsOf(pluginClasses(archive));
        assertThat(rows.values()).allSatisfy(row -> {
            assertThat(row.get(3)).as("version").isEqualTo(HubArchive.VERSION);
            assertThat(row.get(4)).as("type").isEqualTo("sink");
            assertThat(row.get(5)).as("isLoadable").isEqualTo("true");
            assertThat(row.get(6)).as("hasManifest").isEqualTo("true");
        });
    }

    private static JsonNode manifest(HubArchive archive) throws IOException {
        return JSON.readTree(ROOTS.get(archive).resolve("manifest.json").toFile());
    }

    private static Path lib(HubArchive archive) {
        return ROOTS.get(archive).resolve("lib");
    }

    private static List<String> pluginJars(HubArchive archive) throws IOException {
        List<String> plugins = new ArrayList<>();
        for (String jar : HubArchive.fileNames(lib(archive))) {
            try (JarFile file = new JarFile(lib(archive).resolve(jar).toFile())) {
                if (file.getEntry(SERVICE_FILE) != null) {
                    plugins.add(jar);
                }
            }
        }
        return plugins;
    }

    /** The connector classes the plugin jar's service manifest names (comments and blank lines aside). */
    private static Set<String> pluginClasses(HubArchive archive) throws IOException {
        try (JarFile file =
                new JarFile(lib(archive).resolve(pluginJars(archive).get(0)).toFile())) {
            String manifest =
                    new String(file.getInputStream(file.getEntry(SERVICE_FILE)).readAllBytes(), StandardCharsets.UTF_8);
            Set<String> classes = new HashSet<>();
            for (String line : manifest.split("\n")) {
                String name = line.replaceAll("#.*", "").trim();
                if (!name.isEmpty()) {
                    classes.add(name);
                }
            }
            return classes;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.isTextual() ? value.asText() : null));
        return values;
    }

    private static void assertWebUrl(String url) {
        URI uri = URI.create(url);
        assertThat(uri.getScheme()).as(url).isIn("http", "https");
        assertThat(uri.getHost()).as(url).isNotBlank();
    }
}
