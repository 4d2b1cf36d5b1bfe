package dev.outflow.connect.core.api.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.apache.kafka.common.config.AbstractConfig;

/**
 * A rule between several config keys (DESIGN.md 3.7), checked by {@code Connector.validate()} with
 * every other problem and again when a task starts. The rule runs only when each of its keys is
 * valid on its own, so it never reports a consequence of another key's mistake; its message is
 * attached to every key it names.
 *
 * @param keys  the keys the rule reads, and the keys its message is attached to
 * @param check reads the keys (parsed, through an {@link AbstractConfig} of just those keys) and
 *              returns what is wrong with them and what to change, or null when they agree
 */
public record ConfigRule(List<String> keys, Function<AbstractConfig, String> check) {

    public ConfigRule {
        keys = List.copyOf(keys);
        Objects.requireNonNull(check, "check");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a rule reads at least one key");
        }
    }

    public static ConfigRule of(Function<AbstractConfig, String> check, String... keys) {
        return new ConfigRule(List.of(keys), check);
    }
}
