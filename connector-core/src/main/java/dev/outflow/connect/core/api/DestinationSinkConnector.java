package dev.outflow.connect.core.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;

import dev.outflow.connect.core.api.config.ConfigProblem;
import dev.outflow.connect.core.api.config.ConfigRule;
import dev.outflow.connect.core.api.config.ConfigRules;
import dev.outflow.connect.core.api.config.SinkConfig;

/**
 * The sink connector every destination shares. Its config is the framework's keys plus the
 * destination's; {@link #validate} adds the cross-field rules and the destination's access check,
 * each message on the key at fault. A destination's connector is a final subclass of a few lines.
 */
public abstract class DestinationSinkConnector extends SinkConnector {

    private final Class<? extends DestinationSinkTask> taskClass;
    private final Supplier<? extends Destination> destinations;
    private final ConfigDef configDef;
    private final List<ConfigRule> rules;
    private Map<String, String> props;

    protected DestinationSinkConnector(
            Class<? extends DestinationSinkTask> taskClass, Supplier<? extends Destination> destinations) {
        this.taskClass = Objects.requireNonNull(taskClass, "taskClass");
        this.destinations = Objects.requireNonNull(destinations, "destinations");
        Destination destination = destinations.get();
        this.configDef = SinkConfig.withDestinationKeys(destination.config());
        this.rules = rules(destination);
    }

    /** The shared rules and the destination's. */
    private static List<ConfigRule> rules(Destination destination) {
        List<ConfigRule> all = new ArrayList<>(SinkConfig.RULES);
        all.addAll(destination.configRules());
        return all;
    }

    @Override
    public String version() {
        return Versions.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        SinkConfig.parse(configDef, props);
        ConfigRules.check(configDef, destinations.get().configRules(), props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return taskClass;
    }

    /**
     * Every task gets the connector's config, the task count (so each takes its share of the
     * quotas) and its own number (the worker numbers tasks in this order), which tags its metrics
     * on workers that cannot.
     */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> taskProps = new HashMap<>(props);
            taskProps.put(SinkConfig.TASK_COUNT, String.valueOf(maxTasks));
            taskProps.put(SinkConfig.TASK_INDEX, String.valueOf(i));
            configs.add(Map.copyOf(taskProps));
        }
        return configs;
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return configDef;
    }

    /**
     * Every independent problem at once, each on its key: the worker's checks of each key, the
     * cross-field rules whose keys are valid on their own, and the destination's access check
     * whenever the keys it needs are valid, whatever is wrong elsewhere. Each key's visibility and
     * recommended values come from its recommender ({@code ConfigDef.validate}); a key with a
     * problem is always visible, so that a UI shows the problem.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = new HashMap<>();
        config.configValues().forEach(value -> byName.put(value.name(), value));
        ConfigRules.problems(configDef, rules, connectorConfigs, invalidKeys(config))
                .forEach((key, messages) -> messages.forEach(byName.get(key)::addErrorMessage));
        Destination destination = destinations.get();
        Set<String> invalid = invalidKeys(config);
        if (destination.accessCheckKeys().stream().noneMatch(invalid::contains)) {
            for (ConfigProblem problem : destination.checkAccess(connectorConfigs)) {
                ConfigValue value = byName.get(problem.key());
                if (value == null) {
                    throw new IllegalStateException("the access check named an undeclared key: " + problem.key());
                }
                value.addErrorMessage(problem.message());
            }
        }
        // a key that does not apply is hidden (its recommender says so), unless it has a problem to show
        config.configValues().stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .forEach(value -> value.visible(true));
        return config;
    }

    private static Set<String> invalidKeys(Config config) {
        Set<String> invalid = new HashSet<>();
        config.configValues().stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .forEach(value -> invalid.add(value.name()));
        return invalid;
    }

    /**
     * The offsets REST API (KIP-875) changed this connector's Kafka offsets: make what the
     * destination stored in the app agree, or refuse (the worker then changes nothing). Runs on the
     * configuration alone; the connector is stopped.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        SinkConfig.parse(configDef, connectorConfig);
        Destination destination = destinations.get();
        ConfigRules.check(configDef, destination.configRules(), connectorConfig);
        try {
            destination.alterStoredOffsets(connectorConfig, offsets);
        } catch (ConnectException e) {
            throw e;
        } catch (Exception e) {
            throw new ConnectException(
                    getClass().getSimpleName() + " could not change the offsets it stores in the app ("
                            + e.getClass().getSimpleName() + "); the Kafka offsets were left as they were",
                    e);
        }
        return true;
    }
}
