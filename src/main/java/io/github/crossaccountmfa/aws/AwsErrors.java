package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.AwsOperationException;
import io.github.crossaccountmfa.report.AwsCallException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK exceptions (after the SDK's own retries) into the pure packages' exceptions: one-line
 * {@link AwsOperationException}s for the Lambda, classified {@link AwsCallException}s for the commands.
 */
final class AwsErrors {
    private static final Set<String> ACCESS_DENIED = Set.of("accessdenied", "accessdeniedexception",
            "unauthorizedoperation", "unauthorizedaccess");
    private static final Set<String> BAD_CREDENTIALS = Set.of("invalidclienttokenid", "signaturedoesnotmatch",
            "expiredtoken", "expiredtokenexception", "unrecognizedclientexception", "invalidaccesskeyid");

    private AwsErrors() {
    }

    /** Runs {@code call}; an SDK failure becomes an {@link AwsCallException} for {@code action} on {@code target}. */
    static <T> T command(String action, String target, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw classify(action, target, e);
        }
    }

    /** What kind of failure {@code e} is, with AWS's code and message (never credentials: the SDK puts none there). */
    static AwsCallException classify(String action, String target, SdkException e) {
        int attempts = e.numAttempts() == null ? 0 : e.numAttempts();
        AwsServiceException service = serviceCause(e);
        if (service != null) {
            AwsErrorDetails details = service.awsErrorDetails();
            String code = details == null || details.errorCode() == null ? "" : details.errorCode();
            // no message (an answer the SDK could not read): say nothing rather than repeat the SDK's own text
            String message = details == null || details.errorMessage() == null ? "" : details.errorMessage();
            String lower = code.toLowerCase(Locale.ROOT);
            AwsCallException.Kind kind;
            if (BAD_CREDENTIALS.contains(lower)) {
                kind = AwsCallException.Kind.BAD_CREDENTIALS;
            } else if (ACCESS_DENIED.contains(lower) || service.statusCode() == 403) {
                kind = AwsCallException.Kind.ACCESS_DENIED;
            } else if (service.isThrottlingException()) {
                kind = AwsCallException.Kind.THROTTLED;
            } else {
                kind = AwsCallException.Kind.OTHER;
            }
            int serviceAttempts = service.numAttempts() == null ? attempts : service.numAttempts();
            return new AwsCallException(action, target, kind, code, message, service.statusCode(), serviceAttempts);
        }
        Optional<String> unreachable = UnreachableEndpoints.described(e);
        if (unreachable.isPresent()) {
            return new AwsCallException(action, target, AwsCallException.Kind.UNREACHABLE, "", unreachable.get(), 0,
                    attempts);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SdkClientException && message.contains("Unable to load credentials")) {
            return new AwsCallException(action, target, AwsCallException.Kind.NO_CREDENTIALS, "", message, 0, attempts);
        }
        if (e instanceof SdkClientException && message.contains("Unable to execute HTTP request")) {
            return new AwsCallException(action, target, AwsCallException.Kind.UNREACHABLE, "", message, 0, attempts);
        }
        return new AwsCallException(action, target, AwsCallException.Kind.OTHER, "", message, 0, attempts);
    }

    /** The service's answer behind {@code e} (credential providers wrap the STS error in a client exception). */
    private static AwsServiceException serviceCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException service) {
                return service;
            }
        }
        return null;
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
        Optional<String> unreachable = UnreachableEndpoints.described(e);
        if (unreachable.isPresent()) {
            return unreachable.get() + (e.numAttempts() == null || e.numAttempts() < 2 ? ""
                    : " (" + e.numAttempts() + " attempts)");
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
