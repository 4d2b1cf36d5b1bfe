package dev.outflow.connect.core.api.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * The values an enum key takes, as users write them: the constants' names in lower case. Validators
 * ({@code CaseInsensitiveValidString}), recommenders and the generated reference all list these.
 */
public final class EnumNames {

    private EnumNames() {}

    public static String[] of(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }
}
