package dev.outflow.connect.testkit.slack;

import java.util.Collections;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A message in the emulated workspace, as the test API shows it (a snapshot, in post order).
 *
 * @param channel      channel id
 * @param ts           the message's timestamp id, like {@code 1700000000.000100}
 * @param threadTs     the thread's parent ts for a reply; null for a top-level message
 * @param text         the {@code text} as received (after truncation, if that policy is on); null when
 *                     none was sent
 * @param blocksJson   the {@code blocks} as received, as compact JSON; null when none
 * @param metadataJson {@code {"event_type":..,"event_payload":{..}}} as received, compact; null when none
 * @param edited       changed by {@code chat.update} at least once
 * @param editCount    how many times it was changed
 * @param replyBroadcast a thread reply also shown in the channel
 * @param replyCount   live replies, for a thread parent
 * @param user         the author's user id: the bot user for app messages
 * @param botId        the app's bot id; null for messages by people ({@link SlackEmulator#postAsUser})
 * @param source       {@code chat.postMessage}, {@value SlackEmulator#WEBHOOK_METHOD} or {@code test}
 * @param unfurlLinks  the {@code unfurl_links} flag as received; null when not sent
 * @param unfurlMedia  the {@code unfurl_media} flag as received; null when not sent
 * @param mrkdwn       the {@code mrkdwn} flag as received; null when not sent
 */
public record SlackMessage(
        String channel,
        String ts,
        String threadTs,
        String text,
        String blocksJson,
        String metadataJson,
        boolean edited,
        int editCount,
        boolean replyBroadcast,
        int replyCount,
        String user,
        String botId,
        String source,
        Boolean unfurlLinks,
        Boolean unfurlMedia,
        Boolean mrkdwn) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public boolean isReply() {
        return threadTs != null && !threadTs.equals(ts);
    }

    public boolean isFromBot() {
        return botId != null;
    }

    /** The metadata's {@code event_type}, or null. */
    public String metadataEventType() {
        if (metadataJson == null) {
            return null;
        }
        try {
            return MAPPER.readTree(metadataJson).path("event_type").asText(null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The metadata's {@code event_payload} as a map (empty when none). */
    public Map<String, Object> metadataPayload() {
        if (metadataJson == null) {
            return Collections.emptyMap();
        }
        try {
            Map<String, Object> payload = MAPPER.convertValue(
                    MAPPER.readTree(metadataJson).path("event_payload"), new TypeReference<Map<String, Object>>() {});
            return payload == null ? Collections.emptyMap() : payload;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Collections.emptyMap();
        }
    }
}
