package io.github.crossaccountmfa.invocation;

/** A sweep stopped because the Lambda deadline was too close to finish it: nothing is reported as complete. */
public final class DeadlineException extends RuleException {
    public DeadlineException(String message) {
        super(message, null);
    }
}
