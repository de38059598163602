package io.github.crossaccountmfa.invocation;

/** An AWS call failed after the SDK's retries, or a role could not be assumed; the message names the call. */
public final class AwsOperationException extends RuleException {
    public AwsOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
