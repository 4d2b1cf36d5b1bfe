package dev.outflow.connect.hubspot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.core.api.Destination;
import dev.outflow.connect.core.api.DestinationMetrics;
import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.FirstRowsFailedException;
import dev.outflow.connect.core.api.QuotaScope;
import dev.outflow.connect.core.api.Row;
import dev.outflow.connect.core.api.WriteResult;
import dev.outflow.connect.core.api.config.ConfigProblem;
import dev.outflow.connect.core.api.config.ConfigRule;
import dev.outflow.connect.hubspot.HubSpotConfig.DeleteBehavior;
import dev.outflow.connect.hubspot.ObjectBatch.Input;

/**
 * HubSpot CRM objects as a destination: one object type per connector, one batch request per write
 * (upsert, create or update), with HubSpot's multi-status opted into so that only the failing rows are
 * rejected. Tombstones archive the object their key names, or are skipped.
 */
public final class HubSpotDestination implements Destination {

    private static final Logger log = LoggerFactory.getLogger(HubSpotDestination.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * How old the property definitions may be when a record names a field HubSpot had no property for: someone
     * may have created it since. Not younger, so a stream of records with a stray field costs one read per period.
     */
    static final Duration PROPERTIES_MAX_AGE = Duration.ofMinutes(5);

    private final Clock clock;
    private HubSpotConfig config;
    private HubSpotClient client;
    private RateLimitHeaders rateLimits;
    private HubSpotErrors errors;
    private String objectsPath;
    /** Built on the first write, with the object type's properties read from HubSpot. */
    private BatchPlanner planner;
    /** Null when written objects are not associated. */
    private Associator associator;

    private Instant propertiesReadAt;
    /** Null when unchanged records are not skipped. */
    private AcceptedValues acceptedValues;

    private DestinationMetrics.Counter skippedUnchanged = () -> {};

    public HubSpotDestination() {
        this(Clock.systemUTC());
    }

    /** @param clock when OAuth tokens expire and the account's day ends (tests pass the emulator's) */
    HubSpotDestination(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ConfigDef config() {
        return HubSpotConfig.CONFIG_DEF;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new HubSpotConfig(props); // the framework has checked the rules between keys
        rateLimits = new RateLimitHeaders(clock, config.accountZone());
        client = new HubSpotClient(config, clock, rateLimits::observe);
        errors = new HubSpotErrors(client.usesOAuth(), config.objectType(), config.accountZone(), clock);
        objectsPath = "/crm/v3/objects/" + HubSpotClient.segment(config.objectType()) + "/batch/";
        associator = config.associationObjectType() == null
                ? null
                : new Associator(
                        client,
                        config.objectType(),
                        config.idProperty(),
                        config.associationObjectType(),
                        config.associationIdProperty());
        acceptedValues = config.skipUnchangedMaxKeys() > 0 ? new AcceptedValues(config.skipUnchangedMaxKeys()) : null;
        log.info(
                "Writing to HubSpot {} in {} mode{}, with {}; tombstones: {}; budget {} requests per 10 s and {} a day",
                config.objectType(),
                config.mode().name().toLowerCase(Locale.ROOT),
                config.idProperty() == null ? "" : " by " + config.idProperty(),
                client.usesOAuth() ? "an OAuth app" : "a private-app token",
                config.deleteBehavior().name().toLowerCase(Locale.ROOT),
                config.requestsPer10s(),
                config.requestsPerDay());
    }

    @Override
    public void useMetrics(DestinationMetrics metrics) {
        skippedUnchanged = metrics.counter(
                "hubspot-records-skipped-unchanged-total",
                "Records not sent because HubSpot had last accepted the same values for their object ("
                        + HubSpotConfig.SKIP_UNCHANGED_ENABLED + ").");
    }

    /**
     * HubSpot's two budgets. Each bucket's capacity plus one period's refill is the configured number, so no
     * rolling 10 seconds (and no day) sees more requests than that from all the tasks together.
     */
    @Override
    public List<QuotaScope> quotaScopes(String target) {
        int perTenSeconds = config.requestsPer10s();
        long tenSecondBurst = Math.max(1, perTenSeconds / 10);
        long perDay = config.requestsPerDay();
        long dailyBurst = Math.max(1, perDay / 100);
        return List.of(
                new QuotaScope(
                        "hubspot.ten-seconds", perTenSeconds - tenSecondBurst, Duration.ofSeconds(10), tenSecondBurst),
                new QuotaScope("hubspot.daily", perDay - dailyBurst, Duration.ofDays(1), dailyBurst));
    }

    @Override
    public WriteResult write(String target, List<Row> rows) throws Exception {
        if (rows.get(0).isDelete() && config.deleteBehavior() == DeleteBehavior.IGNORE) {
            int deletes = 0;
            while (deletes < rows.size() && rows.get(deletes).isDelete()) {
                deletes++;
            }
            return result(deletes, rows.size(), Map.of()); // skipped on purpose: nothing to send
        }
        // HubSpot's headers said the budget is spent: a request now would certainly be refused with a 429
        rateLimits.checkBudget();
        ObjectBatch batch = planner().plan(rows);
        if (batch.unknownProperties() && !clock.instant().isBefore(propertiesReadAt.plus(PROPERTIES_MAX_AGE))) {
            planner = null;
            batch = planner().plan(rows);
        }
        Map<Integer, String> rejected = new HashMap<>(batch.refused());
        List<Input> inputs = changed(batch);
        try {
            if (batch.archive()) {
                archive(inputs);
            } else if (!inputs.isEmpty()) {
                rejected.putAll(send(inputs));
                remember(inputs, rejected);
            }
        } catch (Exception e) {
            // the rows after the batch were not sent: the verdict on this failure concerns the batch's rows alone
            throw batch.handled() < rows.size() ? new FirstRowsFailedException(batch.handled(), e) : e;
        }
        log.debug(
                "Sent {} objects for {} rows to HubSpot; {} rejected", inputs.size(), batch.handled(), rejected.size());
        return result(batch.handled(), rows.size(), rejected);
    }

    /**
     * The batch's inputs to send: all of them, or, when unchanged records are skipped, those whose values differ
     * from what HubSpot last accepted for their object (the others count as written). The objects about to be
     * written or archived are forgotten first: a write that fails may have been applied all the same.
     */
    private List<Input> changed(ObjectBatch batch) {
        if (acceptedValues == null) {
            return batch.inputs();
        }
        List<Input> changed = new ArrayList<>();
        for (Input input : batch.inputs()) {
            String key = planner.sameId(input.id());
            if (!batch.archive() && acceptedValues.unchanged(key, input)) {
                input.rows().forEach(row -> skippedUnchanged.increment());
            } else {
                acceptedValues.forget(key);
                changed.add(input);
            }
        }
        return changed;
    }

    /** The values of the objects HubSpot accepted (no row of theirs rejected), when unchanged records are skipped. */
    private void remember(List<Input> sent, Map<Integer, String> rejected) {
        if (acceptedValues == null) {
            return;
        }
        for (Input input : sent) {
            if (input.rows().stream().noneMatch(rejected::containsKey)) {
                acceptedValues.accepted(planner.sameId(input.id()), input);
            }
        }
    }

    private static WriteResult result(int handled, int rows, Map<Integer, String> rejected) {
        return handled >= rows ? WriteResult.rejecting(rejected) : WriteResult.firstRows(handled, rejected);
    }

    private BatchPlanner planner() throws Exception {
        if (planner == null) {
            JsonNode list = client.get("/crm/v3/properties/" + HubSpotClient.segment(config.objectType()))
                    .body();
            planner = new BatchPlanner(config, Property.byName(list));
            propertiesReadAt = clock.instant();
        }
        return planner;
    }

    /**
     * One batch request (and, with associations, the two requests that associate its objects); the rows of
     * the inputs HubSpot refused in a 207, or whose objects could not be associated, with the reasons.
     */
    private Map<Integer, String> send(List<Input> inputs) throws Exception {
        ObjectNode body = JSON.objectNode();
        ArrayNode array = body.putArray("inputs");
        inputs.forEach(input -> array.add(input.body()));
        HubSpotClient.Answer answer =
                client.post(objectsPath + config.mode().name().toLowerCase(Locale.ROOT), body);
        Map<Integer, String> rejected = new HashMap<>(
                answer.status() == 207 ? RowErrors.rejected(answer.body(), inputs, config.idProperty()) : Map.of());
        if (associator != null) {
            rejected.putAll(associator.associate(inputs, answer.body(), rejected));
        }
        return rejected;
    }

    /**
     * Archives the objects the tombstones name: their ids are looked up by the id property (the archive
     * endpoint takes HubSpot's own ids only), and the objects not found are already gone.
     */
    private void archive(List<Input> inputs) throws Exception {
        if (inputs.isEmpty()) {
            return;
        }
        ObjectNode read = JSON.objectNode();
        read.put("idProperty", config.idProperty());
        read.putArray("properties");
        ArrayNode ids = read.putArray("inputs");
        inputs.forEach(input -> ids.addObject().put("id", input.id()));
        JsonNode found = client.post(objectsPath + "read", read).body();
        ObjectNode archive = JSON.objectNode();
        ArrayNode objects = archive.putArray("inputs");
        found.path("results")
                .forEach(object ->
                        objects.addObject().put("id", object.path("id").asText()));
        if (!objects.isEmpty()) {
            client.post(objectsPath + "archive", archive);
        }
    }

    @Override
    public Failure classify(Exception error) {
        return errors.classify(error);
    }

    @Override
    public List<ConfigRule> configRules() {
        return HubSpotConfig.RULES;
    }

    @Override
    public List<ConfigProblem> checkAccess(Map<String, String> props) {
        return new HubSpotAccessCheck(props, clock).problems();
    }

    @Override
    public Set<String> accessCheckKeys() {
        return HubSpotAccessCheck.KEYS;
    }
}
