package dev.outflow.connect.testkit.sheets;

/**
 * What became of a write (a {@code batchUpdate}) that the emulator handled after it had already
 * answered it with the server-deadline timeout (504 {@code DEADLINE_EXCEEDED}): the "applied late"
 * case Google warns of. The client never sees this outcome; tests read it with
 * {@link SheetsEmulator#lateWrites(String)} to prove that a late write was fenced off (refused)
 * or was harmless.
 *
 * @param status 200 when the write was applied; otherwise the status its real answer would have
 *     had, e.g. 400 when Google would refuse it against the spreadsheet as it was by then
 * @param message null when applied; otherwise Google's error message, e.g.
 *     {@code Invalid requests[1].updateSheetProperties: No sheet with id: 123}
 */
public record LateWrite(int status, String message) {}
