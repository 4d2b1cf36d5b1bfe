package dev.outflow.connect.hubspot;

import java.util.List;

/**
 * HubSpot answered an API call with an error status. It keeps what the connector acts on (status,
 * category, the rate-limit policy, the scopes a 403 names, a message HubSpot phrases without record
 * values) and never a request's body: its message is safe for logs.
 *
 * @see HubSpotErrors for what each answer means
 */
final class HubSpotException extends Exception {

    private final int status;
    private final String category;
    private final String policyName;
    private final List<String> requiredScopes;
    private final String safeMessage;

    /**
     * @param safeMessage HubSpot's message where it holds no record value (an unknown object type, a non-unique id
     *                    property), else null
     */
    HubSpotException(
            String call,
            int status,
            String category,
            String policyName,
            List<String> requiredScopes,
            String safeMessage) {
        super(call + " answered HTTP " + status + (category == null ? "" : " " + category)
                + (policyName == null ? "" : " " + policyName));
        this.status = status;
        this.category = category;
        this.policyName = policyName;
        this.requiredScopes = List.copyOf(requiredScopes);
        this.safeMessage = safeMessage;
    }

    int status() {
        return status;
    }

    /** HubSpot's {@code category} (or a 429's {@code errorType}), or null. */
    String category() {
        return category;
    }

    /** A 429's {@code policyName}: {@code TEN_SECONDLY_ROLLING} or {@code DAILY}; else null. */
    String policyName() {
        return policyName;
    }

    List<String> requiredScopes() {
        return requiredScopes;
    }

    String safeMessage() {
        return safeMessage;
    }
}
