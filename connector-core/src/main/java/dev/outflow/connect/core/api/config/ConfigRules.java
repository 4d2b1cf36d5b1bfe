package dev.outflow.connect.core.api.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigException;

/**
 * Runs cross-field {@link ConfigRule}s: each on a config of just its own keys, and only when all of
 * them are valid on their own, so independent mistakes are all found in one pass.
 */
public final class ConfigRules {

    private ConfigRules() {}

    /**
     * The messages of the rules that fail, key by key.
     *
     * @param invalidKeys keys that already have an error of their own: rules reading them are skipped
     */
    public static Map<String, List<String>> problems(
            ConfigDef definition, List<ConfigRule> rules, Map<String, ?> props, Set<String> invalidKeys) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (ConfigRule rule : rules) {
            if (rule.keys().stream().anyMatch(invalidKeys::contains)) {
                continue;
            }
            String message = rule.check().apply(view(definition, rule.keys(), props));
            if (message != null) {
                rule.keys()
                        .forEach(key -> problems.computeIfAbsent(key, k -> new java.util.ArrayList<>())
                                .add(message));
            }
        }
        return problems;
    }

    /** For a task starting: the first failing rule, as the exception a bad config gets. */
    public static void check(ConfigDef definition, List<ConfigRule> rules, Map<String, ?> props) {
        problems(definition, rules, props, Set.of()).entrySet().stream()
                .findFirst()
                .ifPresent(problem -> {
                    throw new ConfigException(
                            problem.getKey(), null, problem.getValue().get(0));
                });
    }

    private static AbstractConfig view(ConfigDef definition, List<String> keys, Map<String, ?> props) {
        keys.stream()
                .filter(key -> !definition.configKeys().containsKey(key))
                .findFirst()
                .ifPresent(key -> {
                    throw new IllegalStateException("a config rule reads an undeclared key: " + key);
                });
        return new AbstractConfig(only(definition, keys), props, false);
    }

    /**
     * A definition of some of {@code definition}'s keys, to parse them whatever is wrong with the
     * others. Their dependents (the keys whose visibility they drive, for config UIs) are left out:
     * Kafka refuses a definition whose dependents it does not declare.
     */
    public static ConfigDef only(ConfigDef definition, Collection<String> keys) {
        ConfigDef only = new ConfigDef();
        for (String name : keys) {
            ConfigKey key = definition.configKeys().get(name);
            only.define(new ConfigKey(
                    key.name,
                    key.type,
                    key.defaultValue,
                    key.validator,
                    key.importance,
                    key.documentation,
                    key.group,
                    key.orderInGroup,
                    key.width,
                    key.displayName,
                    List.of(),
                    key.recommender,
                    key.internalConfig));
        }
        return only;
    }
}
