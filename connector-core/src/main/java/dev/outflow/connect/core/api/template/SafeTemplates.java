package dev.outflow.connect.core.api.template;

import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.ValueCode;

/**
 * Mustache made safe for record data: every value goes through one escaper, chosen for the kind of
 * text it lands in (Slack mrkdwn, a URL, a JSON string, an HTTP header), so it shows as exactly its
 * text there, and the three ways around that are refused when a template is compiled: unescaped
 * values ({@code {{{x}}}}, {@code {{& x}}}), and partials and parents, which would also read files
 * from the worker's disk. The one way to let data format is explicit: fields the operator names as
 * trusted go through a second, milder escaper.
 */
public final class SafeTemplates {

    private final Factory factory;
    private int compiled;

    /** Values are written through {@code escaper}. */
    public SafeTemplates(UnaryOperator<String> escaper) {
        this(escaper, Set.of(), escaper);
    }

    /** Values are written through {@code escaper}, but those of {@code trustedFields} through {@code trustedEscaper}. */
    public SafeTemplates(
            UnaryOperator<String> escaper, Set<String> trustedFields, UnaryOperator<String> trustedEscaper) {
        this.factory = new Factory(
                Objects.requireNonNull(escaper, "escaper"),
                Set.copyOf(trustedFields),
                Objects.requireNonNull(trustedEscaper, "trustedEscaper"));
    }

    /** Templates whose values are written as they are: for text nothing parses, such as a Slack {@code plain_text}. */
    public static SafeTemplates verbatim() {
        return new SafeTemplates(UnaryOperator.identity());
    }

    /**
     * Compiles a template; {@code what} names it in error messages (a config key).
     *
     * @throws TemplateException naming {@code what} and the place in the template
     */
    public Template compile(String template, String what) {
        try {
            return new Template(factory.compile(new StringReader(template), what + "#" + (++compiled)), template);
        } catch (MustacheException e) {
            throw new TemplateException(what + " does not compile: " + rootMessage(e));
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getCause() instanceof MustacheException) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static final class Factory extends DefaultMustacheFactory {

        private final UnaryOperator<String> escaper;
        private final Set<String> trustedFields;
        private final UnaryOperator<String> trustedEscaper;

        Factory(UnaryOperator<String> escaper, Set<String> trustedFields, UnaryOperator<String> trustedEscaper) {
            this.escaper = escaper;
            this.trustedFields = trustedFields;
            this.trustedEscaper = trustedEscaper;
        }

        @Override
        public void encode(String value, Writer writer) {
            write(writer, escaper.apply(value));
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
                    if (trustedFields.contains(variable.trim())) {
                        list.add(new TrustedValue(tc, Factory.this, variable, trustedEscaper));
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
                public void extend(TemplateContext tc, String variable, com.github.mustachejava.Mustache mustache) {
                    throw refused("the parent {{<" + variable + "}}", tc);
                }
            };
        }

        /** A value of a field the operator trusts to format: written through the milder escaper. */
        private static final class TrustedValue extends ValueCode {

            private final UnaryOperator<String> escaper;

            TrustedValue(
                    TemplateContext tc,
                    DefaultMustacheFactory factory,
                    String variable,
                    UnaryOperator<String> escaper) {
                super(tc, factory, variable, true);
                this.escaper = escaper;
            }

            @Override
            protected void execute(Writer writer, String value) {
                write(writer, escaper.apply(value));
            }
        }

        private static MustacheException refused(String what, TemplateContext tc) {
            return new MustacheException(what + " is not allowed, at line " + tc.line());
        }
    }
}
