package dev.outflow.connect.hubspot;

import java.net.URI;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import dev.outflow.connect.core.api.config.ConfigRule;
import dev.outflow.connect.core.api.config.ConfigRules;
import dev.outflow.connect.core.api.config.EnumNames;
import dev.outflow.connect.core.api.config.KeyRecommender;
import dev.outflow.connect.core.api.config.SinkConfig;
import dev.outflow.connect.core.api.config.TimeZoneName;
import dev.outflow.connect.core.api.config.When;

/** The HubSpot destination's keys (DESIGN.md 4, HubSpot). */
public final class HubSpotConfig extends AbstractConfig {

    static final String CONNECTION_GROUP = "HubSpot connection";
    static final String OBJECTS_GROUP = "HubSpot objects";
    static final String LIMITS_GROUP = "HubSpot limits";
    static final String ASSOCIATIONS_GROUP = "HubSpot associations";

    public static final String ACCESS_TOKEN = "hubspot.access.token";
    public static final String OAUTH_CLIENT_ID = "hubspot.oauth.client.id";
    public static final String OAUTH_CLIENT_SECRET = "hubspot.oauth.client.secret";
    public static final String OAUTH_REFRESH_TOKEN = "hubspot.oauth.refresh.token";
    public static final String API_URL = "hubspot.api.url";
    public static final String REQUEST_TIMEOUT_MS = "hubspot.request.timeout.ms";

    public static final String OBJECT_TYPE = "hubspot.object.type";
    public static final String OBJECT_TYPE_FIELD = "hubspot.object.type.field";
    public static final String MODE = "hubspot.mode";
    public static final String ID_PROPERTY = "hubspot.id.property";
    public static final String PROPERTY_MAP = "hubspot.property.map";
    public static final String UNKNOWN_PROPERTIES = "hubspot.unknown.properties";
    public static final String DELETE_BEHAVIOR = "hubspot.delete.behavior";

    public static final String ASSOCIATION_OBJECT_TYPE = "hubspot.association.object.type";
    public static final String ASSOCIATION_ID_PROPERTY = "hubspot.association.id.property";
    public static final String ASSOCIATION_FIELD = "hubspot.association.field";

    public static final String BATCH_SIZE = "hubspot.batch.size";
    public static final String REQUESTS_PER_10S = "hubspot.requests.per.10s";
    public static final String REQUESTS_PER_DAY = "hubspot.requests.per.day";
    public static final String ACCOUNT_TIME_ZONE = "hubspot.account.time.zone";
    public static final String SKIP_UNCHANGED_ENABLED = "hubspot.skip.unchanged.enabled";
    public static final String SKIP_UNCHANGED_MAX_KEYS = "hubspot.skip.unchanged.max.keys";

    /** HubSpot's API; emulators and gateways override it. */
    static final String HUBSPOT_API_URL = "https://api.hubapi.com";

    /** The contacts' built-in identifier, the id property when none is configured for contacts. */
    static final String CONTACTS_EMAIL = "email";

    /** The most inputs HubSpot's CRM object batch endpoints take in one request (REFERENCE.md). */
    static final int MAX_BATCH_INPUTS = 100;

    public enum Mode {
        UPSERT,
        CREATE,
        UPDATE
    }

    public enum UnknownProperties {
        FAIL,
        IGNORE
    }

    public enum DeleteBehavior {
        IGNORE,
        ARCHIVE
    }

    static final ConfigDef CONFIG_DEF = define(new ConfigDef());

    public HubSpotConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    private HubSpotConfig(ConfigDef definition, Map<?, ?> props) {
        super(definition, props, false);
    }

    /** Only {@code keys} parsed, whatever is wrong with the others: for the access check. */
    static HubSpotConfig only(Set<String> keys, Map<String, String> props) {
        return new HubSpotConfig(ConfigRules.only(CONFIG_DEF, keys), props);
    }

    private static ConfigDef define(ConfigDef def) {
        int order = 0;
        def.define(
                ACCESS_TOKEN,
                Type.PASSWORD,
                null,
                Importance.HIGH,
                "The access token of a HubSpot private app (pat-...). Best given through a config provider, e.g. "
                        + "${file:/etc/secrets/hubspot.properties:token}. Set this, or the three "
                        + "hubspot.oauth.* keys.",
                CONNECTION_GROUP,
                ++order,
                Width.LONG,
                "Private-app access token",
                List.of(OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_REFRESH_TOKEN),
                null);
        def.define(
                OAUTH_CLIENT_ID,
                Type.STRING,
                null,
                Importance.HIGH,
                "The client id of a HubSpot OAuth app, for OAuth instead of " + ACCESS_TOKEN + ".",
                CONNECTION_GROUP,
                ++order,
                Width.MEDIUM,
                "OAuth client id",
                List.of(),
                KeyRecommender.shownWhen(When.isNotSet(ACCESS_TOKEN)));
        def.define(
                OAUTH_CLIENT_SECRET,
                Type.PASSWORD,
                null,
                Importance.HIGH,
                "The client secret of the OAuth app.",
                CONNECTION_GROUP,
                ++order,
                Width.LONG,
                "OAuth client secret",
                List.of(),
                KeyRecommender.shownWhen(When.isNotSet(ACCESS_TOKEN)));
        def.define(
                OAUTH_REFRESH_TOKEN,
                Type.PASSWORD,
                null,
                Importance.HIGH,
                "A refresh token of the app's installation in the HubSpot account. The connector buys access tokens "
                        + "with it and buys a new one before the last expires (and once after a 401).",
                CONNECTION_GROUP,
                ++order,
                Width.LONG,
                "OAuth refresh token",
                List.of(),
                KeyRecommender.shownWhen(When.isNotSet(ACCESS_TOKEN)));
        def.define(
                API_URL,
                Type.STRING,
                HUBSPOT_API_URL,
                new HttpUrl(),
                Importance.LOW,
                "HubSpot's API endpoint. Change it only for a private gateway or an emulator.",
                CONNECTION_GROUP,
                ++order,
                Width.LONG,
                "API URL");
        def.define(
                REQUEST_TIMEOUT_MS,
                Type.INT,
                30_000,
                Range.between(1_000, 600_000),
                Importance.LOW,
                "How long one API call may take. A batch write that times out may have been applied: it is sent "
                        + "again, which converges in upsert and update modes and may be refused per row in create mode.",
                CONNECTION_GROUP,
                ++order,
                Width.SHORT,
                "Request timeout");

        order = 0;
        def.define(
                OBJECT_TYPE,
                Type.STRING,
                "contacts",
                new ConfigDef.NonEmptyString(),
                Importance.HIGH,
                "The CRM object type every record is written to: contacts, companies, deals, or a custom object's "
                        + "type id (2-1234567) or fully qualified name (p<account id>_<name>).",
                OBJECTS_GROUP,
                ++order,
                Width.MEDIUM,
                "Object type",
                List.of(),
                KeyRecommender.values("contacts", "companies", "deals"));
        def.define(
                OBJECT_TYPE_FIELD,
                Type.STRING,
                "",
                Importance.MEDIUM,
                "A record field that holds the object type each record is written to (routing several types "
                        + "through one connector), instead of one " + OBJECT_TYPE
                        + " for all. The field is not written as a property. A record without it, or naming a type "
                        + "HubSpot does not have, goes to the dead-letter queue. Every type shares the account's "
                        + "rate limits.",
                OBJECTS_GROUP,
                ++order,
                Width.MEDIUM,
                "Object type field",
                List.of(OBJECT_TYPE),
                null);
        def.define(
                MODE,
                Type.STRING,
                "upsert",
                ConfigDef.CaseInsensitiveValidString.in(EnumNames.of(Mode.values())),
                Importance.HIGH,
                "'upsert' creates or updates the object whose " + ID_PROPERTY + " holds the record's value (batch "
                        + "upsert); 'create' only creates (an existing unique value is refused per row); 'update' only "
                        + "updates (an unknown id is refused per row).",
                OBJECTS_GROUP,
                ++order,
                Width.SHORT,
                "Mode",
                List.of(ID_PROPERTY, DELETE_BEHAVIOR),
                KeyRecommender.values(EnumNames.of(Mode.values())));
        def.define(
                ID_PROPERTY,
                Type.STRING,
                "",
                Importance.HIGH,
                "For upsert and update: the HubSpot property that identifies an object, one with unique values "
                        + "(hasUniqueValue), whose value the record carries in the field of the same name (or the "
                        + "field mapped to it in " + PROPERTY_MAP + "). Empty: 'email' for contacts; required for "
                        + "other object types.",
                OBJECTS_GROUP,
                ++order,
                Width.MEDIUM,
                "Id property",
                List.of(),
                KeyRecommender.shownWhen(When.is(MODE, "upsert").or(When.is(MODE, "update"))));
        def.define(
                PROPERTY_MAP,
                Type.LIST,
                "",
                new PropertyMapValidator(),
                Importance.MEDIUM,
                "Renames, as field:property pairs, e.g. 'mail:email,score:churn_score'. A field not named here "
                        + "goes to the property of the same name. Nested fields are named parent.child.",
                OBJECTS_GROUP,
                ++order,
                Width.LONG,
                "Property map",
                List.of(UNKNOWN_PROPERTIES),
                null);
        def.define(
                UNKNOWN_PROPERTIES,
                Type.STRING,
                "fail",
                ConfigDef.CaseInsensitiveValidString.in(EnumNames.of(UnknownProperties.values())),
                Importance.MEDIUM,
                "A record field with no HubSpot property of its name (after " + PROPERTY_MAP + "): 'fail' sends "
                        + "the record to the dead-letter queue naming the field; 'ignore' leaves the field out. Kafka "
                        + "metadata fields (_topic, _key, ...) are never written unless mapped.",
                OBJECTS_GROUP,
                ++order,
                Width.SHORT,
                "Unknown properties",
                List.of(),
                KeyRecommender.values(EnumNames.of(UnknownProperties.values())));
        def.define(
                DELETE_BEHAVIOR,
                Type.STRING,
                "ignore",
                ConfigDef.CaseInsensitiveValidString.in(EnumNames.of(DeleteBehavior.values())),
                Importance.MEDIUM,
                "What a tombstone does, with behavior.on.null.values=delete: 'archive' the object whose "
                        + ID_PROPERTY + " holds the record key (or the key's field of that name), or 'ignore' it. "
                        + "Archiving needs upsert or update mode and the crm.objects.<type>.read scope.",
                OBJECTS_GROUP,
                ++order,
                Width.SHORT,
                "Delete behavior",
                List.of(),
                KeyRecommender.shownWhen(When.is(MODE, "upsert").or(When.is(MODE, "update")))
                        .withValues(EnumNames.of(DeleteBehavior.values())));

        order = 0;
        def.define(
                ASSOCIATION_OBJECT_TYPE,
                Type.STRING,
                "",
                Importance.MEDIUM,
                "Associate each written object with an object of this type (e.g. companies for contacts), found by "
                        + ASSOCIATION_ID_PROPERTY + ", with HubSpot's default association. Empty: no associations. "
                        + "Upsert and update modes only.",
                ASSOCIATIONS_GROUP,
                ++order,
                Width.MEDIUM,
                "Associated object type",
                List.of(ASSOCIATION_ID_PROPERTY, ASSOCIATION_FIELD),
                KeyRecommender.values("companies", "contacts", "deals"));
        def.define(
                ASSOCIATION_ID_PROPERTY,
                Type.STRING,
                "",
                Importance.MEDIUM,
                "The property of the associated type, with unique values, that finds the object to associate with "
                        + "(HubSpot's company domain is not unique: use a unique property of your own).",
                ASSOCIATIONS_GROUP,
                ++order,
                Width.MEDIUM,
                "Associated object's id property",
                List.of(),
                KeyRecommender.shownWhen(When.isSet(ASSOCIATION_OBJECT_TYPE)));
        def.define(
                ASSOCIATION_FIELD,
                Type.STRING,
                "",
                Importance.MEDIUM,
                "The record field holding that property's value; it is not written as a property. Empty: the field "
                        + "named like " + ASSOCIATION_ID_PROPERTY
                        + ". A record without a value is written, not associated.",
                ASSOCIATIONS_GROUP,
                ++order,
                Width.MEDIUM,
                "Association field",
                List.of(),
                KeyRecommender.shownWhen(When.isSet(ASSOCIATION_OBJECT_TYPE)));

        order = 0;
        def.define(
                BATCH_SIZE,
                Type.INT,
                MAX_BATCH_INPUTS,
                Range.between(1, MAX_BATCH_INPUTS),
                Importance.LOW,
                "The most objects in one batch request (HubSpot takes 100). Records with the same id in a batch "
                        + "are merged into one object first, so a request may carry more records than this.",
                LIMITS_GROUP,
                ++order,
                Width.SHORT,
                "Batch size");
        def.define(
                REQUESTS_PER_10S,
                Type.INT,
                100,
                Range.between(10, 10_000),
                Importance.MEDIUM,
                "API requests per rolling 10 seconds for this connector: its whole budget, divided among its tasks. "
                        + "HubSpot's: 100 on Free and Starter, 190 on Professional and Enterprise, 250 with the "
                        + "capacity pack, about 100 per OAuth app. Every private app of the account shares one budget: "
                        + "leave room for the other apps.",
                LIMITS_GROUP,
                ++order,
                Width.SHORT,
                "Requests per 10 s");
        def.define(
                REQUESTS_PER_DAY,
                Type.LONG,
                250_000L,
                Range.between(1_000, 100_000_000),
                Importance.MEDIUM,
                "API requests per day for this connector. HubSpot's daily budget: 250,000 on Free and Starter, "
                        + "650,000 on Professional, 1,000,000 on Enterprise, shared by the account's private apps. "
                        + "When HubSpot says the day's budget is spent, writes wait for the account's next day "
                        + "(see " + ACCOUNT_TIME_ZONE + ") instead of failing.",
                LIMITS_GROUP,
                ++order,
                Width.SHORT,
                "Requests per day");
        def.define(
                ACCOUNT_TIME_ZONE,
                Type.STRING,
                "UTC",
                new TimeZoneName("America/New_York"),
                Importance.LOW,
                "The HubSpot account's time zone: its daily budget starts again at midnight there.",
                LIMITS_GROUP,
                ++order,
                Width.SHORT,
                "Account time zone");
        def.define(
                SKIP_UNCHANGED_ENABLED,
                Type.BOOLEAN,
                false,
                Importance.LOW,
                "Remember a hash of the values HubSpot last accepted for each id, and count a record whose values "
                        + "are the same as written without sending it: an upstream that re-emits identical records "
                        + "spends no requests. Upsert and update modes only. A change made in HubSpot itself is not "
                        + "seen: a record equal to what the connector last wrote is skipped even then.",
                LIMITS_GROUP,
                ++order,
                Width.SHORT,
                "Skip unchanged records",
                List.of(SKIP_UNCHANGED_MAX_KEYS),
                null);
        def.define(
                SKIP_UNCHANGED_MAX_KEYS,
                Type.INT,
                100_000,
                Range.between(1, 10_000_000),
                Importance.LOW,
                "The most ids each task remembers for " + SKIP_UNCHANGED_ENABLED
                        + "; past it, the least recently written are forgotten (and written again when they "
                        + "come). About 100 bytes of heap per id.",
                LIMITS_GROUP,
                ++order,
                Width.SHORT,
                "Skip unchanged: ids remembered",
                List.of(),
                KeyRecommender.shownWhen(When.isTrue(SKIP_UNCHANGED_ENABLED)));
        // a batch request takes at most 100 objects: gathering many more rows per write only delays the ones past the
        // cut, which wait in the buffer for the next write anyway
        def.define(
                SinkConfig.BATCH_MAX_RECORDS,
                Type.INT,
                MAX_BATCH_INPUTS,
                Range.between(1, 100_000),
                Importance.MEDIUM,
                "The most rows gathered for one write. A write sends one batch request of at most " + BATCH_SIZE
                        + " objects; rows past it wait for the next write.",
                SinkConfig.BATCH_GROUP,
                99,
                Width.SHORT,
                "Batch records");
        return def;
    }

    /** The rules between keys, each message on every key it reads. */
    static final List<ConfigRule> RULES = List.of(
            ConfigRule.of(
                    HubSpotConfig::authProblem,
                    ACCESS_TOKEN,
                    OAUTH_CLIENT_ID,
                    OAUTH_CLIENT_SECRET,
                    OAUTH_REFRESH_TOKEN),
            ConfigRule.of(
                    c -> routed(c) && c.originals().containsKey(OBJECT_TYPE)
                            ? "set either " + OBJECT_TYPE + " (one type for every record) or " + OBJECT_TYPE_FIELD
                                    + " (the type in each record), not both"
                            : null,
                    OBJECT_TYPE,
                    OBJECT_TYPE_FIELD),
            ConfigRule.of(
                    c -> routed(c) && deleteBehavior(c) == DeleteBehavior.ARCHIVE
                            ? DELETE_BEHAVIOR + "=archive cannot be used with " + OBJECT_TYPE_FIELD
                                    + ": a tombstone has no value to name its object type"
                            : null,
                    DELETE_BEHAVIOR,
                    OBJECT_TYPE_FIELD),
            ConfigRule.of(
                    // routed by a field, the type is contacts by default (a type set too is refused above); records
                    // of types without an id property are then rejected one by one, naming the key
                    c -> mode(c) != Mode.CREATE
                                    && c.getString(ID_PROPERTY).isBlank()
                                    && !isContacts(c.getString(OBJECT_TYPE))
                            ? ID_PROPERTY + " must name a property with unique values when " + MODE + "="
                                    + mode(c).name().toLowerCase(Locale.ROOT) + " and " + OBJECT_TYPE
                                    + " is not contacts"
                            : null,
                    MODE,
                    ID_PROPERTY,
                    OBJECT_TYPE),
            ConfigRule.of(
                    c -> !c.getString(ASSOCIATION_OBJECT_TYPE).isBlank() && mode(c) == Mode.CREATE
                            ? ASSOCIATION_OBJECT_TYPE + " needs " + MODE
                                    + "=upsert or update: a write whose association "
                                    + "failed is sent again, which would create its objects twice"
                            : null,
                    ASSOCIATION_OBJECT_TYPE,
                    MODE),
            ConfigRule.of(
                    c -> !c.getString(ASSOCIATION_OBJECT_TYPE).isBlank()
                                    && c.getString(ASSOCIATION_ID_PROPERTY).isBlank()
                            ? ASSOCIATION_ID_PROPERTY + " must name a unique property of the associated type"
                            : null,
                    ASSOCIATION_OBJECT_TYPE,
                    ASSOCIATION_ID_PROPERTY),
            ConfigRule.of(
                    c -> deleteBehavior(c) == DeleteBehavior.ARCHIVE && mode(c) == Mode.CREATE
                            ? DELETE_BEHAVIOR + "=archive needs " + MODE
                                    + "=upsert or update: a tombstone names its object by " + ID_PROPERTY
                            : null,
                    DELETE_BEHAVIOR,
                    MODE),
            ConfigRule.of(
                    c -> deleteBehavior(c) == DeleteBehavior.ARCHIVE
                                    && !"delete".equalsIgnoreCase(c.getString(SinkConfig.NULL_VALUES))
                            ? DELETE_BEHAVIOR + "=archive needs " + SinkConfig.NULL_VALUES
                                    + "=delete, or tombstones never reach the connector"
                            : null,
                    DELETE_BEHAVIOR,
                    SinkConfig.NULL_VALUES),
            ConfigRule.of(
                    c -> c.getBoolean(SKIP_UNCHANGED_ENABLED) && mode(c) == Mode.CREATE
                            ? SKIP_UNCHANGED_ENABLED + " needs " + MODE
                                    + "=upsert or update: it remembers what was written by the id property"
                            : null,
                    SKIP_UNCHANGED_ENABLED,
                    MODE));

    private static String authProblem(AbstractConfig c) {
        boolean token = set(c.getPassword(ACCESS_TOKEN));
        int oauth = (c.getString(OAUTH_CLIENT_ID) == null
                                || c.getString(OAUTH_CLIENT_ID).isBlank()
                        ? 0
                        : 1)
                + (set(c.getPassword(OAUTH_CLIENT_SECRET)) ? 1 : 0)
                + (set(c.getPassword(OAUTH_REFRESH_TOKEN)) ? 1 : 0);
        if (token && oauth > 0) {
            return "set either " + ACCESS_TOKEN
                    + " (a private app) or the hubspot.oauth.* keys (an OAuth app), not both";
        }
        if (!token && oauth == 0) {
            return "set " + ACCESS_TOKEN + " (a private app), or " + OAUTH_CLIENT_ID + ", " + OAUTH_CLIENT_SECRET
                    + " and " + OAUTH_REFRESH_TOKEN + " (an OAuth app)";
        }
        if (!token && oauth < 3) {
            return "OAuth needs all three of " + OAUTH_CLIENT_ID + ", " + OAUTH_CLIENT_SECRET + " and "
                    + OAUTH_REFRESH_TOKEN;
        }
        return null;
    }

    private static boolean set(Password password) {
        return password != null && password.value() != null && !password.value().isBlank();
    }

    static boolean isContacts(String objectType) {
        String type = objectType.trim().toLowerCase(Locale.ROOT);
        return type.equals("contacts") || type.equals("0-1");
    }

    /** The word of an object type's scopes, {@code crm.objects.<word>.write}: custom objects share "custom". */
    static String scopeName(String objectType) {
        return switch (objectType.trim().toLowerCase(Locale.ROOT)) {
            case "contacts", "0-1" -> "contacts";
            case "companies", "0-2" -> "companies";
            case "deals", "0-3" -> "deals";
            default -> "custom";
        };
    }

    private static Mode mode(AbstractConfig config) {
        return Mode.valueOf(config.getString(MODE).trim().toUpperCase(Locale.ROOT));
    }

    private static boolean routed(AbstractConfig config) {
        return !config.getString(OBJECT_TYPE_FIELD).isBlank();
    }

    private static DeleteBehavior deleteBehavior(AbstractConfig config) {
        return DeleteBehavior.valueOf(config.getString(DELETE_BEHAVIOR).trim().toUpperCase(Locale.ROOT));
    }

    /** field:property pairs, each side non-empty, each field once. */
    static final class PropertyMapValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            parsePropertyMap(name, value);
        }

        @Override
        public String toString() {
            return "field:property pairs, e.g. mail:email,score:churn_score";
        }
    }

    private static Map<String, String> parsePropertyMap(String name, Object value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null) {
            return map;
        }
        for (Object item : (List<?>) value) {
            String pair = String.valueOf(item).trim();
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new ConfigException(name, pair, "each entry is field:property, with both sides non-empty");
            }
            String field = pair.substring(0, colon).trim();
            String property = pair.substring(colon + 1).trim();
            if (field.isEmpty() || property.isEmpty()) {
                throw new ConfigException(name, pair, "each entry is field:property, with both sides non-empty");
            }
            if (map.put(field, property) != null) {
                throw new ConfigException(name, field, "the field is mapped twice");
            }
        }
        return map;
    }

    /** An http or https URL; the value is not echoed, as a gateway URL may hold a credential. */
    static final class HttpUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                URI uri = new URI(String.valueOf(value).trim());
                if (uri.getHost() == null
                        || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                    throw new ConfigException(name + " must be an http(s) URL with a host");
                }
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(name + " is not a valid URL");
            }
        }

        @Override
        public String toString() {
            return "an http(s) URL";
        }
    }

    Password accessToken() {
        Password token = getPassword(ACCESS_TOKEN);
        return set(token) ? token : null;
    }

    String oauthClientId() {
        return getString(OAUTH_CLIENT_ID);
    }

    Password oauthClientSecret() {
        return getPassword(OAUTH_CLIENT_SECRET);
    }

    Password oauthRefreshToken() {
        return getPassword(OAUTH_REFRESH_TOKEN);
    }

    URI apiUrl() {
        String url = getString(API_URL).trim();
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    int requestTimeoutMs() {
        return getInt(REQUEST_TIMEOUT_MS);
    }

    String objectType() {
        return getString(OBJECT_TYPE).trim();
    }

    Mode mode() {
        return mode(this);
    }

    /** The record field that names each record's object type, or null when every record goes to {@link #objectType}. */
    String objectTypeField() {
        return routed(this) ? getString(OBJECT_TYPE_FIELD).trim() : null;
    }

    /**
     * The id property of upsert and update: the configured one, or contacts' e-mail. Null in create mode, and
     * when none is configured for another type (a rule between the keys reports that).
     */
    String idProperty() {
        return idProperty(objectType());
    }

    /** The id property of {@code type}'s objects, as {@link #idProperty()} says. */
    String idProperty(String type) {
        if (mode() == Mode.CREATE) {
            return null;
        }
        String configured = getString(ID_PROPERTY).trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        return isContacts(type) ? CONTACTS_EMAIL : null;
    }

    Map<String, String> propertyMap() {
        return parsePropertyMap(PROPERTY_MAP, getList(PROPERTY_MAP));
    }

    UnknownProperties unknownProperties() {
        return UnknownProperties.valueOf(getString(UNKNOWN_PROPERTIES).trim().toUpperCase(Locale.ROOT));
    }

    DeleteBehavior deleteBehavior() {
        return deleteBehavior(this);
    }

    /** The type written objects are associated with, or null for none. */
    String associationObjectType() {
        String type = getString(ASSOCIATION_OBJECT_TYPE).trim();
        return type.isEmpty() ? null : type;
    }

    String associationIdProperty() {
        return getString(ASSOCIATION_ID_PROPERTY).trim();
    }

    /** The record field with the associated object's id value. */
    String associationField() {
        String field = getString(ASSOCIATION_FIELD).trim();
        return field.isEmpty() ? associationIdProperty() : field;
    }

    int batchSize() {
        return getInt(BATCH_SIZE);
    }

    int requestsPer10s() {
        return getInt(REQUESTS_PER_10S);
    }

    long requestsPerDay() {
        return getLong(REQUESTS_PER_DAY);
    }

    /** The most ids to remember values of, or 0 when unchanged records are not skipped. */
    int skipUnchangedMaxKeys() {
        return getBoolean(SKIP_UNCHANGED_ENABLED) ? getInt(SKIP_UNCHANGED_MAX_KEYS) : 0;
    }

    ZoneId accountZone() {
        return ZoneId.of(getString(ACCOUNT_TIME_ZONE));
    }
}
