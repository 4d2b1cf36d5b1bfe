package dev.outflow.connect.hubspot;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outflow.connect.core.api.config.ConfigProblem;
import dev.outflow.connect.hubspot.HubSpotConfig.DeleteBehavior;
import dev.outflow.connect.hubspot.HubSpotConfig.Mode;

/**
 * What {@code validate()} checks against HubSpot before the connector is created, each problem on the
 * key to fix: the credentials work (an OAuth refresh token is traded for an access token); the object
 * type exists and its properties can be read ({@code crm.schemas.<type>.read}); the app may write the
 * type ({@code crm.objects.<type>.write}, checked with an archive request of no objects, which changes
 * nothing) and, to archive on tombstones, read it; every property {@code hubspot.property.map} names
 * exists and is writable; the id property exists and has unique values; with associations, the other
 * type exists, its id property has unique values, and the app may read it and associate the two types
 * (an association request of no pairs). Types of values are not
 * checked here: what records carry is unknown until they come.
 */
final class HubSpotAccessCheck {

    /** The keys the check needs valid. */
    static final Set<String> KEYS = Set.of(
            HubSpotConfig.ACCESS_TOKEN,
            HubSpotConfig.OAUTH_CLIENT_ID,
            HubSpotConfig.OAUTH_CLIENT_SECRET,
            HubSpotConfig.OAUTH_REFRESH_TOKEN,
            HubSpotConfig.API_URL,
            HubSpotConfig.REQUEST_TIMEOUT_MS,
            HubSpotConfig.OBJECT_TYPE,
            HubSpotConfig.OBJECT_TYPE_FIELD,
            HubSpotConfig.MODE,
            HubSpotConfig.ID_PROPERTY,
            HubSpotConfig.PROPERTY_MAP,
            HubSpotConfig.DELETE_BEHAVIOR,
            HubSpotConfig.ASSOCIATION_OBJECT_TYPE,
            HubSpotConfig.ASSOCIATION_ID_PROPERTY);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final HubSpotConfig config;
    private final Clock clock;
    private final List<ConfigProblem> problems = new ArrayList<>();

    HubSpotAccessCheck(Map<String, String> props, Clock clock) {
        this.config = HubSpotConfig.only(KEYS, props);
        this.clock = clock;
    }

    List<ConfigProblem> problems() {
        boolean oauth = config.oauthClientId() != null && config.oauthRefreshToken() != null;
        if (config.accessToken() == null && !oauth) {
            return problems; // no way to sign in: the rule between the credential keys says what to set
        }
        if (config.objectTypeField() != null) {
            // the types come with the records: each is checked by its first write (a missing scope fails the task
            // naming it, an unknown type rejects its records)
            return problems;
        }
        // a few requests, each answer reported as it comes: the rate-limit headers need not be read ahead
        HubSpotClient client = new HubSpotClient(config, clock, headers -> {});
        String credentialKey = client.usesOAuth() ? HubSpotConfig.OAUTH_REFRESH_TOKEN : HubSpotConfig.ACCESS_TOKEN;
        String type = config.objectType();
        String objects = "/crm/v3/objects/" + HubSpotClient.segment(type) + "/batch/";
        try {
            Map<String, Property> properties =
                    Property.byName(client.get("/crm/v3/properties/" + HubSpotClient.segment(type))
                            .body());
            ObjectNode nothing = JSON.objectNode();
            nothing.putArray("inputs");
            if (scopeMissing(client, objects + "archive", nothing, credentialKey, "write", type)) {
                return problems;
            }
            if (config.mode() != Mode.CREATE && config.deleteBehavior() == DeleteBehavior.ARCHIVE) {
                ObjectNode read = nothing.deepCopy();
                read.putArray("properties");
                scopeMissing(client, objects + "read", read, HubSpotConfig.DELETE_BEHAVIOR, "read", type);
            }
            checkProperties(properties);
            if (config.associationObjectType() != null) {
                checkAssociations(client, credentialKey);
            }
        } catch (TokenRefreshException e) {
            problems.add(new ConfigProblem(
                    HubSpotConfig.OAUTH_REFRESH_TOKEN,
                    e.getMessage() + ": check " + HubSpotConfig.OAUTH_CLIENT_ID + ", "
                            + HubSpotConfig.OAUTH_CLIENT_SECRET + " and the refresh token of the app's installation"));
        } catch (HubSpotException e) {
            problems.add(problemWith(e, credentialKey, "crm.schemas." + HubSpotConfig.scopeName(type) + ".read"));
        } catch (IOException e) {
            problems.add(new ConfigProblem(
                    HubSpotConfig.API_URL,
                    "HubSpot could not be reached to check the credentials and properties ("
                            + e.getClass().getSimpleName() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return problems;
    }

    /** Whether the app lacks the scope a call needs (a 403); any other answer means the scope is there. */
    private boolean scopeMissing(
            HubSpotClient client, String path, ObjectNode body, String key, String access, String type)
            throws IOException, InterruptedException, TokenRefreshException {
        try {
            client.post(path, body);
        } catch (HubSpotException e) {
            if (e.status() == 403) {
                problems.add(problemWith(e, key, "crm.objects." + HubSpotConfig.scopeName(type) + "." + access));
                return true;
            }
        }
        return false;
    }

    private void checkAssociations(HubSpotClient client, String credentialKey)
            throws IOException, InterruptedException, TokenRefreshException {
        String toType = config.associationObjectType();
        Map<String, Property> properties;
        try {
            properties = Property.byName(client.get("/crm/v3/properties/" + HubSpotClient.segment(toType))
                    .body());
        } catch (HubSpotException e) {
            problems.add(
                    e.safeMessage() != null && e.safeMessage().startsWith("Unable to infer object type")
                            ? new ConfigProblem(
                                    HubSpotConfig.ASSOCIATION_OBJECT_TYPE, "HubSpot has no object type " + toType)
                            : problemWith(
                                    e, credentialKey, "crm.schemas." + HubSpotConfig.scopeName(toType) + ".read"));
            return;
        }
        String idProperty = config.associationIdProperty();
        Property id = properties.get(idProperty);
        if (!idProperty.isEmpty() && (id == null || !id.unique())) {
            problems.add(new ConfigProblem(
                    HubSpotConfig.ASSOCIATION_ID_PROPERTY,
                    idProperty + (id == null ? " is not a property of " + toType : " does not have unique values")
                            + ": the associated object is found by a property with unique values"));
        }
        ObjectNode nothing = JSON.objectNode();
        nothing.putArray("inputs");
        if (scopeMissing(
                client,
                "/crm/v3/objects/" + HubSpotClient.segment(toType) + "/batch/read",
                nothing,
                credentialKey,
                "read",
                toType)) {
            return;
        }
        try {
            client.post(
                    "/crm/v4/associations/" + HubSpotClient.segment(config.objectType()) + "/"
                            + HubSpotClient.segment(toType) + "/batch/associate/default",
                    nothing);
        } catch (HubSpotException e) {
            problems.add(
                    e.status() == 400
                            ? new ConfigProblem(
                                    HubSpotConfig.ASSOCIATION_OBJECT_TYPE,
                                    "HubSpot has no default association between " + config.objectType() + " and "
                                            + toType)
                            : problemWith(
                                    e, credentialKey, "crm.objects." + HubSpotConfig.scopeName(toType) + ".write"));
        }
    }

    private ConfigProblem problemWith(HubSpotException e, String credentialKey, String expectedScope) {
        if (e.status() == 401) {
            return new ConfigProblem(credentialKey, e.getMessage() + ": HubSpot does not accept the credentials");
        }
        if (e.status() == 403) {
            String scope = e.requiredScopes().isEmpty() ? expectedScope : String.join(", ", e.requiredScopes());
            return new ConfigProblem(
                    credentialKey,
                    e.getMessage() + ": the app lacks the scope " + scope + "; add it to the app"
                            + (credentialKey.equals(HubSpotConfig.ACCESS_TOKEN) ? "" : " and reinstall it"));
        }
        if (e.safeMessage() != null && e.safeMessage().startsWith("Unable to infer object type")) {
            return new ConfigProblem(
                    HubSpotConfig.OBJECT_TYPE,
                    "HubSpot has no object type " + config.objectType()
                            + ": use contacts, companies, deals, or a custom object's type id (2-...)");
        }
        return new ConfigProblem(
                HubSpotConfig.API_URL, "the check of the credentials and properties failed: " + e.getMessage());
    }

    private void checkProperties(Map<String, Property> properties) {
        String type = config.objectType();
        config.propertyMap().forEach((field, name) -> {
            Property property = properties.get(name);
            if (property == null) {
                problems.add(new ConfigProblem(
                        HubSpotConfig.PROPERTY_MAP,
                        "field " + field + " is mapped to " + name + ", which is not a property of " + type));
            } else if (property.readOnly()) {
                problems.add(new ConfigProblem(
                        HubSpotConfig.PROPERTY_MAP,
                        "field " + field + " is mapped to " + name + ", which is read-only in HubSpot"));
            }
        });
        String idProperty = config.idProperty();
        if (idProperty == null) {
            return;
        }
        Property id = properties.get(idProperty);
        if (id == null) {
            problems.add(new ConfigProblem(HubSpotConfig.ID_PROPERTY, idProperty + " is not a property of " + type));
        } else if (!id.unique()
                && !(HubSpotConfig.isContacts(type) && idProperty.equals(HubSpotConfig.CONTACTS_EMAIL))) {
            problems.add(new ConfigProblem(
                    HubSpotConfig.ID_PROPERTY,
                    idProperty + " does not have unique values in HubSpot, so it cannot identify an object: use a "
                            + "property created with 'Require unique values'"
                            + (HubSpotConfig.isContacts(type) ? ", or email" : "")));
        }
    }
}
