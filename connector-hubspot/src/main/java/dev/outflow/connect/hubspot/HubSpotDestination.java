package dev.outflow.connect.hubspot;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.core.api.AppReply;
import dev.outflow.connect.core.api.Cell;
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

    /** The daily requests kept for reading property definitions: one per {@link #PROPERTIES_MAX_AGE}. */
    private static final long PROPERTY_READS_PER_DAY = Duration.ofDays(1).dividedBy(PROPERTIES_MAX_AGE);

    private final Clock clock;
    private HubSpotConfig config;
    private HubSpotClient client;
    private RateLimitHeaders rateLimits;
    private HubSpotErrors errors;
    /** By target: the one type of {@code hubspot.object.type}, or each type records were routed to. */
    private final Map<String, ObjectTypeTarget> types = new HashMap<>();
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
        errors = new HubSpotErrors(
                client.usesOAuth(),
                config.objectTypeField() == null ? config.objectType() : null,
                config.accountZone(),
                clock);
        acceptedValues = config.skipUnchangedMaxKeys() > 0 ? new AcceptedValues(config.skipUnchangedMaxKeys()) : null;
        log.info(
                "Writing to HubSpot {} in {} mode{}, with {}; tombstones: {}; budget {} requests per 10 s and {} a day",
                config.objectTypeField() == null
                        ? config.objectType()
                        : "the object types of field " + config.objectTypeField(),
                config.mode().name().toLowerCase(Locale.ROOT),
                config.idProperty() == null ? "" : " by " + config.idProperty(),
                client.usesOAuth() ? "an OAuth app" : "a private-app token",
                config.deleteBehavior().name().toLowerCase(Locale.ROOT),
                config.requestsPer10s(),
                config.requestsPerDay());
    }

    /**
     * The object type of the record, from {@code hubspot.object.type.field}; the one target of
     * {@code hubspot.object.type} otherwise. Its value is not in the reason: it is record data.
     */
    @Override
    public String route(Row row) {
        String field = config.objectTypeField();
        if (field == null) {
            return DEFAULT_TARGET;
        }
        Cell type = row.get(field);
        String name = type.isNull() ? "" : type.asText().strip();
        if (name.isEmpty()) {
            throw new DataException(
                    "the record has no object type in field " + field + " (" + HubSpotConfig.OBJECT_TYPE_FIELD + ")");
        }
        return name;
    }

    private ObjectTypeTarget type(String target) {
        return types.computeIfAbsent(target, t -> {
            String type = config.objectTypeField() == null ? config.objectType() : t;
            String idProperty = config.idProperty(type);
            Associator associator = config.associationObjectType() == null
                    ? null
                    : new Associator(
                            client, type, idProperty, config.associationObjectType(), config.associationIdProperty());
            return new ObjectTypeTarget(type, idProperty, associator);
        });
    }

    /** No record went to this type for a while: its property definitions are read again when one does. */
    @Override
    public void forgetTarget(String target) {
        types.remove(target);
    }

    /**
     * While these partitions were another task's, it may have written their objects: what this task remembers
     * HubSpot accepted is no longer sure, for any object (the memory does not know records' partitions).
     */
    @Override
    public void partitionsOpened(Collection<TopicPartition> partitions) {
        if (acceptedValues != null) {
            acceptedValues.forgetAll();
        }
    }

    @Override
    public void useMetrics(DestinationMetrics metrics) {
        skippedUnchanged = metrics.counter(
                "hubspot-records-skipped-unchanged-total",
                "Records not sent because HubSpot had last accepted the same values for their object ("
                        + HubSpotConfig.SKIP_UNCHANGED_ENABLED + ").");
    }

    /**
     * HubSpot's two budgets, in writes. The framework takes one permit per write, but a write may make more than one
     * request: each budget is divided by the most requests a write of this configuration makes, and one request per
     * 10 seconds (one per 5 minutes a day) is kept for reading property definitions, which a type's first write does,
     * and again at most every 5 minutes. Each bucket's capacity plus one period's refill is that many writes, so no
     * rolling 10 seconds (and no day) sees more requests than configured from all the tasks together, but for the
     * first writes of several tasks or types at once (HubSpot's rate-limit headers then hold the next write). Under a
     * backlog the refill is the rate, so the burst costs throughput one for one: a twentieth of the 10-second budget
     * (a tenth held a backlog at 0.90 of HubSpot's budget; benchmark 9).
     */
    @Override
    public List<QuotaScope> quotaScopes(String target) {
        int requests = requestsPerWrite();
        long perTenSeconds = Math.max(1, (config.requestsPer10s() - 1) / requests);
        long perDay = Math.max(1, (config.requestsPerDay() - PROPERTY_READS_PER_DAY) / requests);
        long tenSecondBurst = Math.max(1, perTenSeconds / 20);
        long dailyBurst = Math.max(1, perDay / 100);
        return List.of(
                new QuotaScope(
                        "hubspot.ten-seconds",
                        Math.max(1, perTenSeconds - tenSecondBurst),
                        Duration.ofSeconds(10),
                        tenSecondBurst),
                new QuotaScope("hubspot.daily", Math.max(1, perDay - dailyBurst), Duration.ofDays(1), dailyBurst));
    }

    /**
     * The most requests one write makes: with associations, the batch write, one {@code batch/read} of the other
     * objects and one association batch; archiving tombstones, a {@code batch/read} of their ids and one
     * {@code batch/archive}; else the batch write alone.
     */
    private int requestsPerWrite() {
        if (config.associationObjectType() != null) {
            return 3;
        }
        return config.deleteBehavior() == DeleteBehavior.ARCHIVE ? 2 : 1;
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
        ObjectTypeTarget type = type(target);
        BatchPlanner planner;
        try {
            planner = planner(type);
        } catch (HubSpotException e) {
            if (config.objectTypeField() == null || !HubSpotErrors.isUnknownObjectType(e)) {
                throw e;
            }
            // routed by a field: the type is record data, and only the records naming it are wrong
            String reason = "HubSpot has no object type of the name in field " + config.objectTypeField() + " ("
                    + HubSpotConfig.OBJECT_TYPE_FIELD + ")";
            Map<Integer, String> all = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                all.put(i, reason);
            }
            types.remove(target);
            return WriteResult.rejecting(all);
        }
        ObjectBatch batch = planner.plan(rows);
        if (batch.unknownProperties() && !clock.instant().isBefore(type.propertiesReadAt.plus(PROPERTIES_MAX_AGE))) {
            type.planner = null;
            planner = planner(type);
            batch = planner.plan(rows);
        }
        Map<Integer, String> rejected = new HashMap<>(batch.refused());
        Map<Integer, AppReply> replies = Map.of();
        List<Input> inputs = changed(type, planner, batch);
        try {
            if (batch.archive()) {
                archive(type, inputs);
            } else if (!inputs.isEmpty()) {
                Sent sent = send(type, inputs);
                rejected.putAll(sent.rejected());
                replies = sent.replies();
                remember(type, planner, inputs, rejected);
            }
        } catch (Exception e) {
            // the rows after the batch were not sent: the verdict on this failure concerns the batch's rows alone
            throw batch.handled() < rows.size() ? new FirstRowsFailedException(batch.handled(), e) : e;
        }
        log.debug(
                "Sent {} objects for {} rows to HubSpot; {} rejected", inputs.size(), batch.handled(), rejected.size());
        return result(batch.handled(), rows.size(), rejected).withReplies(replies);
    }

    /**
     * The batch's inputs to send: all of them, or, when unchanged records are skipped, those whose values differ
     * from what HubSpot last accepted for their object (the others count as written). The objects about to be
     * written or archived are forgotten first: a write that fails may have been applied all the same.
     */
    private List<Input> changed(ObjectTypeTarget type, BatchPlanner planner, ObjectBatch batch) {
        if (acceptedValues == null) {
            return batch.inputs();
        }
        List<Input> changed = new ArrayList<>();
        for (Input input : batch.inputs()) {
            String key = objectKey(type, planner, input);
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
    private void remember(
            ObjectTypeTarget type, BatchPlanner planner, List<Input> sent, Map<Integer, String> rejected) {
        if (acceptedValues == null) {
            return;
        }
        for (Input input : sent) {
            if (input.rows().stream().noneMatch(rejected::containsKey)) {
                acceptedValues.accepted(objectKey(type, planner, input), input);
            }
        }
    }

    /** An object as HubSpot tells objects apart: its type, and its id as HubSpot compares ids. */
    private static String objectKey(ObjectTypeTarget type, BatchPlanner planner, Input input) {
        return type.type + '\u0000' + planner.sameId(input.id());
    }

    private static WriteResult result(int handled, int rows, Map<Integer, String> rejected) {
        return handled >= rows ? WriteResult.rejecting(rejected) : WriteResult.firstRows(handled, rejected);
    }

    private BatchPlanner planner(ObjectTypeTarget type) throws Exception {
        if (type.planner == null) {
            JsonNode list = client.get("/crm/v3/properties/" + HubSpotClient.segment(type.type))
                    .body();
            type.planner = new BatchPlanner(config, type.idProperty, Property.byName(list));
            type.propertiesReadAt = clock.instant();
        }
        return type.planner;
    }

    /**
     * What became of a batch request's rows: those HubSpot refused in a 207, or whose objects could not be
     * associated, with the reasons; and, for the rows of each object HubSpot's answer names, its reply. A row
     * written but not associated has both.
     */
    private record Sent(Map<Integer, String> rejected, Map<Integer, AppReply> replies) {}

    /** One batch request (and, with associations, the two requests that associate its objects). */
    private Sent send(ObjectTypeTarget type, List<Input> inputs) throws Exception {
        ObjectNode body = JSON.objectNode();
        ArrayNode array = body.putArray("inputs");
        inputs.forEach(input -> array.add(input.body()));
        HubSpotClient.Answer answer =
                client.post(type.objectsPath + config.mode().name().toLowerCase(Locale.ROOT), body);
        Map<Integer, String> rejected = new HashMap<>(
                answer.status() == 207 ? RowErrors.rejected(answer.body(), inputs, type.idProperty) : Map.of());
        if (type.associator != null) {
            rejected.putAll(type.associator.associate(inputs, answer.body(), rejected));
        }
        return new Sent(
                rejected, WrittenObjects.replies(answer.body(), inputs, type.type, type.idProperty, config.mode()));
    }

    /**
     * Archives the objects the tombstones name: their ids are looked up by the id property (the archive
     * endpoint takes HubSpot's own ids only), and the objects not found are already gone.
     */
    private void archive(ObjectTypeTarget type, List<Input> inputs) throws Exception {
        if (inputs.isEmpty()) {
            return;
        }
        ObjectNode read = JSON.objectNode();
        read.put("idProperty", type.idProperty);
        read.putArray("properties");
        ArrayNode ids = read.putArray("inputs");
        inputs.forEach(input -> ids.addObject().put("id", input.id()));
        JsonNode found = client.post(type.objectsPath + "read", read).body();
        ObjectNode archive = JSON.objectNode();
        ArrayNode objects = archive.putArray("inputs");
        found.path("results")
                .forEach(object ->
                        objects.addObject().put("id", object.path("id").asText()));
        if (!objects.isEmpty()) {
            client.post(type.objectsPath + "archive", archive);
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
