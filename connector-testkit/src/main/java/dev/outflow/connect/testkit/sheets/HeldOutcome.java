package dev.outflow.connect.testkit.sheets;

/**
 * The final outcome of one request held by a {@link SheetsFault#stall} or
 * {@link SheetsFault#heldUntilReleased()} fault, whatever its timing: read them with
 * {@link SheetsEmulator#heldOutcomes(String)}. A request handled within the server deadline was
 * answered normally, but its client may have stopped waiting (its own read timeout, or its process
 * killed): the emulator cannot tell, so every held request is recorded here.
 *
 * @param operation which API method
 * @param status the status of the real answer (200 when handled successfully, a batchUpdate then
 *     being applied), whether or not it was sent
 * @param message null on success; otherwise Google's error message
 * @param answeredAtDeadline true when the client was answered with the deadline timeout (504)
 *     before the request was handled, so this real answer was discarded (a {@link LateWrite} for
 *     writes); false when this real answer was sent
 */
public record HeldOutcome(ApiCall.Operation operation, int status, String message, boolean answeredAtDeadline) {}
