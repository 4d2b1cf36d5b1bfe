package dev.outflow.connect.slack;

/**
 * Slack's text rules: the three characters mrkdwn gives meaning to, and the length limits, counted
 * in Unicode code points as Slack counts them.
 */
final class SlackText {

    /** Slack advises keeping a message's text under 4,000 characters (it truncates past 40,000). */
    static final int MAX_TEXT_CHARS = 4_000;
    /** Shown where text was cut, so a reader knows something is missing. */
    static final String TRUNCATED = "… (truncated)";

    private SlackText() {
    }

    /**
     * Escapes {@code &}, {@code <} and {@code >} as Slack asks. That neutralises everything data
     * could use to notify or link: {@code <!channel>}, {@code <!here>}, {@code <@U123>},
     * {@code <#C123>} and {@code <https://...|label>} all need a literal {@code <}.
     */
    static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String entity = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                default -> null;
            };
            if (entity != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (entity != null) {
                    out.append(entity);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }

    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * The text, or when it has more than {@code max} characters, its head followed by
     * {@link #TRUNCATED}, {@code max} characters in all. The cut never splits a character or an
     * escape such as {@code &amp;}.
     */
    static String truncate(String text, int max) {
        if (length(text) <= max) {
            return text;
        }
        int keep = Math.max(0, max - TRUNCATED.length());
        int end = text.offsetByCodePoints(0, keep);
        int amp = text.lastIndexOf('&', end - 1);
        if (amp >= 0 && text.indexOf(';', amp) >= end && end - amp <= "&amp;".length()) {
            end = amp; // an escape cut in half would show as stray characters
        }
        return text.substring(0, end) + (max >= TRUNCATED.length() ? TRUNCATED : "");
    }
}
