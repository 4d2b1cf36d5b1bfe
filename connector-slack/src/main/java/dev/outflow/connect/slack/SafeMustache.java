package dev.outflow.connect.slack;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import dev.outflow.connect.core.api.template.SafeTemplates;
import dev.outflow.connect.core.api.template.Template;

/**
 * The framework's safe templates as Slack needs them: every value is written so that it shows as
 * exactly its text in the kind of text it lands in ({@link Kind}). The one way to let data format
 * is explicit: fields named in {@code slack.mrkdwn.fields} are only escaped in mrkdwn text, so
 * their own {@code *bold*} shows, but they still cannot mention anyone or make a {@code <link>}.
 */
final class SafeMustache {

    /** What Slack does with a string: parses it as mrkdwn, as standard Markdown, or shows it as it is. */
    enum Kind {
        /** The message text and mrkdwn text objects: {@link SlackText#literal}. */
        MRKDWN,
        /** A {@code markdown} block: {@link SlackText#markdownLiteral}. */
        MARKDOWN,
        /** {@code plain_text} objects and every other string (URLs, ids, values): written as they are, since Slack does not parse them. */
        PLAIN
    }

    private final Map<Kind, SafeTemplates> templates = new EnumMap<>(Kind.class);

    /** @param trustedFields tag names whose values may format in mrkdwn (still escaped for {@code &}, {@code <}, {@code >}) */
    SafeMustache(Set<String> trustedFields) {
        templates.put(Kind.MRKDWN, new SafeTemplates(SlackText::literal, trustedFields, SlackText::escape));
        templates.put(Kind.MARKDOWN, new SafeTemplates(SlackText::markdownLiteral));
        templates.put(Kind.PLAIN, SafeTemplates.verbatim());
    }

    /** Compiles a template whose values land in mrkdwn text; {@code what} names it in error messages (a config key). */
    Template compile(String template, String what) {
        return compile(template, what, Kind.MRKDWN);
    }

    Template compile(String template, String what, Kind kind) {
        return templates.get(kind).compile(template, what);
    }
}
