package io.github.crossaccountmfa.aws;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Says which endpoint could not be reached. The SDK reports a name that does not resolve as "Received an
 * UnknownHostException … See cause" and a refused connection as "Connection refused", neither naming the host; this
 * interceptor, which sees the request, replaces them (after the retries) with one sentence that does:
 * {@code unknown host iam.example.invalid (DNS has no address for it)}, {@code connection refused by
 * 127.0.0.1:4566}. {@link AwsErrors} classifies the result as unreachable.
 */
final class UnreachableEndpoints implements ExecutionInterceptor {

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        Optional<String> reason = context.httpRequest().flatMap(request -> reason(failure, request));
        if (reason.isEmpty()) {
            return failure;
        }
        Integer attempts = failure instanceof SdkClientException e ? e.numAttempts() : null;
        return SdkClientException.builder().message(reason.get()).cause(new Unreachable(reason.get(), failure))
                .numAttempts(attempts).build();
    }

    /**
     * For callers outside the SDK's pipeline ({@link AwsConfigApi}): {@code failure} of {@code request} as the
     * SDK's client exception naming the endpoint, if it is one that kept the request from an answer.
     */
    static Optional<SdkClientException> describe(Throwable failure, SdkHttpRequest request) {
        return reason(failure, request).map(reason -> SdkClientException.builder().message(reason)
                .cause(new Unreachable(reason, failure)).build());
    }

    /** What kept {@code request} from an answer, naming its host; empty for any other failure. */
    private static Optional<String> reason(Throwable failure, SdkHttpRequest request) {
        String endpoint = request.host() + ":" + request.port();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Unreachable) {
                return Optional.empty();
            }
            if (t instanceof UnknownHostException) {
                return Optional.of("unknown host " + request.host() + " (DNS has no address for it)");
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
                return Optional.of(message.startsWith("connection refused") ? "connection refused by " + endpoint
                        : "cannot connect to " + endpoint + (message.isEmpty() ? "" : " (" + message + ")"));
            }
        }
        return Optional.empty();
    }

    /** Marks a failure already described, and keeps the SDK's own exception behind it. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String reason, Throwable sdk) {
            super(reason, sdk, false, false);
        }
    }

    /**
     * The sentence of a failure this interceptor described, wherever it is in {@code failure}'s causes; for a client
     * it does not watch (the SDK's own STS and SSO clients behind a profile's role_arn or SSO settings), the host of
     * an {@link UnknownHostException}, whose message names it.
     */
    static Optional<String> described(Throwable failure) {
        UnknownHostException unknownHost = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Unreachable unreachable) {
                return Optional.of(unreachable.getMessage());
            }
            if (t instanceof UnknownHostException e && unknownHost == null) {
                unknownHost = e;
            }
        }
        if (unknownHost != null && unknownHost.getMessage() != null && !unknownHost.getMessage().isBlank()) {
            String host = unknownHost.getMessage().split(":", 2)[0].strip();
            return Optional.of("unknown host " + host + " (DNS has no address for it)");
        }
        return Optional.empty();
    }
}
