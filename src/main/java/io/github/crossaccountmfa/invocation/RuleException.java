package io.github.crossaccountmfa.invocation;

import io.github.crossaccountmfa.input.Excerpt;

/**
 * An expected failure of an invocation: a malformed event, an AWS error, undelivered evaluations, a sweep out of
 * time. The message is one line that says what went wrong; there is no stack trace to log, because the message is
 * the whole story. The invocation fails so that AWS Config retries it.
 */
public abstract sealed class RuleException extends RuntimeException
        permits MalformedEventException, AwsOperationException, DeliveryException, DeadlineException {

    static final int MAX_MESSAGE = 2000;

    protected RuleException(String message, Throwable cause) {
        super(oneLine(message), cause, false, false);
    }

    /** One line, and short enough for a log line and the Lambda error response whatever the input quoted. */
    public static String oneLine(String message) {
        return message == null ? ""
                : Excerpt.shorten(message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip(), MAX_MESSAGE);
    }
}
