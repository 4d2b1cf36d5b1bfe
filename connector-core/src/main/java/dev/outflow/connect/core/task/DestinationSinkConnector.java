package dev.outflow.connect.core.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import dev.outflow.connect.core.api.ConfigProblem;
import dev.outflow.connect.core.api.Destination;
import dev.outflow.connect.core.config.SinkConfig;

/**
 * The sink connector every destination shares. Its config is the framework's keys plus the
 * destination's; {@link #validate} adds the cross-field rules and the destination's access check,
 * each message on the key at fault. A destination's connector is a final subclass of a few lines.
 */
public abstract class DestinationSinkConnector extends SinkConnector {

    private final Class<? extends DestinationSinkTask> taskClass;
    private final Supplier<? extends Destination> destinations;
    private final ConfigDef configDef;
    private Map<String, String> props;

    protected DestinationSinkConnector(Class<? extends DestinationSinkTask> taskClass, Supplier<? extends Destination> destinations) {
        this.taskClass = Objects.requireNonNull(taskClass, "taskClass");
        this.destinations = Objects.requireNonNull(destinations, "destinations");
        this.configDef = SinkConfig.withDestinationKeys(destinations.get().config());
    }

    @Override
    public String version() {
        return Versions.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        SinkConfig.parse(configDef, props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return taskClass;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return new ArrayList<>(Collections.nCopies(maxTasks, props));
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return configDef;
    }

    /**
     * The worker's checks of each key, then the cross-field rules, then (only when every key is
     * valid, so the check has something to work with) the destination's access check.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = new java.util.HashMap<>();
        config.configValues().forEach(value -> byName.put(value.name(), value));
        if (hasErrors(config)) {
            return config;
        }
        SinkConfig.crossFieldProblems(new SinkConfig(configDef, connectorConfigs)).forEach((key, message) -> byName.get(key).addErrorMessage(message));
        if (hasErrors(config)) {
            return config;
        }
        for (ConfigProblem problem : destinations.get().checkAccess(connectorConfigs)) {
            ConfigValue value = byName.get(problem.key());
            if (value == null) {
                throw new IllegalStateException("the access check named an undeclared key: " + problem.key());
            }
            value.addErrorMessage(problem.message());
        }
        return config;
    }

    private static boolean hasErrors(Config config) {
        return config.configValues().stream().anyMatch(value -> !value.errorMessages().isEmpty());
    }
}
