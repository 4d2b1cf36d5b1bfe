package dev.outflow.connect.testkit.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.SheetsScopes;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetRequest;
import com.google.api.services.sheets.v4.model.BatchUpdateSpreadsheetResponse;
import com.google.api.services.sheets.v4.model.CellData;
import com.google.api.services.sheets.v4.model.ExtendedValue;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.RowData;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;

/** Builds real Google clients against an emulator, and small helpers for the tests. */
final class EmulatorClients {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private EmulatorClients() {}

    static GoogleCredentials credentials(String keyJson, Collection<String> scopes) throws IOException {
        ServiceAccountCredentials creds = ServiceAccountCredentials.fromStream(
                new ByteArrayInputStream(keyJson.getBytes(StandardCharsets.UTF_8)));
        return scopes.isEmpty() ? creds : creds.createScoped(scopes);
    }

    static Sheets sheets(SheetsEmulator emulator, String keyJson) throws IOException {
        return sheets(emulator, new HttpCredentialsAdapter(credentials(keyJson, List.of(SheetsScopes.SPREADSHEETS))));
    }

    static Sheets sheets(SheetsEmulator emulator, HttpRequestInitializer initializer) {
        return new Sheets.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), initializer)
                .setRootUrl(emulator.rootUrl())
                .setApplicationName("outflow-emulator-test")
                .build();
    }

    /** An initializer that authenticates with the credentials and sets a short read timeout. */
    static HttpRequestInitializer withReadTimeout(GoogleCredentials credentials, int millis) {
        HttpCredentialsAdapter adapter = new HttpCredentialsAdapter(credentials);
        return request -> {
            adapter.initialize(request);
            request.setReadTimeout(millis);
        };
    }

    static BatchUpdateSpreadsheetResponse batch(Sheets sheets, String id, Request... requests) throws IOException {
        return sheets.spreadsheets()
                .batchUpdate(id, new BatchUpdateSpreadsheetRequest().setRequests(Arrays.asList(requests)))
                .execute();
    }

    static RowData row(Object... values) {
        List<CellData> cells = new ArrayList<>();
        for (Object v : values) {
            cells.add(cell(v));
        }
        return new RowData().setValues(cells);
    }

    static CellData cell(Object v) {
        ExtendedValue ev = new ExtendedValue();
        if (v == null) {
            return new CellData();
        } else if (v instanceof String s) {
            ev.setStringValue(s);
        } else if (v instanceof Number n) {
            ev.setNumberValue(n.doubleValue());
        } else if (v instanceof Boolean b) {
            ev.setBoolValue(b);
        } else if (v instanceof SheetsEmulator.Formula f) {
            ev.setFormulaValue(f.text());
        }
        return new CellData().setUserEnteredValue(ev);
    }

    /** Runs a call that must fail with a Google JSON error; answers it. */
    static GoogleJsonResponseException apiError(ThrowingCallable call) {
        GoogleJsonResponseException e = catchThrowableOfType(GoogleJsonResponseException.class, call);
        assertThat(e).as("expected a Google API error").isNotNull();
        return e;
    }

    static void assertApiError(ThrowingCallable call, int code, String status, String message) {
        GoogleJsonResponseException e = apiError(call);
        assertThat(e.getStatusCode()).isEqualTo(code);
        assertThat(e.getDetails()).isNotNull();
        assertThat(e.getDetails().getCode()).isEqualTo(code);
        assertThat(e.getDetails().get("status")).isEqualTo(status);
        assertThat(e.getDetails().getMessage()).isEqualTo(message);
    }

    record Raw(int status, JsonNode body, java.net.http.HttpHeaders headers) {}

    static Raw raw(String method, String url, String bearer, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = r.body().length == 0 ? null : MAPPER.readTree(r.body());
        return new Raw(r.statusCode(), json, r.headers());
    }

    static Raw rawJson(String method, String url, String bearer, String json) throws Exception {
        return raw(method, url, bearer, json.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }
}
