package dev.outflow.examples;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One worker .properties of config-examples/. */
public record WorkerExample(String file, Map<String, String> props) {

    private static final String PROVIDERS = "config.providers";

    public boolean isDistributed() {
        return props.containsKey("group.id");
    }

    /** The providers the worker declares in {@code config.providers}. */
    public List<String> providerNames() {
        return Arrays.stream(props.getOrDefault(PROVIDERS, "").split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .toList();
    }

    /** The worker's settings with {@link ConfigExamples#SECRETS_DIR} moved to {@code secretsDir}. */
    public Map<String, String> withSecretsIn(Path secretsDir) {
        Map<String, String> moved = new TreeMap<>();
        props.forEach((key, value) -> moved.put(key, value.replace(ConfigExamples.SECRETS_DIR, secretsDir.toString())));
        return moved;
    }

    /**
     * The worker's config-provider settings, with {@link ConfigExamples#SECRETS_DIR} moved to
     * {@code secretsDir}: what a test worker needs to resolve the examples' secrets as a real one would.
     */
    public Map<String, String> configProviders(Path secretsDir) {
        Map<String, String> providers = new TreeMap<>();
        withSecretsIn(secretsDir).forEach((key, value) -> {
            if (key.equals(PROVIDERS) || key.startsWith(PROVIDERS + ".")) {
                providers.put(key, value);
            }
        });
        return providers;
    }
}
