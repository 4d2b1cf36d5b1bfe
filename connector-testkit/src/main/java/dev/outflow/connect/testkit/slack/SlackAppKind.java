package dev.outflow.connect.testkit.slack;

/**
 * What kind of app a token belongs to, which decides how much history Slack lets it read
 * (docs.slack.dev changelog 2025-05-29, "Rate limit changes for non-Marketplace apps", and the
 * rate-limits page): internal apps and Marketplace apps keep Tier 3 for conversations.history and
 * conversations.replies; commercially distributed apps that are not Marketplace-approved get
 * "1 request per minute" each, and a {@code limit} whose "maximum and default" is 15.
 */
public enum SlackAppKind {
    /** Built for one's own workspace ("internal customer-built applications should not see rate limit changes"). */
    INTERNAL,
    /** Marketplace-approved. */
    MARKETPLACE,
    /** Distributed, not Marketplace-approved: history and replies at 1 a minute, 15 a page. */
    NON_MARKETPLACE
}
