package dev.outflow.connect.core.api.config;

import java.time.DateTimeException;
import java.time.ZoneId;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * An IANA time zone name, checked on its own key so that a typo is reported with every other problem;
 * the message and the config reference show an example zone the destination's users would know.
 */
public final class TimeZoneName implements ConfigDef.Validator {

    private final String example;

    /** @param example a zone to show in the message and the reference, e.g. {@code Europe/Paris} */
    public TimeZoneName(String example) {
        this.example = example;
    }

    @Override
    public void ensureValid(String name, Object value) {
        try {
            ZoneId.of(String.valueOf(value));
        } catch (DateTimeException e) {
            throw new ConfigException(name, value, "not a time zone; use an IANA name such as " + example);
        }
    }

    @Override
    public String toString() {
        return "an IANA time zone name, e.g. UTC or " + example;
    }
}
