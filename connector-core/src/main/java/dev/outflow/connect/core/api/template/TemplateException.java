package dev.outflow.connect.core.api.template;

/**
 * A template that does not compile, or a rendering that went wrong. The message names the
 * template and the place in it, never a record's values.
 */
public final class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }
}
