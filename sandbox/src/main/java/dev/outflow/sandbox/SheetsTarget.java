package dev.outflow.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import dev.outflow.connect.testkit.sheets.SheetsEmulator;

/**
 * Where the Sheets connector writes: the Google Sheets emulator with a demo spreadsheet (the
 * default), or a real spreadsheet through Google's API with the user's service-account key.
 */
final class SheetsTarget implements AutoCloseable {

    static final String ROOT_URL = "sheets.root.url";
    static final String CREDENTIALS_FILE = "sheets.credentials.file";
    static final String SPREADSHEET_ID = "sheets.spreadsheet.id";
    static final String DEMO_SPREADSHEET = "churn-demo";

    private static final String SERVICE_ACCOUNT = "outflow-sandbox";

    private final SheetsEmulator emulator;
    private final String spreadsheetId;
    private final Map<String, String> settings;

    private SheetsTarget(SheetsEmulator emulator, String spreadsheetId, Map<String, String> settings) {
        this.emulator = emulator;
        this.spreadsheetId = spreadsheetId;
        this.settings = settings;
    }

    /** An emulator with a service account and a spreadsheet shared with it; the key goes to {@code dir}. */
    static SheetsTarget emulated(Path dir) throws IOException {
        SheetsEmulator google = new SheetsEmulator();
        String key = google.createServiceAccount(SERVICE_ACCOUNT);
        google.createSpreadsheet(DEMO_SPREADSHEET, google.serviceAccountEmail(SERVICE_ACCOUNT));
        Path keyFile = dir.resolve("emulator-service-account.json").toAbsolutePath();
        Files.writeString(keyFile, key);
        return new SheetsTarget(
                google,
                DEMO_SPREADSHEET,
                Map.of(
                        ROOT_URL,
                        google.rootUrl(),
                        CREDENTIALS_FILE,
                        keyFile.toString(),
                        SPREADSHEET_ID,
                        DEMO_SPREADSHEET));
    }

    /** The real API; the connector reads the key file itself, so the key is never copied. */
    static SheetsTarget real(Path credentialsFile, String spreadsheetId) {
        return new SheetsTarget(
                null,
                spreadsheetId,
                Map.of(
                        ROOT_URL,
                        "https://sheets.googleapis.com/",
                        CREDENTIALS_FILE,
                        credentialsFile.toString(),
                        SPREADSHEET_ID,
                        spreadsheetId));
    }

    /** Connector settings for {@link AppSettings}, named as the connector's keys. */
    Map<String, String> settings() {
        return settings;
    }

    Optional<SheetsEmulator> emulator() {
        return Optional.ofNullable(emulator);
    }

    String spreadsheetId() {
        return spreadsheetId;
    }

    /** Where a person looks at the sheet. */
    String where() {
        return emulator != null
                ? "emulator " + emulator.rootUrl() + " (spreadsheet \"" + spreadsheetId + "\"; shown on the web page)"
                : link();
    }

    /** The spreadsheet in Google Sheets, or null for the emulator. */
    String link() {
        return emulator != null ? null : "https://docs.google.com/spreadsheets/d/" + spreadsheetId + "/edit";
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
