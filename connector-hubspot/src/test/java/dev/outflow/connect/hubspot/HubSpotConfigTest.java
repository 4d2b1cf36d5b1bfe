package dev.outflow.connect.hubspot;

import static dev.outflow.connect.hubspot.HubSpotTestSupport.props;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.outflow.connect.testkit.hubspot.HubSpotEmulator;
import dev.outflow.connect.testkit.hubspot.PropertyDefinition;

/** The keys, the rules between them and the access check, as {@code validate()} reports them: every problem on its key. */
class HubSpotConfigTest {

    private HubSpotEmulator hubspot;
    private String token;

    @BeforeEach
    void start() {
        hubspot = new HubSpotEmulator();
        token = hubspot.createToken(HubSpotEmulator.ALL_SCOPES);
        hubspot.defineProperty("contacts", PropertyDefinition.number("score"));
        hubspot.defineProperty(
                "contacts", PropertyDefinition.string("external_id").unique());
        hubspot.defineProperty(
                "contacts", PropertyDefinition.string("legacy_code").readOnly());
    }

    @AfterEach
    void stop() {
        hubspot.close();
    }

    private static Map<String, ConfigValue> validate(Map<String, String> props) {
        Map<String, String> config = new HashMap<>(props);
        config.put("connector.class", HubSpotSinkConnector.class.getName());
        config.put("topics", "scores");
        Map<String, ConfigValue> byKey = new HashMap<>();
        new HubSpotSinkConnector().validate(config).configValues().forEach(v -> byKey.put(v.name(), v));
        return byKey;
    }

    /** Key -> its error messages, for the keys that have any. */
    private static Map<String, List<String>> errors(Map<String, String> props) {
        Map<String, List<String>> errors = new HashMap<>();
        validate(props).forEach((key, value) -> {
            if (!value.errorMessages().isEmpty()) {
                errors.put(key, value.errorMessages());
            }
        });
        return errors;
    }

    private String[] oauth() {
        return new String[] {
            HubSpotConfig.ACCESS_TOKEN, null,
            HubSpotConfig.OAUTH_CLIENT_ID, "client-1",
            HubSpotConfig.OAUTH_CLIENT_SECRET, "secret-1",
            HubSpotConfig.OAUTH_REFRESH_TOKEN, "refresh-1"
        };
    }

    @Test
    void aWorkingTokenWithItsScopesAndKnownPropertiesValidates() {
        assertThat(errors(props(hubspot, token, HubSpotConfig.PROPERTY_MAP, "points:score")))
                .isEmpty();
    }

    @Test
    void exactlyOneWayToSignInIsSet() {
        Map<String, List<String>> both = errors(props(
                hubspot,
                token,
                HubSpotConfig.OAUTH_CLIENT_ID,
                "client-1",
                HubSpotConfig.OAUTH_CLIENT_SECRET,
                "secret-1",
                HubSpotConfig.OAUTH_REFRESH_TOKEN,
                "refresh-1"));
        assertThat(both)
                .containsOnlyKeys(
                        HubSpotConfig.ACCESS_TOKEN,
                        HubSpotConfig.OAUTH_CLIENT_ID,
                        HubSpotConfig.OAUTH_CLIENT_SECRET,
                        HubSpotConfig.OAUTH_REFRESH_TOKEN);
        assertThat(both.get(HubSpotConfig.ACCESS_TOKEN).get(0))
                .contains("not both")
                .doesNotContain(token);

        assertThat(errors(props(hubspot, null)).get(HubSpotConfig.ACCESS_TOKEN).get(0))
                .contains(HubSpotConfig.OAUTH_REFRESH_TOKEN);
        assertThat(errors(props(hubspot, null, HubSpotConfig.OAUTH_CLIENT_ID, "client-1"))
                        .get(HubSpotConfig.OAUTH_CLIENT_ID)
                        .get(0))
                .contains("all three");
    }

    @Test
    void oauthKeysAreShownOnlyWithoutAnAccessTokenAndTheIdPropertyOnlyWhereItApplies() {
        Map<String, ConfigValue> withToken = validate(props(hubspot, token, HubSpotConfig.MODE, "create"));
        assertThat(withToken.get(HubSpotConfig.OAUTH_CLIENT_ID).visible()).isFalse();
        assertThat(withToken.get(HubSpotConfig.ID_PROPERTY).visible()).isFalse();
        assertThat(withToken.get(HubSpotConfig.MODE).recommendedValues()).containsExactly("upsert", "create", "update");

        Map<String, ConfigValue> upsert = validate(props(hubspot, token));
        assertThat(upsert.get(HubSpotConfig.ID_PROPERTY).visible()).isTrue();
    }

    @Test
    void rulesBetweenKeysNameEveryKeyInvolved() {
        Map<String, List<String>> companies = errors(props(hubspot, token, HubSpotConfig.OBJECT_TYPE, "companies"));
        assertThat(companies)
                .containsOnlyKeys(HubSpotConfig.ID_PROPERTY, HubSpotConfig.MODE, HubSpotConfig.OBJECT_TYPE);
        assertThat(companies.get(HubSpotConfig.ID_PROPERTY))
                .singleElement()
                .asString()
                .contains("must name a property with unique values");

        Map<String, List<String>> archive =
                errors(props(hubspot, token, HubSpotConfig.DELETE_BEHAVIOR, "archive", HubSpotConfig.MODE, "create"));
        assertThat(archive.get(HubSpotConfig.DELETE_BEHAVIOR))
                .anySatisfy(m -> assertThat(m).contains("upsert or update"))
                .anySatisfy(m -> assertThat(m).contains("behavior.on.null.values=delete"));
        assertThat(archive).containsKeys(HubSpotConfig.MODE, "behavior.on.null.values");

        Map<String, List<String>> skip = errors(
                props(hubspot, token, HubSpotConfig.SKIP_UNCHANGED_ENABLED, "true", HubSpotConfig.MODE, "create"));
        assertThat(skip).containsOnlyKeys(HubSpotConfig.SKIP_UNCHANGED_ENABLED, HubSpotConfig.MODE);
        assertThat(skip.get(HubSpotConfig.SKIP_UNCHANGED_ENABLED))
                .singleElement()
                .asString()
                .contains("upsert or update");

        assertThat(errors(props(hubspot, token, HubSpotConfig.BATCH_SIZE, "101")))
                .containsKey(HubSpotConfig.BATCH_SIZE);
        assertThat(errors(props(hubspot, token, HubSpotConfig.PROPERTY_MAP, "score")))
                .containsKey(HubSpotConfig.PROPERTY_MAP);
        assertThat(errors(props(hubspot, token, HubSpotConfig.API_URL, "ftp://x")))
                .containsKey(HubSpotConfig.API_URL);
    }

    @Test
    void everyPropertyProblemIsReportedAtOnceOnItsKey() {
        Map<String, List<String>> errors = errors(props(
                hubspot,
                token,
                HubSpotConfig.PROPERTY_MAP,
                "points:score,nick:nickname,code:legacy_code",
                HubSpotConfig.ID_PROPERTY,
                "firstname"));

        assertThat(errors).containsOnlyKeys(HubSpotConfig.PROPERTY_MAP, HubSpotConfig.ID_PROPERTY);
        assertThat(errors.get(HubSpotConfig.PROPERTY_MAP))
                .containsExactlyInAnyOrder(
                        "field nick is mapped to nickname, which is not a property of contacts",
                        "field code is mapped to legacy_code, which is read-only in HubSpot");
        assertThat(errors.get(HubSpotConfig.ID_PROPERTY).get(0)).contains("firstname", "unique values");
        assertThat(errors(props(hubspot, token, HubSpotConfig.ID_PROPERTY, "external_id")))
                .isEmpty();
        assertThat(errors(props(hubspot, token, HubSpotConfig.ID_PROPERTY, "nope"))
                        .get(HubSpotConfig.ID_PROPERTY))
                .containsExactly("nope is not a property of contacts");
    }

    @Test
    void associationsAreCheckedOnTheirKeys() {
        hubspot.defineProperty(
                "companies", PropertyDefinition.string("company_key").unique());
        assertThat(errors(props(
                        hubspot,
                        token,
                        HubSpotConfig.ASSOCIATION_OBJECT_TYPE,
                        "companies",
                        HubSpotConfig.ASSOCIATION_ID_PROPERTY,
                        "company_key")))
                .isEmpty();

        assertThat(errors(props(
                        hubspot,
                        token,
                        HubSpotConfig.ASSOCIATION_OBJECT_TYPE,
                        "companies",
                        HubSpotConfig.ASSOCIATION_ID_PROPERTY,
                        "domain")))
                .containsOnlyKeys(HubSpotConfig.ASSOCIATION_ID_PROPERTY);
        assertThat(errors(props(
                        hubspot,
                        token,
                        HubSpotConfig.ASSOCIATION_OBJECT_TYPE,
                        "2-404",
                        HubSpotConfig.ASSOCIATION_ID_PROPERTY,
                        "key")))
                .containsOnlyKeys(HubSpotConfig.ASSOCIATION_OBJECT_TYPE);
        assertThat(errors(props(hubspot, token, HubSpotConfig.ASSOCIATION_OBJECT_TYPE, "companies")))
                .containsOnlyKeys(HubSpotConfig.ASSOCIATION_OBJECT_TYPE, HubSpotConfig.ASSOCIATION_ID_PROPERTY);
        assertThat(errors(props(
                        hubspot,
                        token,
                        HubSpotConfig.MODE,
                        "create",
                        HubSpotConfig.ASSOCIATION_OBJECT_TYPE,
                        "companies",
                        HubSpotConfig.ASSOCIATION_ID_PROPERTY,
                        "company_key")))
                .containsOnlyKeys(HubSpotConfig.ASSOCIATION_OBJECT_TYPE, HubSpotConfig.MODE);

        String contactsOnly = hubspot.createToken(
                "crm.schemas.contacts.read", "crm.objects.contacts.write", "crm.schemas.companies.read");
        assertThat(errors(props(
                                hubspot,
                                contactsOnly,
                                HubSpotConfig.ASSOCIATION_OBJECT_TYPE,
                                "companies",
                                HubSpotConfig.ASSOCIATION_ID_PROPERTY,
                                "company_key"))
                        .get(HubSpotConfig.ACCESS_TOKEN))
                .singleElement()
                .asString()
                .contains("crm.objects.companies.read");
    }

    @Test
    void aRejectedTokenIsReportedOnItsKeyWithoutTheToken() {
        hubspot.revokeToken(token);

        Map<String, List<String>> errors = errors(props(hubspot, token));

        assertThat(errors).containsOnlyKeys(HubSpotConfig.ACCESS_TOKEN);
        assertThat(errors.get(HubSpotConfig.ACCESS_TOKEN).get(0))
                .contains("401")
                .doesNotContain(token);
    }

    @Test
    void missingScopesAreNamedOnTheCredentialKeyOrTheKeyThatNeedsThem() {
        String noSchemas = hubspot.createToken("crm.objects.contacts.write");
        assertThat(errors(props(hubspot, noSchemas))
                        .get(HubSpotConfig.ACCESS_TOKEN)
                        .get(0))
                .contains("crm.schemas.contacts.read")
                .doesNotContain(noSchemas);

        String noWrite = hubspot.createToken("crm.schemas.contacts.read", "crm.objects.contacts.read");
        assertThat(errors(props(hubspot, noWrite))
                        .get(HubSpotConfig.ACCESS_TOKEN)
                        .get(0))
                .contains("crm.objects.contacts.write");

        String noRead = hubspot.createToken("crm.schemas.contacts.read", "crm.objects.contacts.write");
        assertThat(errors(props(
                        hubspot,
                        noRead,
                        HubSpotConfig.DELETE_BEHAVIOR,
                        "archive",
                        "behavior.on.null.values",
                        "delete")))
                .containsOnlyKeys(HubSpotConfig.DELETE_BEHAVIOR);
    }

    @Test
    void anUnknownObjectTypeIsReportedOnItsKey() {
        assertThat(errors(props(hubspot, token, HubSpotConfig.OBJECT_TYPE, "2-404", HubSpotConfig.ID_PROPERTY, "vin")))
                .containsOnlyKeys(HubSpotConfig.OBJECT_TYPE);
    }

    @Test
    void oauthCredentialsAreCheckedByRefreshingWithoutShowingThem() {
        hubspot.createOAuthApp("client-1", "secret-1");
        hubspot.issueRefreshToken("client-1", "crm.schemas.contacts.read", "crm.objects.contacts.write");

        Map<String, List<String>> errors = errors(props(hubspot, null, oauth()));

        assertThat(errors).containsOnlyKeys(HubSpotConfig.OAUTH_REFRESH_TOKEN);
        assertThat(errors.get(HubSpotConfig.OAUTH_REFRESH_TOKEN).get(0))
                .contains("BAD_REFRESH_TOKEN")
                .doesNotContain("refresh-1")
                .doesNotContain("secret-1");
    }

    @Test
    void anUnreachableApiIsReportedOnTheUrlKey() {
        int port = hubspot.port();
        hubspot.close();

        assertThat(errors(props(hubspot, token, HubSpotConfig.API_URL, "http://127.0.0.1:" + port)))
                .containsOnlyKeys(HubSpotConfig.API_URL);
    }
}
