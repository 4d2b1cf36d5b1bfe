package dev.outflow.connect.core.api;

import java.util.Locale;

/**
 * Kafka metadata a row can carry as extra fields ({@code row.metadata.fields}), so templates and
 * columns can use them. The field names start with an underscore to stay clear of data fields.
 */
public enum MetadataField {
    TOPIC("_topic"),
    PARTITION("_partition"),
    OFFSET("_offset"),
    TIMESTAMP("_timestamp"),
    /** A primitive key is {@code _key}; a struct or map key flattens to {@code _key.<field>}. */
    KEY("_key"),
    /** Each header is {@code _header.<name>}, as text. */
    HEADERS("_header");

    private final String fieldName;

    MetadataField(String fieldName) {
        this.fieldName = fieldName;
    }

    public String fieldName() {
        return fieldName;
    }

    /** The config spelling: {@code topic}, {@code partition}, ... */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MetadataField fromConfig(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
