package dev.outflow.connect.core.api.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.connector.Connector;

/**
 * Writes a connector's config reference as Markdown from its {@link ConfigDef}, so the docs are
 * never written by hand (DESIGN.md 3.7). The build runs {@link #main} in check mode: it fails when
 * the committed reference no longer matches the code, and says how to regenerate it.
 */
public final class ConfigReference {

    private ConfigReference() {}

    /**
     * @param args the connector class (or a class with a static {@code configDef()}), the Markdown
     *             file, and {@code check} or {@code write}
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !(args[2].equals("check") || args[2].equals("write"))) {
            throw new IllegalArgumentException("usage: ConfigReference <connector class> <markdown file> check|write");
        }
        Class<?> source = Class.forName(args[0]);
        String markdown = markdown(source.getSimpleName(), configDefOf(source));
        Path file = Path.of(args[1]);
        if (args[2].equals("write")) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, markdown, StandardCharsets.UTF_8);
            return;
        }
        String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        if (!committed.equals(markdown)) {
            throw new IllegalStateException(file + " does not match the config keys of " + source.getName()
                    + ". Regenerate it with: mvn process-classes -Doutflow.docs=write, and commit it.");
        }
    }

    private static ConfigDef configDefOf(Class<?> source) throws ReflectiveOperationException {
        if (Connector.class.isAssignableFrom(source)) {
            return ((Connector) source.getDeclaredConstructor().newInstance()).config();
        }
        return (ConfigDef) source.getMethod("configDef").invoke(null);
    }

    /** The reference: one table per group, in the order the groups and keys were declared. */
    public static String markdown(String title, ConfigDef def) {
        Map<String, List<ConfigKey>> byGroup = new LinkedHashMap<>();
        def.groups().forEach(group -> byGroup.put(group, new ArrayList<>()));
        for (ConfigKey key : def.configKeys().values()) {
            byGroup.computeIfAbsent(key.group == null ? "Other" : key.group, g -> new ArrayList<>())
                    .add(key);
        }
        byGroup.values().forEach(keys -> keys.sort(Comparator.comparingInt(key -> key.orderInGroup)));
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append(" configuration reference\n\n");
        md.append("Generated from the connector's `ConfigDef` by the build; do not edit by hand.\n");
        byGroup.forEach((group, keys) -> {
            md.append("\n## ").append(group).append("\n\n");
            md.append("| Key | Type | Default | Valid values | Importance | Description |\n");
            md.append("|---|---|---|---|---|---|\n");
            for (ConfigKey key : keys) {
                md.append("| `")
                        .append(key.name)
                        .append("` | ")
                        .append(
                                key.type == Type.PASSWORD
                                        ? "password (secret)"
                                        : key.type.name().toLowerCase())
                        .append(" | ")
                        .append(defaultOf(key))
                        .append(" | ")
                        .append(key.validator == null ? "" : cell(key.validator.toString()))
                        .append(" | ")
                        .append(key.importance.name().toLowerCase())
                        .append(" | ")
                        .append(cell(key.documentation))
                        .append(shownWhen(key))
                        .append(" |\n");
            }
        });
        return md.toString();
    }

    /** What a config UI does with the key: shown only when another key says it applies. */
    private static String shownWhen(ConfigKey key) {
        return key.recommender instanceof KeyRecommender recommender
                ? recommender
                        .shownWhen()
                        .map(when -> " *Shown when " + cell(when.toString()) + ".*")
                        .orElse("")
                : "";
    }

    private static String defaultOf(ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        String text = key.defaultValue instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(key.defaultValue);
        return text.isEmpty() ? "\"\"" : "`" + cell(text) + "`";
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
