package io.github.crossaccountmfa.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.input.JsonInputException;
import io.github.crossaccountmfa.input.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.endpoint.AwsClientEndpointProvider;
import software.amazon.awssdk.awscore.endpoint.DualstackEnabledProvider;
import software.amazon.awssdk.awscore.endpoint.FipsEnabledProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.services.config.endpoints.ConfigEndpointParams;
import software.amazon.awssdk.services.config.endpoints.ConfigEndpointProvider;

/**
 * AWS Config's JSON 1.1 API, called through the SDK's own parts instead of its generated client: the endpoint from
 * the Config client's endpoint rules ({@link ConfigEndpointProvider}) and the standard endpoint settings
 * ({@code AWS_ENDPOINT_URL_CONFIG_SERVICE}, {@code AWS_ENDPOINT_URL}, a profile's {@code endpoint_url}), the
 * credentials provider of the other clients, SigV4 by {@link AwsV4HttpSigner}, the same {@link SdkHttpClient}, and
 * the SDK's adaptive retry strategy (throttling, 5xx, connection errors, its client-side rate limiter shared by the
 * threads of one instance). Failures are the SDK's own exception types ({@link AwsServiceException} with AWS's
 * error code and message, {@link SdkClientException} for the network), so callers handle them as for any client.
 *
 * <p>Why not {@code ConfigClient}: building it and making its first call is about 2 000 classes, more than half of
 * the function's cold start (docs/benchmarks-lambda.md), for three operations whose requests are a few JSON fields.
 */
public final class AwsConfigApi {
    /** The JSON 1.1 target prefix of every AWS Config operation (the service's Smithy name). */
    private static final String TARGET_PREFIX = "StarlingDoveService.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String SIGNING_NAME = "config";
    private static final String USER_AGENT = "aws-sdk-java/" + VersionInfo.SDK_VERSION + " md/cross-account-mfa-rule"
            + " lang/java#" + System.getProperty("java.version", "unknown");
    /** Answers larger than this are refused rather than held in memory (GetResourceConfigHistory's are the largest). */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** A difference the SDK's clients tolerate before they correct their signing clock. */
    private static final Duration CLOCK_SKEW_TOLERANCE = Duration.ofMinutes(4);

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final Optional<AwsClients.Profile> profile;
    private final RetryStrategy retry;
    private final Duration attemptTimeout;
    private final Duration callTimeout;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private volatile URI endpoint;
    /** How far AWS's clock is ahead of this machine's, learned from a clock-skew error (as the SDK's clients do). */
    private volatile Duration clockOffset = Duration.ZERO;

    AwsConfigApi(SdkHttpClient http, AwsCredentialsProvider credentials, Region region,
                 Optional<AwsClients.Profile> profile, RetryStrategy retry, Duration attemptTimeout,
                 Duration callTimeout) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.profile = profile;
        this.retry = retry;
        this.attemptTimeout = attemptTimeout;
        this.callTimeout = callTimeout;
    }

    /**
     * AWS Config at a fixed {@code endpoint} with {@code credentials}, the SDK's default adaptive retries and
     * timeouts (SnapStart priming answers such calls from memory).
     */
    public static AwsConfigApi at(URI endpoint, SdkHttpClient http, AwsCredentialsProvider credentials,
                                  Region region) {
        AwsConfigApi api = new AwsConfigApi(http, credentials, region, Optional.empty(),
                AwsClients.retryStrategy(AwsClients.Settings.DEFAULT), AwsClients.Settings.DEFAULT.attemptTimeout(),
                AwsClients.Settings.DEFAULT.worstCase());
        api.endpoint = endpoint;
        return api;
    }

    /**
     * Calls {@code operation} (e.g. {@code PutEvaluations}) with the JSON request {@code body}, retrying as the SDK
     * does, and returns the answer's JSON object.
     *
     * @throws SdkException what the SDK's generated client would throw, after the retries
     */
    public JsonNode call(String operation, String body) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + callTimeout.toNanos();
        AcquireInitialTokenResponse initial = retry.acquireInitialToken(AcquireInitialTokenRequest.create(SIGNING_NAME));
        pause(initial.delay(), deadline, () -> ApiCallTimeoutException.create(callTimeout.toMillis()));
        RetryToken token = initial.token();
        for (int attempt = 1; ; attempt++) {
            try {
                JsonNode answer = attempt(operation, payload);
                retry.recordSuccess(RecordSuccessRequest.create(token));
                return answer;
            } catch (SdkException failure) {
                adjustClock(failure);
                RefreshRetryTokenResponse next;
                try {
                    next = retry.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure)
                            .build());
                } catch (TokenAcquisitionFailedException noRetry) {
                    throw finalFailure(failure, attempt);
                }
                int attempts = attempt;
                pause(next.delay(), deadline, () -> finalFailure(failure, attempts));
                token = next.token();
            }
        }
    }

    /** What writes one request's JSON. */
    @FunctionalInterface
    interface RequestWriter {
        void write(JsonGenerator json) throws IOException;
    }

    /** A request body: the object {@code fields} writes. */
    static String request(RequestWriter fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** A timestamp as the JSON protocols send it: epoch seconds with milliseconds. */
    static void writeTimestamp(JsonGenerator json, String field, Instant time) throws IOException {
        json.writeFieldName(field);
        json.writeNumber(BigDecimal.valueOf(time.toEpochMilli(), 3).toPlainString());
    }

    /** A timestamp of an answer (epoch seconds, possibly fractional); empty if absent or not a number. */
    static Optional<Instant> timestamp(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return Optional.empty();
        }
        BigDecimal seconds = node.decimalValue();
        try {
            return Optional.of(Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP)
                    .longValueExact()));
        } catch (ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }

    /** A text field of an answer; empty if absent, null or not text. */
    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** The endpoint calls go to (resolved once). */
    URI endpoint() {
        URI resolved = endpoint;
        if (resolved == null) {
            resolved = resolveEndpoint();
            endpoint = resolved;
        }
        return resolved;
    }

    private JsonNode attempt(String operation, byte[] payload) {
        URI uri = endpoint();
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(uri)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET_PREFIX + operation)
                .putHeader("Content-Length", Integer.toString(payload.length))
                .putHeader("User-Agent", USER_AGENT)
                .build();
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.offset(Clock.systemUTC(), clockOffset)));
        ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElseThrow())
                .build());
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean timedOut = new AtomicBoolean();
        // The SDK's attempt timeout: a hung connection is aborted, and the abort counts as a retryable timeout.
        CompletableFuture.delayedExecutor(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!finished.get()) {
                timedOut.set(true);
                call.abort();
            }
        });
        try {
            HttpExecuteResponse response = call.call();
            byte[] body = read(response);
            return answer(response.httpResponse(), body);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SdkException sdk && !timedOut.get()) {
                throw sdk;
            }
            if (timedOut.get()) {
                throw ApiCallAttemptTimeoutException.create(attemptTimeout.toMillis());
            }
            // the SDK's wording, so that its retry strategy sees the IOException; named after the retries
            throw SdkClientException.builder().message("Unable to execute HTTP request: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage())).cause(e).build();
        } finally {
            finished.set(true);
        }
    }

    private static byte[] read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = response.responseBody().get()) {
            byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (body.length > MAX_RESPONSE_BYTES) {
                throw SdkClientException.create("AWS Config's answer is larger than " + MAX_RESPONSE_BYTES
                        + " bytes");
            }
            return body;
        }
    }

    /** A 2xx answer's JSON, or the service error it reports (JSON 1.1: {@code __type} and {@code message}). */
    static JsonNode answer(SdkHttpResponse response, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        Optional<JsonNode> json = parse(text);
        if (response.isSuccessful()) {
            return json.orElseThrow(() -> SdkClientException.create("AWS Config answered HTTP "
                    + response.statusCode() + " with a body that is not a JSON object"));
        }
        String code = errorCode(response, json).orElse("HTTP " + response.statusCode());
        String message = json.map(AwsConfigApi::errorMessage).orElse(null);
        String requestId = response.firstMatchingHeader("x-amzn-RequestId").orElse(null);
        SdkHttpFullResponse full = SdkHttpFullResponse.builder().statusCode(response.statusCode())
                .statusText(response.statusText().orElse(null)).headers(response.headers()).build();
        throw AwsServiceException.builder()
                .message(message == null ? code : message)
                .statusCode(response.statusCode())
                .requestId(requestId)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName("Config")
                        .sdkHttpResponse(full)
                        .build())
                .build();
    }

    private static Optional<JsonNode> parse(String text) {
        if (text.isBlank()) {
            return Optional.of(StrictJson.read("{}"));
        }
        try {
            JsonNode node = StrictJson.read(text);
            return node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonInputException e) {
            return Optional.empty();
        }
    }

    /** {@code __type} ({@code com.amazonaws.config#ThrottlingException} → {@code ThrottlingException}), else the header. */
    private static Optional<String> errorCode(SdkHttpResponse response, Optional<JsonNode> json) {
        Optional<String> type = json.map(j -> j.path("__type").asText("")).filter(t -> !t.isBlank())
                .or(() -> json.map(j -> j.path("code").asText("")).filter(t -> !t.isBlank()))
                .or(() -> response.firstMatchingHeader("x-amzn-ErrorType"));
        return type.map(t -> t.substring(t.lastIndexOf('#') + 1)).map(t -> t.split(":", 2)[0].strip())
                .filter(t -> !t.isEmpty());
    }

    private static String errorMessage(JsonNode json) {
        for (String field : new String[] {"message", "Message", "errorMessage"}) {
            JsonNode value = json.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }

    /**
     * After a clock-skew error ({@code RequestTimeTooSkewed}, {@code InvalidSignatureException} "Signature
     * expired", …), signs from then on with AWS's time, taken from the answer's {@code Date} header, when the two
     * clocks are more than four minutes apart: what the SDK's clients do, so that the retry can succeed.
     */
    private void adjustClock(SdkException failure) {
        if (!(failure instanceof AwsServiceException service) || !service.isClockSkewException()
                || service.awsErrorDetails() == null || service.awsErrorDetails().sdkHttpResponse() == null) {
            return;
        }
        serverTime(service.awsErrorDetails().sdkHttpResponse()).ifPresent(server -> {
            Duration offset = Duration.between(Instant.now(), server);
            if (offset.abs().compareTo(CLOCK_SKEW_TOLERANCE) > 0) {
                clockOffset = offset;
            }
        });
    }

    /** The {@code Date} header of an answer (RFC 1123), if it has a valid one. */
    static Optional<Instant> serverTime(SdkHttpResponse response) {
        try {
            return response.firstMatchingHeader("Date")
                    .map(date -> ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The clock offset to sign with from now on (for the tests). */
    Duration clockOffset() {
        return clockOffset;
    }

    /**
     * What a call that will not be retried again throws: {@code failure} with its number of attempts, and, when the
     * endpoint could not be reached, one sentence naming it (as {@link UnreachableEndpoints} does for the clients).
     */
    private SdkException finalFailure(SdkException failure, int attempts) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint()).build();
        SdkException described = UnreachableEndpoints.describe(failure, request).<SdkException>map(e -> e)
                .orElse(failure);
        return described.toBuilder().numAttempts(attempts).build();
    }

    /** Waits {@code delay}, or throws what {@code tooLate} gives if that would pass the call's deadline. */
    private void pause(Duration delay, long deadline, Supplier<SdkException> tooLate) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        if (System.nanoTime() + delay.toNanos() > deadline) {
            throw tooLate.get();
        }
        try {
            Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.builder().message("Interrupted while waiting to call AWS Config").cause(e)
                    .build();
        }
    }

    /**
     * The Config client's endpoint rules with the standard settings, as its builder would: an endpoint override
     * (the service's and the global variable, system property or profile setting), FIPS and dual-stack settings.
     * The override lookup is skipped when nothing could set one (no variable, property or profile file: a Lambda
     * function), because without one it falls back to the SDK's service metadata, all 400 services of it.
     */
    private URI resolveEndpoint() {
        boolean settings = mayOverride();
        Optional<String> override = settings ? override() : Optional.empty();
        Optional<Boolean> useFips = settings || System.getenv("AWS_USE_FIPS_ENDPOINT") != null
                || System.getProperty("aws.useFipsEndpoint") != null ? fips() : Optional.empty();
        Optional<Boolean> useDualstack = settings || System.getenv("AWS_USE_DUALSTACK_ENDPOINT") != null
                || System.getProperty("aws.useDualstackEndpoint") != null ? dualstack() : Optional.empty();
        return endpoint(region, override, useFips, useDualstack);
    }

    /** What the Config client's endpoint rules give for these settings. */
    static URI endpoint(Region region, Optional<String> override, Optional<Boolean> useFips,
                        Optional<Boolean> useDualstack) {
        ConfigEndpointParams.Builder params = ConfigEndpointParams.builder().region(region);
        override.ifPresent(params::endpoint);
        useFips.ifPresent(params::useFips);
        useDualstack.ifPresent(params::useDualStack);
        try {
            return ConfigEndpointProvider.defaultProvider().resolveEndpoint(params.build()).join().url();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw SdkClientException.builder().message("No AWS Config endpoint for region " + region.id() + ": "
                    + cause.getMessage()).cause(cause).build();
        }
    }

    private boolean mayOverride() {
        Map<String, String> env = System.getenv();
        return profile.isPresent() || env.containsKey("AWS_ENDPOINT_URL_CONFIG_SERVICE")
                || env.containsKey("AWS_ENDPOINT_URL") || System.getProperty("aws.endpointUrlConfig") != null
                || System.getProperty("aws.endpointUrl") != null || profileFileExists();
    }

    /** Whether a shared config or credentials file (whose profile could set an endpoint) is there. */
    private static boolean profileFileExists() {
        String home = System.getProperty("user.home", "");
        return exists(ProfileFileSystemSetting.AWS_CONFIG_FILE.getStringValue(), home, "config")
                || exists(ProfileFileSystemSetting.AWS_SHARED_CREDENTIALS_FILE.getStringValue(), home, "credentials");
    }

    private static boolean exists(Optional<String> setting, String home, String defaultName) {
        try {
            return Files.exists(setting.map(Path::of).orElseGet(() -> Path.of(home, ".aws", defaultName)));
        } catch (InvalidPathException e) {
            return true; // let the SDK read (and judge) the setting
        }
    }

    private Optional<String> override() {
        AwsClientEndpointProvider.Builder builder = AwsClientEndpointProvider.builder()
                .serviceEndpointOverrideEnvironmentVariable("AWS_ENDPOINT_URL_CONFIG_SERVICE")
                .serviceEndpointOverrideSystemProperty("aws.endpointUrlConfig")
                .serviceProfileProperty("config_service")
                .serviceEndpointPrefix(SIGNING_NAME)
                .defaultProtocol("https")
                .region(region);
        profile.ifPresent(p -> builder.profileFile(p::file).profileName(p.name()));
        AwsClientEndpointProvider provider = builder.build();
        return provider.isEndpointOverridden() ? Optional.of(provider.clientEndpoint().toString()) : Optional.empty();
    }

    private Optional<Boolean> fips() {
        FipsEnabledProvider.Builder builder = FipsEnabledProvider.builder();
        profile.ifPresent(p -> builder.profileFile(p::file).profileName(p.name()));
        return builder.build().isFipsEnabled();
    }

    private Optional<Boolean> dualstack() {
        DualstackEnabledProvider.Builder builder = DualstackEnabledProvider.builder();
        profile.ifPresent(p -> builder.profileFile(p::file).profileName(p.name()));
        return builder.build().isDualstackEnabled();
    }
}
