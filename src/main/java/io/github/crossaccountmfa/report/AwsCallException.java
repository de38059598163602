package io.github.crossaccountmfa.report;

/**
 * An AWS call that failed after the SDK's retries, described without SDK types: which call, on what, what kind
 * of failure, and what AWS answered. The {@code aws} package builds it; {@link ScanMessages} words it.
 */
public final class AwsCallException extends RuntimeException {

    /** What went wrong, as far as a user can act on it. */
    public enum Kind {
        /** AccessDenied and other refusals: a missing permission, or a trust policy that does not admit the caller */
        ACCESS_DENIED,
        /** AWS kept throttling through every retry */
        THROTTLED,
        /** the credentials were rejected (unknown key, bad signature, expired token) */
        BAD_CREDENTIALS,
        /** no credentials were found at all */
        NO_CREDENTIALS,
        /** no answer: DNS, connection or timeout */
        UNREACHABLE,
        /** any other answer */
        OTHER
    }

    private final String action;
    private final String target;
    private final Kind kind;
    private final String code;
    private final String detail;
    private final int status;
    private final int attempts;

    /**
     * @param action   the call, e.g. {@code sts:AssumeRole}
     * @param target   what it was called on (a role ARN), or {@code ""}
     * @param code     AWS's error code, or {@code ""} when there was no answer
     * @param detail   AWS's error message ({@code ""} when it gave none), or what kept the call from being answered
     * @param status   the HTTP status, 0 without an answer
     * @param attempts attempts made, 0 when unknown
     */
    public AwsCallException(String action, String target, Kind kind, String code, String detail, int status,
                            int attempts) {
        super(action + (target.isEmpty() ? "" : " on " + target) + " failed: " + (code.isEmpty() ? "" : code + ": ")
                + detail, null, false, false);
        this.action = action;
        this.target = target;
        this.kind = kind;
        this.code = code;
        this.detail = detail;
        this.status = status;
        this.attempts = attempts;
    }

    public String action() {
        return action;
    }

    public String target() {
        return target;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    public int attempts() {
        return attempts;
    }

    /** {@code code: detail}; the HTTP status stands in for a missing code, and the detail may be missing too. */
    String answer() {
        String head = !code.isEmpty() ? code : status > 0 ? "HTTP " + status : "";
        return head.isEmpty() ? detail : detail.isEmpty() ? head : head + ": " + detail;
    }

    /** What AWS said: its message, else its code or HTTP status. */
    String said() {
        return detail.isEmpty() ? answer() : detail;
    }

    /** {@code 3 attempts}, {@code 1 attempt}, or {@code the SDK's retries} when unknown. */
    String attemptsText() {
        return attempts <= 0 ? "the SDK's retries" : attempts + (attempts == 1 ? " attempt" : " attempts");
    }
}
