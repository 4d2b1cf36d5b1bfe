package dev.outflow.connect.slack;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.ValueCode;

/**
 * Mustache as the Slack templates need it: every value is written so that it shows as exactly its
 * text in the kind of text it lands in ({@link Kind}), and the three ways around that are refused
 * when the template is compiled: unescaped values ({@code {{{x}}}}, {@code {{& x}}}), and partials
 * and parents, which would also read files from the worker's disk. The one way to let data format
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

    private final Set<String> trustedFields;
    private final Map<Kind, Factory> factories = new EnumMap<>(Kind.class);
    private int compiled;

    /** @param trustedFields tag names whose values may format in mrkdwn (still escaped for {@code &}, {@code <}, {@code >}) */
    SafeMustache(Set<String> trustedFields) {
        this.trustedFields = Set.copyOf(trustedFields);
        for (Kind kind : Kind.values()) {
            factories.put(kind, new Factory(kind, this.trustedFields));
        }
    }

    /** Compiles a template whose values land in mrkdwn text; {@code what} names it in error messages (a config key). */
    Mustache compile(String template, String what) {
        return compile(template, what, Kind.MRKDWN);
    }

    Mustache compile(String template, String what, Kind kind) {
        try {
            return factories.get(kind).compile(new StringReader(template), what + "#" + (++compiled));
        } catch (MustacheException e) {
            throw new TemplateException(what + " does not compile: " + rootMessage(e));
        }
    }

    /** Renders against a record's scope. */
    static String render(Mustache mustache, RecordScope scope) {
        StringWriter out = new StringWriter();
        try {
            mustache.execute(out, scope.values()).flush();
        } catch (MustacheException e) {
            throw new TemplateException("the template could not be rendered: " + rootMessage(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getCause() instanceof MustacheException) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static final class Factory extends DefaultMustacheFactory {

        private final Kind kind;
        private final Set<String> trustedFields;

        Factory(Kind kind, Set<String> trustedFields) {
            this.kind = kind;
            this.trustedFields = trustedFields;
        }

        @Override
        public void encode(String value, Writer writer) {
            write(
                    writer,
                    switch (kind) {
                        case MRKDWN -> SlackText.literal(value);
                        case MARKDOWN -> SlackText.markdownLiteral(value);
                        case PLAIN -> value;
                    });
        }

        private static void write(Writer writer, String text) {
            try {
                writer.write(text);
            } catch (IOException e) {
                throw new MustacheException("could not write", e);
            }
        }

        @Override
        public MustacheVisitor createMustacheVisitor() {
            return new DefaultMustacheVisitor(this) {
                @Override
                public void value(TemplateContext tc, String variable, boolean encoded) {
                    if (!encoded) {
                        throw refused(
                                "{{{" + variable + "}}} (values are always escaped; use {{" + variable + "}})", tc);
                    }
                    if (kind == Kind.MRKDWN && trustedFields.contains(variable.trim())) {
                        list.add(new TrustedValue(tc, Factory.this, variable));
                    } else {
                        super.value(tc, variable, true);
                    }
                }

                @Override
                public void partial(TemplateContext tc, String variable, String indent) {
                    throw refused("the partial {{>" + variable + "}}", tc);
                }

                @Override
                public void dynamicPartial(TemplateContext tc, String variable, String indent) {
                    throw refused("the partial {{>*" + variable + "}}", tc);
                }

                @Override
                public void extend(TemplateContext tc, String variable, Mustache mustache) {
                    throw refused("the parent {{<" + variable + "}}", tc);
                }
            };
        }

        /** A value of a field the operator trusts to format: escaped for {@code &}, {@code <}, {@code >} only. */
        private static final class TrustedValue extends ValueCode {
            TrustedValue(TemplateContext tc, DefaultMustacheFactory factory, String variable) {
                super(tc, factory, variable, true);
            }

            @Override
            protected void execute(Writer writer, String value) {
                write(writer, SlackText.escape(value));
            }
        }

        private static MustacheException refused(String what, TemplateContext tc) {
            return new MustacheException(what + " is not allowed, at line " + tc.line());
        }
    }
}
