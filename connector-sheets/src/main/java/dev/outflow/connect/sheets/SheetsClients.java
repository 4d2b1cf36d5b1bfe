package dev.outflow.connect.sheets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.apache.v2.ApacheHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.Sheets;
import com.google.api.services.sheets.v4.SheetsScopes;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;

/**
 * Builds the Sheets client from the config. The transport never retries on its own (a silently
 * resent {@code batchUpdate} would write rows twice): every retry is the framework's decision.
 */
final class SheetsClients {

    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private SheetsClients() {}

    /** The client and who it acts as (the service account's email, for messages that say what to share). */
    record Client(Sheets sheets, String principal, HttpTransport transport) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            transport.shutdown();
        }
    }

    static Client create(SheetsConfig config) throws IOException {
        HttpTransport transport = new ApacheHttpTransport(ApacheHttpTransport.newDefaultHttpClientBuilder()
                .disableAutomaticRetries()
                .build());
        GoogleCredentials credentials = credentials(config, transport).createScoped(List.of(SheetsScopes.SPREADSHEETS));
        HttpCredentialsAdapter auth = new HttpCredentialsAdapter(credentials);
        HttpRequestInitializer initializer = request -> {
            auth.initialize(request); // adds the token, and refreshes it once on a 401
            request.setConnectTimeout(CONNECT_TIMEOUT_MS);
            request.setReadTimeout(config.requestTimeoutMs());
            request.setIOExceptionHandler(null);
        };
        Sheets sheets = new Sheets.Builder(transport, GsonFactory.getDefaultInstance(), initializer)
                .setRootUrl(config.rootUrl())
                .setApplicationName("outflow-sheets-sink")
                .build();
        String principal = credentials instanceof ServiceAccountCredentials account
                ? account.getClientEmail()
                : "the application default credentials";
        return new Client(sheets, principal, transport);
    }

    private static GoogleCredentials credentials(SheetsConfig config, HttpTransport transport) throws IOException {
        if (config.credentialsJson() != null) {
            try (InputStream key =
                    new ByteArrayInputStream(config.credentialsJson().value().getBytes(StandardCharsets.UTF_8))) {
                return ServiceAccountCredentials.fromStream(key, () -> transport);
            }
        }
        if (config.credentialsFile() != null) {
            try (InputStream key = Files.newInputStream(Path.of(config.credentialsFile()))) {
                return ServiceAccountCredentials.fromStream(key, () -> transport);
            }
        }
        return GoogleCredentials.getApplicationDefault(() -> transport);
    }
}
