package dev.outflow.connect.testkit.slack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a Slack client shows for a message, so that tests assert on what a reader sees rather than
 * on escaped strings. It follows Slack's formatting reference
 * (https://docs.slack.dev/messaging/formatting-message-text): the escapes {@code &amp;},
 * {@code &lt;}, {@code &gt;}; {@code <...>} tokens for links, mentions, broadcasts and dates;
 * {@code *bold*}, {@code _italic_}, {@code ~strike~}, {@code `code`}, {@code ```pre```}, a
 * {@code >} quote at a line start; {@code :emoji:}; and bare URLs, domains and e-mail addresses
 * that Slack links on its own ("auto-transformed by the server into a link").
 *
 * <p>Where Slack's rules are not documented the renderer is stricter, so that a message it calls
 * literal is literal in Slack too: a pair of markers formats whatever surrounds it (Slack wants
 * word boundaries), any dotted name with a two-letter or longer alphabetic last label is linked (Slack
 * links known domains), and in mrkdwn text objects without {@code verbatim: true} a bare
 * {@code @here}, {@code @channel}, {@code @everyone} or {@code #name} counts as a mention (the
 * text object reference: "certain mentions will be automatically parsed"). Two documented
 * tricks are honoured: a date token whose format is invalid shows its fallback as plain text
 * (jsx-slack, "Slack client always renders fallback as plain text, without text formatting"), and
 * a soft hyphen (U+00AD) is invisible; a line starting with one is no quote.
 */
public final class SlackRenderer {

    /** How a run of text is formatted. */
    public enum Style {
        BOLD,
        ITALIC,
        STRIKE,
        CODE,
        PRE,
        QUOTE,
        EMOJI
    }

    /** Who a mention notifies: a user, a channel (link), a user group, or everyone in a channel. */
    public enum MentionKind {
        USER,
        CHANNEL,
        SUBTEAM,
        BROADCAST
    }

    /** A formatted run and the text it shows. */
    public record Span(Style style, String text) {}

    /** A link: its target, the text shown, and whether Slack made it from bare text. */
    public record Link(String url, String label, boolean automatic) {}

    /** A mention: what it notifies and the id (or broadcast name: here, channel, everyone). */
    public record Mention(MentionKind kind, String id) {}

    /** What a reader sees: the text, and what of it is formatted, linked or notifies someone. */
    public record Rendering(String text, List<Span> spans, List<Link> links, List<Mention> mentions) {

        /** True when the text shows as plain characters: no formatting, no link, no mention. */
        public boolean isLiteral() {
            return spans.isEmpty() && links.isEmpty() && mentions.isEmpty();
        }

        /** The texts of the runs in {@code style}, in order. */
        public List<String> styled(Style style) {
            return spans.stream()
                    .filter(s -> s.style() == style)
                    .map(Span::text)
                    .toList();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DATE_TOKENS = Set.of(
            "date_num",
            "date",
            "date_short",
            "date_long",
            "date_pretty",
            "date_short_pretty",
            "date_long_pretty",
            "time",
            "time_secs",
            "ago");
    private static final Pattern DATE_FORMAT_TOKEN = Pattern.compile("\\{([^}]*)}");
    private static final Pattern URL = Pattern.compile("(?i)(?:https?|ftp)://[^\\s<>]+|\\bwww\\.[^\\s<>]+");
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern DOMAIN =
            Pattern.compile("\\b[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b(?:/[^\\s<>]*)?");
    private static final Pattern BARE_MENTION =
            Pattern.compile("(?<![\\w@#])(?:@(here|channel|everyone)|#([a-z0-9][a-z0-9_-]*))\\b");
    private static final Pattern EMOJI = Pattern.compile(":[a-z0-9_+'-]+:");
    private static final char SOFT_HYPHEN = '\u00AD';

    private SlackRenderer() {}

    /** A {@code plain_text} object: never parsed, shown as it is (soft hyphens are invisible). */
    public static Rendering plainText(String text) {
        return new Rendering(visible(text), List.of(), List.of(), List.of());
    }

    /**
     * The {@code text} of a message (chat.postMessage with {@code mrkdwn} on and without
     * {@code link_names}): mrkdwn whose bare URLs and e-mail addresses Slack links, but whose bare
     * {@code @here} or {@code #name} stay text.
     */
    public static Rendering messageText(String text) {
        return new Parser(text, true, false).render();
    }

    /** A mrkdwn text object (without {@code verbatim}): bare URLs, addresses and mentions are parsed too. */
    public static Rendering mrkdwn(String text) {
        return new Parser(text, true, true).render();
    }

    /** A mrkdwn text object with {@code verbatim: true}: no links or mentions made from bare text. */
    public static Rendering mrkdwnVerbatim(String text) {
        return new Parser(text, false, false).render();
    }

    /** A text object ({@code {"type": "plain_text" | "mrkdwn", "text": ..., "verbatim": ...}}). */
    public static Rendering textObject(JsonNode object) {
        String text = object.path("text").asText("");
        return switch (object.path("type").asText()) {
            case "plain_text" -> plainText(text);
            case "mrkdwn" -> object.path("verbatim").asBoolean(false) ? mrkdwnVerbatim(text) : mrkdwn(text);
            default ->
                throw new IllegalArgumentException(
                        "not a text object: " + object.path("type").asText());
        };
    }

    /**
     * Every text object in a message's blocks, keyed by its JSON pointer ({@code /0/text},
     * {@code /1/fields/0}, {@code /2/elements/1}), in document order.
     */
    public static Map<String, Rendering> blocks(String blocksJson) {
        JsonNode root;
        try {
            root = JSON.readTree(blocksJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("blocks are not JSON", e);
        }
        Map<String, Rendering> out = new LinkedHashMap<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(JsonNode node, String pointer, Map<String, Rendering> out) {
        if (node.isObject()) {
            String type = node.path("type").asText();
            if ((type.equals("plain_text") || type.equals("mrkdwn"))
                    && node.path("text").isTextual()) {
                out.put(pointer, textObject(node));
                return;
            }
            node.properties().forEach(e -> collect(e.getValue(), pointer + "/" + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    private static String visible(String text) {
        return text.indexOf(SOFT_HYPHEN) < 0 ? text : text.replace(String.valueOf(SOFT_HYPHEN), "");
    }

    private static String decode(String raw) {
        return raw.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /**
     * One pass over a mrkdwn text. The text becomes a list of units: characters of plain text
     * (entities decoded, each remembering whether it may be a marker) and opaque tokens
     * ({@code <...>}) that show a text of their own. Formatting pairs markers among the plain
     * characters; links from bare text are found within runs of plain characters, which tokens end.
     */
    private static final class Parser {

        /** A character of plain text, or a token (a literal date fallback, a link, a mention). */
        private record Unit(char c, String shown, boolean token, boolean literal) {
            boolean plain() {
                return !token;
            }
        }

        private final String source;
        private final boolean bareLinks;
        private final boolean bareMentions;
        private final List<Unit> units = new ArrayList<>();
        private final List<Link> links = new ArrayList<>();
        private final List<Mention> mentions = new ArrayList<>();
        private final List<Span> spans = new ArrayList<>();

        Parser(String source, boolean bareLinks, boolean bareMentions) {
            this.source = source;
            this.bareLinks = bareLinks;
            this.bareMentions = bareMentions;
        }

        Rendering render() {
            tokenize();
            boolean[] hidden = new boolean[units.size()];
            pairs("```", Style.PRE, hidden, true);
            pairs("`", Style.CODE, hidden, false);
            pairs("*", Style.BOLD, hidden, false);
            pairs("_", Style.ITALIC, hidden, false);
            pairs("~", Style.STRIKE, hidden, false);
            quotes(hidden);
            bareText();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < units.size(); i++) {
                if (!hidden[i]) {
                    text.append(units.get(i).shown());
                }
            }
            return new Rendering(
                    visible(text.toString()), List.copyOf(spans), List.copyOf(links), List.copyOf(mentions));
        }

        private void tokenize() {
            int i = 0;
            while (i < source.length()) {
                char c = source.charAt(i);
                int close = c == '<' ? source.indexOf('>', i) : -1;
                if (close > 0) {
                    token(source.substring(i + 1, close));
                    i = close + 1;
                } else if (c == '&' && source.startsWith("&amp;", i)) {
                    units.add(new Unit('&', "&", false, false));
                    i += 5;
                } else if (c == '&' && source.startsWith("&lt;", i)) {
                    units.add(new Unit('<', "<", false, false));
                    i += 4;
                } else if (c == '&' && source.startsWith("&gt;", i)) {
                    units.add(new Unit('>', ">", false, false));
                    i += 4;
                } else {
                    units.add(new Unit(c, String.valueOf(c), false, false));
                    i++;
                }
            }
        }

        private void token(String inner) {
            int bar = inner.indexOf('|');
            String target = bar < 0 ? inner : inner.substring(0, bar);
            String label = bar < 0 ? null : decode(inner.substring(bar + 1));
            if (target.startsWith("@")) {
                mentions.add(new Mention(MentionKind.USER, target.substring(1)));
                units.add(tokenUnit("@" + (label != null ? label : target.substring(1))));
            } else if (target.startsWith("#")) {
                mentions.add(new Mention(MentionKind.CHANNEL, target.substring(1)));
                units.add(tokenUnit("#" + (label != null ? label : target.substring(1))));
            } else if (target.startsWith("!subteam^")) {
                String id = target.substring("!subteam^".length());
                mentions.add(new Mention(MentionKind.SUBTEAM, id));
                units.add(tokenUnit(label != null ? label : "@" + id));
            } else if (target.startsWith("!date^")) {
                date(target, label);
            } else if (target.startsWith("!")) {
                // here, channel, everyone; any other special command is counted as a broadcast too (stricter)
                String name = target.substring(1);
                mentions.add(new Mention(MentionKind.BROADCAST, name));
                units.add(tokenUnit("@" + (label != null ? label : name)));
            } else {
                String url = decode(target);
                links.add(new Link(url, label != null ? label : url, false));
                units.add(tokenUnit(label != null ? label : url));
            }
        }

        /** A valid date shows a date (here: its ts), an invalid one its fallback, as plain text. */
        private void date(String target, String fallback) {
            String[] parts = target.split("\\^", -1);
            boolean valid = parts.length >= 3 && parts[1].matches("\\d+");
            if (valid) {
                Matcher m = DATE_FORMAT_TOKEN.matcher(parts[2]);
                boolean any = false;
                while (m.find()) {
                    any = true;
                    valid &= DATE_TOKENS.contains(m.group(1));
                }
                valid &= any;
            }
            if (valid && parts.length >= 4) {
                links.add(new Link(parts[3], "date " + parts[1], false));
            }
            units.add(new Unit('\0', valid ? "<date " + parts[1] + ">" : fallback == null ? "" : fallback, true, true));
        }

        private static Unit tokenUnit(String shown) {
            return new Unit('\0', shown, true, false);
        }

        /** Pairs of {@code marker} on one line (pre: across lines) around text that does not start or end with a space. */
        private void pairs(String marker, Style style, boolean[] hidden, boolean multiline) {
            int n = marker.length();
            int i = 0;
            while (i < units.size()) {
                if (!isMarker(i, marker, hidden)) {
                    i++;
                    continue;
                }
                int open = i;
                int contentStart = open + n;
                int close = -1;
                for (int j = contentStart; j < units.size(); j++) {
                    Unit u = units.get(j);
                    if (u.plain() && u.c() == '\n' && !multiline) {
                        break;
                    }
                    if (j > contentStart && isMarker(j, marker, hidden) && !isSpace(j - 1) && !isSpace(contentStart)) {
                        close = j;
                        break;
                    }
                }
                if (close < 0) {
                    i++;
                    continue;
                }
                StringBuilder shown = new StringBuilder();
                for (int j = contentStart; j < close; j++) {
                    if (!hidden[j]) {
                        shown.append(units.get(j).shown());
                    }
                }
                for (int k = 0; k < n; k++) {
                    hidden[open + k] = true;
                    hidden[close + k] = true;
                }
                if (style == Style.CODE || style == Style.PRE) {
                    // nothing inside code is formatted: its markers are taken out of play
                    for (int j = contentStart; j < close; j++) {
                        units.set(j, asLiteral(units.get(j)));
                    }
                }
                spans.add(new Span(style, visible(shown.toString())));
                i = close + n;
            }
        }

        private static Unit asLiteral(Unit u) {
            return u.plain() ? new Unit(u.c(), u.shown(), false, true) : u;
        }

        private boolean isMarker(int at, String marker, boolean[] hidden) {
            if (at + marker.length() > units.size()) {
                return false;
            }
            for (int k = 0; k < marker.length(); k++) {
                Unit u = units.get(at + k);
                if (!u.plain() || u.literal() || hidden[at + k] || u.c() != marker.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        private boolean isSpace(int at) {
            Unit u = units.get(at);
            return u.plain() && Character.isWhitespace(u.c());
        }

        /** A line whose first unit is {@code >} (sent as {@code >} or {@code &gt;}) is a quote. */
        private void quotes(boolean[] hidden) {
            int lineStart = 0;
            for (int i = 0; i <= units.size(); i++) {
                if (i == units.size() || units.get(i).plain() && units.get(i).c() == '\n') {
                    if (lineStart < i) {
                        Unit first = units.get(lineStart);
                        if (first.plain() && !first.literal() && first.c() == '>' && !hidden[lineStart]) {
                            hidden[lineStart] = true;
                            StringBuilder shown = new StringBuilder();
                            for (int j = lineStart + 1; j < i; j++) {
                                if (!hidden[j]) {
                                    shown.append(units.get(j).shown());
                                }
                            }
                            spans.add(new Span(Style.QUOTE, visible(shown.toString())));
                        }
                    }
                    lineStart = i + 1;
                }
            }
        }

        /** Links, e-mail addresses, emoji and bare mentions in runs of plain text; tokens end a run. */
        private void bareText() {
            StringBuilder run = new StringBuilder();
            for (int i = 0; i <= units.size(); i++) {
                Unit u = i < units.size() ? units.get(i) : null;
                if (u != null && u.plain()) {
                    run.append(u.c());
                    continue;
                }
                scan(run.toString());
                run.setLength(0);
            }
        }

        private void scan(String run) {
            if (run.isEmpty()) {
                return;
            }
            List<int[]> taken = new ArrayList<>();
            if (bareLinks) {
                find(URL, run, taken, m -> links.add(new Link(m, m, true)));
                find(EMAIL, run, taken, m -> links.add(new Link("mailto:" + m, m, true)));
                find(DOMAIN, run, taken, m -> links.add(new Link("http://" + m, m, true)));
            }
            if (bareMentions) {
                find(
                        BARE_MENTION,
                        run,
                        taken,
                        m -> mentions.add(
                                m.startsWith("@")
                                        ? new Mention(MentionKind.BROADCAST, m.substring(1))
                                        : new Mention(MentionKind.CHANNEL, m.substring(1))));
            }
            find(EMOJI, run, taken, m -> spans.add(new Span(Style.EMOJI, m)));
        }

        private static void find(
                Pattern pattern, String run, List<int[]> taken, java.util.function.Consumer<String> found) {
            Matcher m = pattern.matcher(run);
            while (m.find()) {
                int start = m.start();
                int end = m.end();
                if (taken.stream().noneMatch(t -> start < t[1] && t[0] < end)) {
                    taken.add(new int[] {start, end});
                    found.accept(m.group());
                }
            }
        }
    }
}
