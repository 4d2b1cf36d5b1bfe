package dev.outflow.connect.slack;

/**
 * Slack's text rules: how a value is written so that it shows as exactly its text, and the length
 * limits, counted in Unicode code points as Slack counts them.
 *
 * <p>Slack documents escapes for {@code &}, {@code <} and {@code >} only; it has none for
 * formatting ("Slack does not provide how to escape special characters for formatting text",
 * jsx-slack). {@link #literal} uses the trick jsx-slack uses in production: a date token with an
 * invalid format, {@code <!date^00000000^{_}|*>}, which clients always show as its fallback, as
 * plain text. Every character that could start formatting, a mention or a link from bare text is
 * written that way; a {@code >} that starts a line gets an invisible soft hyphen before it instead
 * (jsx-slack's exception: a quote is recognised before tokens are). The character a reader sees is
 * the value's own; only copying the text would carry the soft hyphen along.
 */
final class SlackText {

    /** Slack advises keeping a message's text under 4,000 characters (it truncates past 40,000). */
    static final int MAX_TEXT_CHARS = 4_000;
    /** Shown where text was cut, so a reader knows something is missing. */
    static final String TRUNCATED = "… (truncated)";

    private SlackText() {}

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

    /** A character shown as plain text: a date token whose invalid format makes clients show the fallback. */
    static final String LITERAL_PREFIX = "<!date^00000000^{_}|";
    /** Invisible; put before a line-start {@code >} so that the line is no quote. */
    static final char SOFT_HYPHEN = '\u00AD';

    /**
     * A value for mrkdwn text that renders as exactly its text: {@link #escape escaped}, and with
     * every {@code *}, {@code _}, {@code ~} and backtick (formatting), {@code @} and a {@code #}
     * before a letter or digit (bare mentions and e-mail addresses), a {@code :} before
     * {@code //} or opening an {@code :emoji:} code, and a {@code .} between a name and a letter
     * (bare domains and URLs) written as a literal token, so that no span, link or mention can
     * form from it, whatever the template puts around it. A {@code >} at the start of the value
     * or of one of its lines gets a soft hyphen before it.
     */
    static String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            char next = i + 1 < value.length() ? value.charAt(i + 1) : 0;
            char previous = i > 0 ? value.charAt(i - 1) : 0;
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append(i == 0 || previous == '\n' ? SOFT_HYPHEN + "&gt;" : "&gt;");
                case '*', '_', '~', '`', '@' -> literalChar(out, c);
                case '#' -> appendOrLiteral(out, c, Character.isLetterOrDigit(next));
                case ':' -> appendOrLiteral(out, c, value.startsWith("//", i + 1) || opensEmoji(value, i));
                case '.' ->
                    appendOrLiteral(
                            out,
                            c,
                            (Character.isLetterOrDigit(previous) || previous == '-') && Character.isLetter(next));
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void appendOrLiteral(StringBuilder out, char c, boolean literal) {
        if (literal) {
            literalChar(out, c);
        } else {
            out.append(c);
        }
    }

    private static void literalChar(StringBuilder out, char c) {
        out.append(LITERAL_PREFIX).append(c).append('>');
    }

    /** {@code :name:} as Slack's emoji codes are written: letters, digits, {@code _+'-}. */
    private static boolean opensEmoji(String value, int colon) {
        int i = colon + 1;
        while (i < value.length()
                && (Character.isLetterOrDigit(value.charAt(i)) || "_+'-".indexOf(value.charAt(i)) >= 0)) {
            i++;
        }
        return i > colon + 1 && i < value.length() && value.charAt(i) == ':';
    }

    /**
     * A value for Slack's {@code markdown} block, which takes standard Markdown: every ASCII
     * punctuation character is backslash-escaped, as CommonMark allows for all of them, and
     * {@code <}, {@code >}, {@code &} are escaped as in mrkdwn.
     */
    static String markdownLiteral(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    if (c < 128 && "!\"#$%'()*+,-./:;=?@[\\]^_`{|}~".indexOf(c) >= 0) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * The text, or when it has more than {@code max} characters, its head followed by
     * {@link #TRUNCATED}, {@code max} characters in all. The cut never splits a character, an
     * escape such as {@code &amp;} or a token such as {@code <@U123>} or a literal character:
     * half of one would show its inside.
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
        int open = text.lastIndexOf('<', end - 1);
        if (open >= 0 && text.lastIndexOf('>', end - 1) < open) {
            end = open;
        }
        return text.substring(0, end) + (max >= TRUNCATED.length() ? TRUNCATED : "");
    }
}
