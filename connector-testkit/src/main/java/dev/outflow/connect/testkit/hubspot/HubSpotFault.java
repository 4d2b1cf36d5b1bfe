package dev.outflow.connect.testkit.hubspot;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure between the client and HubSpot, injected with {@link HubSpotEmulator#failNext}. Faults act
 * before authentication and rate limits, as a failing load balancer or a dropped connection would.
 */
public final class HubSpotFault {

    enum Kind {
        STATUS,
        CONNECTION_RESET,
        APPLIED_BUT_LOST,
        DELAY
    }

    final Kind kind;
    final int status;
    final Duration delay;

    private HubSpotFault(Kind kind, int status, Duration delay) {
        this.kind = kind;
        this.status = status;
        this.delay = delay;
    }

    /** HTTP 500 with a HubSpot-shaped error body; nothing is applied. */
    public static HubSpotFault serverError() {
        return status(500);
    }

    /** HTTP 503; nothing is applied. */
    public static HubSpotFault serviceUnavailable() {
        return status(503);
    }

    /** That 5xx status; nothing is applied. */
    public static HubSpotFault status(int status) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("a server fault is a 5xx: " + status);
        }
        return new HubSpotFault(Kind.STATUS, status, null);
    }

    /** The request is read, nothing is applied, and the connection is closed without an answer. */
    public static HubSpotFault connectionReset() {
        return new HubSpotFault(Kind.CONNECTION_RESET, 0, null);
    }

    /** The request is carried out (written), then the connection is closed without an answer. */
    public static HubSpotFault appliedButResponseLost() {
        return new HubSpotFault(Kind.APPLIED_BUT_LOST, 0, null);
    }

    /** The request waits {@code delay} of real time, then is handled and answered normally (a slow answer). */
    public static HubSpotFault delay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay");
        }
        return new HubSpotFault(Kind.DELAY, 0, delay);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STATUS -> "HTTP " + status;
            case CONNECTION_RESET -> "connection reset";
            case APPLIED_BUT_LOST -> "applied, response lost";
            case DELAY -> "delay " + delay;
        };
    }
}
