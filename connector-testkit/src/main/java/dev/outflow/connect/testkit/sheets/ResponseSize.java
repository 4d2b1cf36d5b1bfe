package dev.outflow.connect.testkit.sheets;

/**
 * The size of one response body the emulator sent, for measuring what a client reads (for
 * example the bytes an upsert reads per write as a tab grows).
 *
 * @param operation which API method
 * @param status the HTTP status
 * @param bytes the JSON body's bytes (uncompressed: the emulator never gzips responses)
 */
public record ResponseSize(ApiCall.Operation operation, int status, long bytes) {}
