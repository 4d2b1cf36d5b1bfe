package dev.outflow.connect.testkit.sheets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.google.api.services.sheets.v4.Sheets;

/**
 * What the emulator's API tests share: one emulator per test class, quotas off, and the real Sheets
 * client acting as a service account that edits every spreadsheet the test creates.
 */
abstract class WriterSessionTest {

    static SheetsEmulator emulator;
    static Sheets sheets;
    static String email;
    private static int counter;

    @BeforeAll
    static void start() throws Exception {
        emulator = new SheetsEmulator();
        emulator.setQuotaEnforced(false);
        String key = emulator.createServiceAccount("writer");
        email = emulator.serviceAccountEmail("writer");
        sheets = EmulatorClients.sheets(emulator, key);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /** A new spreadsheet the service account may edit. */
    static String newSpreadsheet() {
        return emulator.createSpreadsheet("sheet-" + (++counter), email);
    }
}
