package dev.outflow.connect.slack;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;

/**
 * Mustache as the Slack templates need it: every value is escaped for Slack mrkdwn, and the three
 * ways around that are refused when the template is compiled: unescaped values
 * ({@code {{{x}}}}, {@code {{& x}}}), and partials and parents, which would also read files from
 * the worker's disk.
 */
final class SafeMustache {

    private final Factory factory = new Factory();
    private int compiled;

    /** Compiles a template; {@code what} names it in error messages (a config key). */
    Mustache compile(String template, String what) {
        try {
            return factory.compile(new StringReader(template), what + "#" + (++compiled));
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

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(SlackText.escape(value));
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
                        throw refused("{{{" + variable + "}}} (values are always escaped; use {{" + variable + "}})", tc);
                    }
                    super.value(tc, variable, true);
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

        private static MustacheException refused(String what, TemplateContext tc) {
            return new MustacheException(what + " is not allowed, at line " + tc.line());
        }
    }
}
