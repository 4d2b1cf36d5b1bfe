package dev.outflow.connect.testkit.hubspot;

/**
 * Size limits of the emulated API, shared with the endpoints. HubSpot's batch limit is commonly
 * documented as 100 inputs (REFERENCE.md); a test may change it to check a client follows the limit
 * it is configured with. Thread-safe.
 */
public final class HubSpotLimits {

    private volatile int maxBatchInputs = 100;
    private volatile int maxAssociationInputs = 100;

    /** Inputs per CRM objects batch request (create, update, upsert, archive, read); more is a 400. */
    public HubSpotLimits maxBatchInputs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("at least 1 input: " + n);
        }
        maxBatchInputs = n;
        return this;
    }

    /** Inputs per v4 batch associate request; more is a 400. */
    public HubSpotLimits maxAssociationInputs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("at least 1 input: " + n);
        }
        maxAssociationInputs = n;
        return this;
    }

    public int maxBatchInputs() {
        return maxBatchInputs;
    }

    public int maxAssociationInputs() {
        return maxAssociationInputs;
    }
}
