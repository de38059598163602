package io.github.crossaccountmfa.template;

/** An input file that cannot be checked at all: unreadable, malformed, or neither a template nor a plan. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
