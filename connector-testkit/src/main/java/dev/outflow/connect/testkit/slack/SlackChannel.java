package dev.outflow.connect.testkit.slack;

/**
 * A channel of the emulated workspace, as the test API shows it (a snapshot).
 *
 * @param id          like {@code C0123}
 * @param name        without {@code #}
 * @param isPrivate   a private channel: invisible ({@code channel_not_found}) to a bot that is not in it
 * @param isArchived  archived: posts fail with {@code is_archived}
 * @param botIsMember the app's bot user is in the channel
 */
public record SlackChannel(String id, String name, boolean isPrivate, boolean isArchived, boolean botIsMember) {}
