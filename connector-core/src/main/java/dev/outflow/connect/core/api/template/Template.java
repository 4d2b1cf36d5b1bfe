package dev.outflow.connect.core.api.template;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;

/** A compiled template: render it against a record's scope as often as needed, from one thread at a time or many. */
public final class Template {

    private final Mustache mustache;
    private final boolean constant;

    Template(Mustache mustache, String source) {
        this.mustache = mustache;
        // every tag, a delimiter change included, opens with the default delimiter
        this.constant = !source.contains("{{");
    }

    /** True when the template has no tag: it renders the same text for every record, so a caller may render it once. */
    public boolean isConstant() {
        return constant;
    }

    /** @throws TemplateException when rendering fails; the message names no value of the record */
    public String render(RecordScope scope) {
        StringWriter out = new StringWriter();
        try {
            mustache.execute(out, scope.values()).flush();
        } catch (MustacheException e) {
            throw new TemplateException("the template could not be rendered: " + SafeTemplates.rootMessage(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
