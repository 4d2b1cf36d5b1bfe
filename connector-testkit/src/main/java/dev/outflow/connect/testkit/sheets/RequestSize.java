package dev.outflow.connect.testkit.sheets;

/**
 * The size of one request body as the emulator received it, for checking that a client stays
 * under Google's recommended 2 MB per request (the usage-limits page) and measuring how full its
 * requests are.
 *
 * @param operation which API method
 * @param wireBytes the body's bytes on the wire (compressed, when the client gzips it)
 * @param jsonBytes the body's bytes once decompressed: the JSON Google parses
 */
public record RequestSize(ApiCall.Operation operation, long wireBytes, long jsonBytes) {}
