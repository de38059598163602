package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.AwsOperationException;

import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions (after the SDK's own retries) into one-line {@link AwsOperationException}s. */
final class AwsErrors {
    private AwsErrors() {
    }

    /** Runs {@code call}; an SDK failure becomes "{@code operation} failed: code: message (HTTP n, request id r)". */
    static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failure(operation, e);
        }
    }

    static AwsOperationException failure(String operation, SdkException e) {
        return new AwsOperationException(operation + " failed: " + describe(e), null);
    }

    /** The error code, message, HTTP status and request id; never credentials (the SDK does not put them there). */
    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service) {
            AwsErrorDetails details = service.awsErrorDetails();
            String code = details == null || details.errorCode() == null ? service.getClass().getSimpleName()
                    : details.errorCode();
            String message = details == null || details.errorMessage() == null ? "" : ": " + details.errorMessage();
            String request = service.requestId() == null ? "" : ", request id " + service.requestId();
            return code + message + " (HTTP " + service.statusCode() + request + ")";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.startsWith("Unable to load credentials")) {
            return "no AWS credentials found by the default credential chain (environment variables, system "
                    + "properties, web identity, profile, container or instance role)";
        }
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        return message;
    }

    /** {@code a, b, c, +7 more}: resource ids for a message. */
    static String list(List<String> ids) {
        int shown = Math.min(ids.size(), 10);
        String text = String.join(", ", ids.subList(0, shown));
        return ids.size() > shown ? text + ", +" + (ids.size() - shown) + " more" : text;
    }
}
