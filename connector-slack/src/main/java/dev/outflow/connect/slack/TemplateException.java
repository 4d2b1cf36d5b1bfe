package dev.outflow.connect.slack;

/**
 * A template that does not compile, or a rendering that went wrong. The message names the
 * template and the place in it, never a record's values.
 */
final class TemplateException extends RuntimeException {

    TemplateException(String message) {
        super(message);
    }
}
