package io.github.crossaccountmfa.remediation;

/**
 * A remediation that could not be carried out; the message says which role and why. Nothing was changed unless the
 * message says so.
 */
public final class RemediationException extends RuntimeException {
    public RemediationException(String message) {
        super(message);
    }

    public RemediationException(String message, Throwable cause) {
        super(message, cause);
    }
}
