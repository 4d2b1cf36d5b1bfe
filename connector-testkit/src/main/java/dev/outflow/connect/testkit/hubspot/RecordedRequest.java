package dev.outflow.connect.testkit.hubspot;

import java.time.Instant;

/**
 * One request the emulator received and what it answered. Credentials are never recorded.
 *
 * @param sequence   arrival order, from 1
 * @param receivedAt on the emulator's clock
 * @param method     GET, POST, PUT
 * @param path       the request path, like {@code /crm/v3/objects/contacts/batch/upsert}
 * @param body       the raw body as UTF-8 (the token endpoint's form is not kept: it holds secrets)
 * @param status     the HTTP status answered; 0 when no answer was sent (reset, lost answer)
 * @param outcome    {@code ok}, {@code error}, {@code rate_limited}, or {@code fault:<kind>}
 */
public record RecordedRequest(
        long sequence, Instant receivedAt, String method, String path, String body, int status, String outcome) {}
