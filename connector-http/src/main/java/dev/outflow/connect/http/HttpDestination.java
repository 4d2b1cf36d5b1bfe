package dev.outflow.connect.http;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;

import dev.outflow.connect.core.api.Destination;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.core.api.config.ConfigRule;

/** Sends records to an HTTP API (DESIGN.md 4, Generic HTTP): see connector-http/README.md. */
public final class HttpDestination implements Destination {

    @Override
    public ConfigDef config() {
        return HttpConfig.CONFIG_DEF;
    }

    @Override
    public void start(Map<String, String> props) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public List<QuotaScope> quotaScopes(String target) {
        return List.of();
    }

    @Override
    public WriteResult write(String target, List<Row> rows) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public Failure classify(Exception error) {
        return Failure.fatal("being written");
    }

    @Override
    public List<ConfigRule> configRules() {
        return HttpConfig.RULES;
    }
}
