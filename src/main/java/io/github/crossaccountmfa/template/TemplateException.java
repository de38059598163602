package io.github.crossaccountmfa.template;

/** An input file that cannot be checked at all (unreadable, malformed, or not a template or plan); names the problem. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
