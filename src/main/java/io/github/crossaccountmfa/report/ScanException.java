package io.github.crossaccountmfa.report;

/**
 * A scan that could not finish: an AWS call failed (after the SDK's retries) or a role could not be evaluated.
 * No report may be produced from it.
 */
public final class ScanException extends RuntimeException {
    private final String operation;
    private final long listed;

    /**
     * @param operation what failed, e.g. {@code iam:ListRoles}
     * @param listed    how many roles had been listed when it failed
     */
    public ScanException(String operation, long listed, RuntimeException cause) {
        super(operation + " failed after " + listed + " roles were listed: " + cause.getMessage(), cause);
        this.operation = operation;
        this.listed = listed;
    }

    public String operation() {
        return operation;
    }

    public long listed() {
        return listed;
    }

    @Override
    public synchronized RuntimeException getCause() {
        return (RuntimeException) super.getCause();
    }
}
