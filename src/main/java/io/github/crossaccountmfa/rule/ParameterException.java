package io.github.crossaccountmfa.rule;

/** Rule parameters ({@code InputParameters}) that are malformed; the message names the key. */
public final class ParameterException extends RuntimeException {
    public ParameterException(String message) {
        super(message);
    }
}
