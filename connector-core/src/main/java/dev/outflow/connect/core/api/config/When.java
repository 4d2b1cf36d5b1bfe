package dev.outflow.connect.core.api.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.apache.kafka.common.config.types.Password;

/**
 * A condition on the values of other keys, under which a key applies: it decides the key's
 * visibility in config UIs ({@link KeyRecommender}) and reads well in the generated reference
 * ("shown when `sheets.mode` is `upsert`").
 *
 * <p>The values are the ones {@code ConfigDef.validate} parsed. A controlling key whose value could
 * not be parsed (it is null then, and has its own error) counts as meeting the condition: when in
 * doubt a key is shown.
 */
public final class When {

    private final String text;
    private final Predicate<Map<String, Object>> test;

    private When(String text, Predicate<Map<String, Object>> test) {
        this.text = text;
        this.test = test;
    }

    /** {@code key} is {@code value}, ignoring case (the enum keys take any case). */
    public static When is(String key, String value) {
        return new When("`" + key + "` is `" + value + "`", values -> {
            Object actual = values.get(key);
            return actual == null || actual.toString().trim().equalsIgnoreCase(value);
        });
    }

    /** The boolean {@code key} is true. */
    public static When isTrue(String key) {
        return new When("`" + key + "` is true", values -> !Boolean.FALSE.equals(values.get(key)));
    }

    /** {@code key} has a value: not null, not empty, not an empty list. */
    public static When isSet(String key) {
        return new When("`" + key + "` is set", values -> !empty(values.get(key)));
    }

    /** {@code key} has no value (null, empty, an empty list). */
    public static When isNotSet(String key) {
        return new When("`" + key + "` is not set", values -> empty(values.get(key)));
    }

    private static boolean empty(Object value) {
        if (value instanceof Password password) {
            return password.value() == null || password.value().isBlank();
        }
        if (value instanceof List<?> list) {
            return list.isEmpty();
        }
        return value == null || value.toString().isBlank();
    }

    public When and(When other) {
        return new When(text + ", and " + other.text, test.and(other.test));
    }

    public When or(When other) {
        return new When(text + " or " + other.text, test.or(other.test));
    }

    /** Whether the condition holds for these parsed values. */
    public boolean test(Map<String, Object> parsedValues) {
        return test.test(Objects.requireNonNull(parsedValues, "parsedValues"));
    }

    /** The condition in words, with keys and values in backquotes, for the config reference. */
    @Override
    public String toString() {
        return text;
    }
}
