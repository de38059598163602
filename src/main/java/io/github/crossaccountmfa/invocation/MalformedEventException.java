package io.github.crossaccountmfa.invocation;

/** The event AWS Config sent (or a user fed to {@code evaluate}) cannot be handled; the message says what is wrong. */
public final class MalformedEventException extends RuleException {
    public MalformedEventException(String message) {
        super("Malformed event: " + message, null);
    }
}
