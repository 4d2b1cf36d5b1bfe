package dev.outflow.connect.hubspot;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.outflow.connect.core.api.Failure;
import dev.outflow.connect.core.api.TransportFailures;
import dev.outflow.connect.core.api.config.SinkConfig;

/**
 * What a HubSpot failure means for the framework (DESIGN.md 3.1). HubSpot sends no {@code Retry-After}:
 * a 429 of the rolling 10-second policy waits out the window; one of the daily policy waits for the
 * account's next day (asking again every hour), said once a day at WARN with the keys to check, and
 * never fails the task. Reasons
 * name statuses, categories and keys, never values or tokens.
 */
final class HubSpotErrors {

    private static final Logger log = LoggerFactory.getLogger(HubSpotErrors.class);

    /** HubSpot's rolling window: after a 429 of {@code TEN_SECONDLY_ROLLING}, the window has moved on. */
    static final Duration TEN_SECOND_WINDOW = Duration.ofSeconds(10);

    /**
     * The longest wait on a daily 429 before asking again: a wrong account time zone must not make the
     * connector sleep through most of the account's new day.
     */
    static final Duration DAILY_RECHECK = Duration.ofHours(1);

    private static final TransportFailures TRANSPORT =
            new TransportFailures("HubSpot", HubSpotConfig.API_URL, HubSpotConfig.REQUEST_TIMEOUT_MS);

    private final String credentialKeys;
    /** Null when records are routed to object types by a field. */
    private final String objectType;

    private final ZoneId accountZone;
    private final Clock clock;
    private LocalDate warnedDay;

    HubSpotErrors(boolean oauth, String objectType, ZoneId accountZone, Clock clock) {
        this.credentialKeys = oauth
                ? HubSpotConfig.OAUTH_CLIENT_ID + ", " + HubSpotConfig.OAUTH_CLIENT_SECRET + " and "
                        + HubSpotConfig.OAUTH_REFRESH_TOKEN
                : HubSpotConfig.ACCESS_TOKEN;
        this.objectType = objectType;
        this.accountZone = accountZone;
        this.clock = clock;
    }

    Failure classify(Exception error) {
        if (error instanceof HubSpotException e) {
            return classify(e);
        }
        if (error instanceof TokenRefreshException e) {
            return e.status() >= 500 || e.status() == 429
                    ? Failure.retriable(e.getMessage())
                    : Failure.fatal(e.getMessage() + ": check " + credentialKeys
                            + " (the app may have been uninstalled, or the refresh token revoked)");
        }
        if (error instanceof RateLimitHeaders.BudgetSpentException e) {
            return e.daily() ? daily(e.getMessage()) : Failure.throttled(e.getMessage(), e.waitFor());
        }
        if (error instanceof RowErrors.Unattributed e) {
            return Failure.rejected(e.getMessage());
        }
        if (error instanceof IOException io) {
            return TRANSPORT.classify(io);
        }
        return Failure.fatal("an unexpected " + error.getClass().getSimpleName() + " writing to HubSpot");
    }

    private Failure classify(HubSpotException e) {
        int status = e.status();
        String reason = e.getMessage();
        if (status == 429) {
            if ("DAILY".equals(e.policyName())) {
                return daily(reason);
            }
            return Failure.throttled(reason, TEN_SECOND_WINDOW);
        }
        if (status >= 500) {
            return Failure.retriable(reason);
        }
        if (status == 401) {
            return Failure.fatal(reason + ": HubSpot does not accept the credentials; check " + credentialKeys);
        }
        if (status == 403) {
            String type = objectType == null ? "<type>" : HubSpotConfig.scopeName(objectType);
            String scopes = e.requiredScopes().isEmpty()
                    ? "the crm.objects." + type + ".write and crm.schemas." + type + ".read scopes"
                    : "the scope " + String.join(", ", e.requiredScopes());
            return Failure.fatal(reason + ": the app lacks " + scopes + "; add it to the app (" + credentialKeys
                    + ") and, for OAuth, reinstall it");
        }
        String message = e.safeMessage();
        if (isUnknownObjectType(e)) {
            return Failure.fatal(
                    objectType == null
                            ? reason + ": HubSpot has no object type a record named; check "
                                    + HubSpotConfig.OBJECT_TYPE_FIELD
                            : reason + ": HubSpot has no object type " + objectType + "; check "
                                    + HubSpotConfig.OBJECT_TYPE);
        }
        if (message != null && message.startsWith("Unable to perform update/upsert by non-unique")) {
            return Failure.fatal(
                    reason + ": the id property does not have unique values; check " + HubSpotConfig.ID_PROPERTY);
        }
        if (status == 415 || status == 404 && e.category() == null) {
            // not an answer about the records: a gateway or an endpoint that does not exist at this URL
            return Failure.fatal(reason + ": check " + HubSpotConfig.API_URL);
        }
        // the batch as a whole was refused because of some row in it: the framework halves it until that row stands
        // alone
        return Failure.rejected(reason);
    }

    /** HubSpot's answer to a request naming an object type it does not have. */
    static boolean isUnknownObjectType(HubSpotException e) {
        return e.safeMessage() != null && e.safeMessage().startsWith("Unable to infer object type");
    }

    /**
     * The day's budget is spent (a 429, or the daily remaining header at 0): wait for midnight in the account's
     * zone, and say so once a day.
     */
    private Failure daily(String reason) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(accountZone));
        ZonedDateTime midnight = now.toLocalDate().plusDays(1).atStartOfDay(accountZone);
        Duration wait = Duration.between(now, midnight);
        if (!now.toLocalDate().equals(warnedDay)) {
            warnedDay = now.toLocalDate();
            log.warn(
                    "HubSpot's daily API budget of the account is spent (policy DAILY): writes wait until midnight "
                            + "{} ({} minutes from now; asking again every hour until then) and go on then; nothing is lost. Other apps of the account share "
                            + "this budget. If the account's limit is higher than {} says, raise it; to spend less, raise "
                            + "{} or {} (more records per request).",
                    accountZone,
                    wait.toMinutes(),
                    HubSpotConfig.REQUESTS_PER_DAY,
                    SinkConfig.BATCH_LINGER_MS,
                    HubSpotConfig.BATCH_SIZE);
        }
        return Failure.throttled(
                reason + ": the account's daily budget is spent until midnight " + accountZone,
                wait.compareTo(DAILY_RECHECK) > 0 ? DAILY_RECHECK : wait);
    }
}
