package dev.outflow.connect.core.api.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.common.config.ConfigDef;

/**
 * What config UIs (Control Center, Kafka UI, Conduktor) learn from {@code validate()} about a key:
 * the values to offer (an enum key's names) and whether the key applies given the other keys'
 * values (a key that applies in one mode only is hidden in the others).
 *
 * <p>It only informs: a hidden key is still parsed and validated, and its cross-field rules still
 * run. The key {@link When} reads should list this key in its {@code dependents}, so that a UI
 * asks again when it changes. Kafka parses a key once per key that lists it, so list each key
 * under one controlling key only, or its errors are reported twice.
 */
public final class KeyRecommender implements ConfigDef.Recommender {

    private final Function<Map<String, Object>, List<String>> values;
    private final When shownWhen;

    private KeyRecommender(Function<Map<String, Object>, List<String>> values, When shownWhen) {
        this.values = values;
        this.shownWhen = shownWhen;
    }

    /** Always shown, offering these values (an enum key's names, as the key takes them). */
    public static KeyRecommender values(String... values) {
        List<String> list = List.of(values);
        return new KeyRecommender(parsed -> list, null);
    }

    /** Always shown, offering values that depend on other keys (a mode a webhook cannot do is not offered). */
    public static KeyRecommender values(Function<Map<String, Object>, List<String>> values) {
        return new KeyRecommender(Objects.requireNonNull(values, "values"), null);
    }

    /** Shown only when {@code condition} holds; no values to offer. */
    public static KeyRecommender shownWhen(When condition) {
        return new KeyRecommender(parsed -> List.of(), Objects.requireNonNull(condition, "condition"));
    }

    /** This visibility, offering these values. */
    public KeyRecommender withValues(String... values) {
        List<String> list = List.of(values);
        return new KeyRecommender(parsed -> list, shownWhen);
    }

    /** This visibility, offering values that depend on other keys. */
    public KeyRecommender withValues(Function<Map<String, Object>, List<String>> values) {
        return new KeyRecommender(Objects.requireNonNull(values, "values"), shownWhen);
    }

    /** The condition under which the key is shown; empty when it always is. */
    public Optional<When> shownWhen() {
        return Optional.ofNullable(shownWhen);
    }

    /** A new, mutable list each time: {@code ConfigDef.validate} may remove from it. */
    @Override
    public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
        return new ArrayList<>(values.apply(parsedConfig));
    }

    @Override
    public boolean visible(String name, Map<String, Object> parsedConfig) {
        return shownWhen == null || shownWhen.test(parsedConfig);
    }
}
