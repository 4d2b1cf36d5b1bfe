package dev.outflow.connect.testkit.sheets;

import static dev.outflow.connect.testkit.sheets.EmulatorClients.assertApiError;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.batch;
import static dev.outflow.connect.testkit.sheets.EmulatorClients.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.SheetsScopes;
import com.google.api.services.sheets.v4.model.AppendCellsRequest;
import com.google.api.services.sheets.v4.model.Request;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;

import dev.outflow.connect.testkit.ManualClock;

class SheetsEmulatorAuthTest {

    ManualClock clock = new ManualClock();
    SheetsEmulator emulator;
    String key;
    String email;
    String id;

    @BeforeEach
    void start() {
        emulator = new SheetsEmulator(clock);
        key = emulator.createServiceAccount("connector");
        email = emulator.serviceAccountEmail("connector");
        id = emulator.createSpreadsheet("auth-sheet", email);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    static Request append(String value) {
        return new Request()
                .setAppendCells(new AppendCellsRequest()
                        .setSheetId(0)
                        .setRows(List.of(row(value)))
                        .setFields("userEnteredValue"));
    }

    @Test
    void serviceAccountKeyLooksLikeGooglesAndPointsHere() throws Exception {
        ObjectNode json = (ObjectNode) EmulatorClients.MAPPER.readTree(key);
        assertThat(json.get("type").asText()).isEqualTo("service_account");
        assertThat(json.get("client_email").asText()).isEqualTo("connector@outflow-emulator.iam.gserviceaccount.com");
        assertThat(json.get("token_uri").asText()).isEqualTo(emulator.tokenUri());
        assertThat(json.get("private_key").asText()).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(json.get("private_key_id").asText()).hasSize(40);
    }

    @Test
    void jwtBearerTokenFlowWithTheRealCredentials() throws Exception {
        GoogleCredentials credentials = EmulatorClients.credentials(key, List.of(SheetsScopes.SPREADSHEETS));
        Sheets sheets = EmulatorClients.sheets(emulator, new HttpCredentialsAdapter(credentials));
        batch(sheets, id, append("hello"));
        assertThat(credentials.getAccessToken().getTokenValue()).startsWith("ya29.emu-");
        assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("hello"));
    }

    @Test
    void badSignatureIsAnInvalidGrant() throws Exception {
        // a key JSON naming this account but holding another account's private key
        ObjectNode forged = (ObjectNode) EmulatorClients.MAPPER.readTree(key);
        ObjectNode other = (ObjectNode) EmulatorClients.MAPPER.readTree(emulator.createServiceAccount("other"));
        forged.put("private_key", other.get("private_key").asText());
        GoogleCredentials credentials = EmulatorClients.credentials(
                EmulatorClients.MAPPER.writeValueAsString(forged), List.of(SheetsScopes.SPREADSHEETS));
        assertThatThrownBy(credentials::refresh)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("400")
                .hasMessageContaining("\"error\": \"invalid_grant\"")
                .hasMessageContaining("\"error_description\": \"Invalid JWT Signature.\"");
        Sheets sheets = EmulatorClients.sheets(emulator, new HttpCredentialsAdapter(credentials));
        assertThatThrownBy(() -> batch(sheets, id, append("x")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Invalid JWT Signature.");
        assertThat(emulator.values(id, "Sheet1")).isEmpty();
    }

    @Test
    void unknownAccountAndGarbageAssertionsAreInvalidGrants() throws Exception {
        emulator.deleteServiceAccount(email);
        GoogleCredentials credentials = EmulatorClients.credentials(key, List.of(SheetsScopes.SPREADSHEETS));
        assertThatThrownBy(credentials::refresh).hasMessageContaining("Invalid JWT Signature.");

        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String payload = b64("{\"iss\":\"" + email + "\",\"aud\":\"https://oauth2.googleapis.com/token\"}");
        String form =
                "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                        + "&assertion=" + header + "." + payload + "." + b64("not a signature");
        EmulatorClients.Raw raw = EmulatorClients.raw(
                "POST",
                emulator.tokenUri(),
                null,
                form.getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(raw.status()).isEqualTo(400);
        assertThat(raw.body().toString())
                .isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void apiCallsNeedABearerTokenIssuedHere() throws Exception {
        String url = emulator.rootUrl() + "v4/spreadsheets/" + id;
        EmulatorClients.Raw missing = EmulatorClients.raw("GET", url, null, null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().at("/error/status").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(missing.body().at("/error/message").asText())
                .startsWith("Request is missing required authentication credential.");
        assertThat(missing.body().at("/error/details/0/reason").asText()).isEqualTo("CREDENTIALS_MISSING");

        EmulatorClients.Raw bogus = EmulatorClients.raw("GET", url, "ya29.not-issued-here", null);
        assertThat(bogus.status()).isEqualTo(401);
        assertThat(bogus.body().at("/error/message").asText())
                .startsWith("Request had invalid authentication credentials.");
        assertThat(bogus.headers().firstValue("WWW-Authenticate")).isPresent();

        // the real client without credentials
        Sheets anonymous = EmulatorClients.sheets(emulator, request -> {});
        assertApiError(
                () -> anonymous.spreadsheets().get(id).execute(), 401, "UNAUTHENTICATED", ApiError.MISSING_CREDENTIALS);

        EmulatorClients.Raw ok = EmulatorClients.raw("GET", url, emulator.issueAccessToken(email), null);
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void expiredTokensAreRefreshedByTheClient() throws Exception {
        GoogleCredentials credentials = EmulatorClients.credentials(key, List.of(SheetsScopes.SPREADSHEETS));
        Sheets sheets = EmulatorClients.sheets(emulator, new HttpCredentialsAdapter(credentials));
        batch(sheets, id, append("one"));
        String first = credentials.getAccessToken().getTokenValue();
        clock.advance(Duration.ofHours(2));
        assertThat(EmulatorClients.raw("GET", emulator.rootUrl() + "v4/spreadsheets/" + id, first, null)
                        .status())
                .isEqualTo(401);
        batch(sheets, id, append("two")); // 401, then the credentials adapter refreshes and retries
        assertThat(credentials.getAccessToken().getTokenValue()).isNotEqualTo(first);
        assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("one"), List.of("two"));
    }

    @Test
    void aSpreadsheetNotSharedWithTheCallerIsForbidden() throws Exception {
        Sheets stranger = EmulatorClients.sheets(emulator, emulator.createServiceAccount("stranger"));
        assertApiError(
                () -> stranger.spreadsheets().get(id).execute(),
                403,
                "PERMISSION_DENIED",
                "The caller does not have permission");
        assertApiError(
                () -> batch(stranger, id, append("x")),
                403,
                "PERMISSION_DENIED",
                "The caller does not have permission");

        emulator.share(id, emulator.serviceAccountEmail("stranger"), SheetsEmulator.Role.READER);
        assertThat(stranger.spreadsheets().get(id).execute().getSpreadsheetId()).isEqualTo(id);
        assertApiError(
                () -> batch(stranger, id, append("x")),
                403,
                "PERMISSION_DENIED",
                "The caller does not have permission");
        emulator.unshare(id, email);
        Sheets owner = EmulatorClients.sheets(emulator, key);
        assertApiError(
                () -> owner.spreadsheets().get(id).execute(),
                403,
                "PERMISSION_DENIED",
                "The caller does not have permission");
    }

    @Test
    void readOnlyScopeCannotWrite() throws Exception {
        Sheets reader = EmulatorClients.sheets(
                emulator,
                new HttpCredentialsAdapter(
                        EmulatorClients.credentials(key, List.of(SheetsScopes.SPREADSHEETS_READONLY))));
        assertThat(reader.spreadsheets().get(id).execute().getSheets()).hasSize(1);
        assertApiError(
                () -> batch(reader, id, append("x")),
                403,
                "PERMISSION_DENIED",
                "Request had insufficient authentication scopes.");
    }

    @Test
    void fixedApplicationDefaultStyleToken() throws Exception {
        emulator.acceptFixedToken("adc-token", email);
        GoogleCredentials adc = GoogleCredentials.create(new AccessToken("adc-token", null));
        Sheets sheets = EmulatorClients.sheets(emulator, new HttpCredentialsAdapter(adc));
        batch(sheets, id, append("via adc"));
        assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("via adc"));
    }

    @Test
    void selfSignedJwtFromUnscopedCredentialsIsAcceptedAsTheRealApiDoes() throws Exception {
        GoogleCredentials unscoped = EmulatorClients.credentials(key, List.of());
        Sheets sheets = EmulatorClients.sheets(emulator, new HttpCredentialsAdapter(unscoped));
        batch(sheets, id, append("self-signed"));
        assertThat(emulator.values(id, "Sheet1")).containsExactly(List.of("self-signed"));

        emulator.setSelfSignedJwtAccepted(false);
        assertApiError(
                () -> sheets.spreadsheets().get(id).execute(), 401, "UNAUTHENTICATED", ApiError.INVALID_CREDENTIALS);
    }
}
