package io.github.crossaccountmfa.aws;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds the SDK clients: the lightweight URLConnection HTTP client, adaptive retries for throttling and 5xx,
 * credentials and region from the SDK's default chains (in a Lambda function, from Lambda's variables directly),
 * endpoints from the standard {@code AWS_ENDPOINT_URL*} variables (the SDK reads them itself: nothing is hard-coded
 * here).
 */
public final class AwsClients implements AutoCloseable {
    private static final List<String> LAMBDA_VARIABLES = List.of("AWS_LAMBDA_FUNCTION_NAME", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION");
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final Settings settings;
    /** The named profile whose settings (endpoint_url, its services section) every client reads. */
    private final Optional<Profile> profile;

    /** A named profile of the shared config and credentials files, as the command line's {@code --profile}. */
    record Profile(ProfileFile file, String name) {
    }

    /**
     * Timeouts and retries. {@link #DEFAULT} is what production uses: the SDK's adaptive retry mode with its
     * default attempts and backoff. Tests shorten the timeouts and backoff. Every API call, its retries and backoff
     * included, is bounded by {@link #worstCase()} (the SDK's API call timeout).
     *
     * @param connectTimeout TCP connect timeout
     * @param socketTimeout  read timeout
     * @param attemptTimeout timeout of one attempt of an API call
     * @param maxAttempts    attempts per API call including the first; 0 = the SDK's default for adaptive mode
     * @param backoff        base and maximum delay between retries; empty = the SDK's defaults
     */
    public record Settings(Duration connectTimeout, Duration socketTimeout, Duration attemptTimeout, int maxAttempts,
                           Optional<Backoff> backoff) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofSeconds(20), 0, Optional.empty());

        /** The SDK's default number of attempts in adaptive mode, the first included. */
        static final int SDK_DEFAULT_ATTEMPTS = 3;

        /** Exponential backoff with jitter between {@code base} and {@code max}, for errors and throttling. */
        public record Backoff(Duration base, Duration max) {
        }

        /** The longest one API call can take, retries included: attempt timeout × attempts. */
        public Duration worstCase() {
            return attemptTimeout.multipliedBy(maxAttempts == 0 ? SDK_DEFAULT_ATTEMPTS : maxAttempts);
        }
    }

    private AwsClients(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, Settings settings,
                       Optional<Profile> profile) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.settings = settings;
        this.profile = profile;
    }

    /** Clients with these credentials and region whose every client reads {@code profile}'s settings. */
    static AwsClients of(AwsCredentialsProvider credentials, Region region, Settings settings,
                         Optional<Profile> profile) {
        return new AwsClients(httpClient(settings), credentials, region, settings, profile);
    }

    /** Clients for the default credential chain (optionally a named profile) and region chain. */
    public static AwsClients fromEnvironment(Optional<String> profile) {
        return fromEnvironment(profile, Settings.DEFAULT);
    }

    /** As {@link #fromEnvironment(Optional)}, with other timeouts and retries. */
    public static AwsClients fromEnvironment(Optional<String> profile, Settings settings) {
        return fromEnvironment(profile, settings, UnaryOperator.identity());
    }

    /**
     * As {@link #fromEnvironment(Optional, Settings)}, every client sending through {@code http} applied to the
     * HTTP client (the function's SnapStart priming answers the first calls from memory that way).
     */
    public static AwsClients fromEnvironment(Optional<String> profile, Settings settings,
                                             UnaryOperator<SdkHttpClient> http) {
        Optional<Region> lambda = profile.isEmpty() ? lambdaRegion(System.getenv()) : Optional.empty();
        if (lambda.isPresent()) {
            return new AwsClients(http.apply(httpClient(settings)), EnvironmentVariableCredentialsProvider.create(),
                    lambda.get(), settings, Optional.empty());
        }
        DefaultCredentialsProvider.Builder creds = DefaultCredentialsProvider.builder();
        profile.ifPresent(creds::profileName);
        return new AwsClients(http.apply(httpClient(settings)), creds.build(), defaultRegion(), settings,
                Optional.empty());
    }

    /**
     * The function's region when {@code env} is a Lambda function's environment with the execution role's
     * credentials in it (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_REGION, as Lambda sets
     * them): then those variables are all the chains would find, and reading them directly keeps the chains'
     * profile-file, container and instance-metadata providers off the cold start. Empty elsewhere (the command
     * line, or a SnapStart function, whose credentials come from the container endpoint instead: Lambda leaves the key
     * variables out there, and AWS_LAMBDA_INITIALIZATION_TYPE=snap-start is checked as well).
     */
    static Optional<Region> lambdaRegion(Map<String, String> env) {
        for (String name : LAMBDA_VARIABLES) {
            if (env.getOrDefault(name, "").isBlank()) {
                return Optional.empty();
            }
        }
        if ("snap-start".equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
            return Optional.empty(); // a snapshot must not keep the init phase's credentials
        }
        return Optional.of(Region.of(env.get("AWS_REGION").strip()));
    }

    /** Clients that act as {@code roleArn} (organization mode), assumed with the current credentials. */
    public AwsClients assumeRole(String roleArn, String sessionName) {
        return new AwsClients(http, assumedRole(sts(), roleArn, sessionName), region, settings, profile);
    }

    /**
     * Credentials of {@code roleArn}, assumed through {@code sts} on first use and refreshed before they expire.
     * Close the provider when done with it.
     */
    static StsAssumeRoleCredentialsProvider assumedRole(StsClient sts, String roleArn, String sessionName) {
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(sessionName).durationSeconds(900))
                .build();
    }

    public Region region() {
        return region;
    }

    /** The longest one API call of these clients can take, retries included. */
    public Duration worstCase() {
        return settings.worstCase();
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /**
     * IAM is a global service: the SDK's endpoint rules send any region's calls to its partition's IAM endpoint,
     * signed for that partition's IAM region (iam.amazonaws.com and us-east-1 for eu-west-1, iam.us-gov.amazonaws.com
     * and us-gov-west-1 for us-gov-east-1, …).
     */
    public IamClient iam() {
        return iam(credentials);
    }

    /** IAM acting with other credentials (an assumed role), on the same HTTP client. */
    IamClient iam(AwsCredentialsProvider other) {
        return IamClient.builder()
                .httpClient(http)
                .credentialsProvider(other)
                .region(region)
                .overrideConfiguration(overrides(settings, profile))
                .build();
    }

    /** Organizations is global like IAM (the SDK sends the aws partition's calls to us-east-1). */
    public OrganizationsClient organizations() {
        return OrganizationsClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(region)
                .overrideConfiguration(overrides(settings, profile))
                .build();
    }

    /**
     * AWS Config through the SDK's signer, HTTP client and retry strategy (see {@link AwsConfigApi}: not the
     * generated client, which costs the function half its cold start). A new instance per call; each has its own
     * adaptive rate limiter, shared by its threads.
     */
    public AwsConfigApi config() {
        return config(credentials);
    }

    /** AWS Config acting with other credentials (an assumed role), on the same HTTP client. */
    AwsConfigApi config(AwsCredentialsProvider other) {
        return new AwsConfigApi(http, other, region, profile, retryStrategy(settings), settings.attemptTimeout(),
                settings.worstCase());
    }

    public StsClient sts() {
        return StsClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(region)
                .overrideConfiguration(overrides(settings, profile))
                .build();
    }

    /** {@code region}'s partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}, …) from the SDK's metadata. */
    static String partition(Region region) {
        RegionMetadata metadata = region.metadata();
        return (metadata != null ? metadata.partition() : PartitionMetadata.of(region)).id();
    }

    private static ClientOverrideConfiguration overrides(Settings settings, Optional<Profile> profile) {
        ClientOverrideConfiguration.Builder builder = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(settings.attemptTimeout())
                .apiCallTimeout(settings.worstCase())
                .addExecutionInterceptor(new UnreachableEndpoints());
        profile.ifPresent(p -> builder.defaultProfileFile(p.file()).defaultProfileName(p.name()));
        return builder.retryStrategy(retryStrategy(settings)).build();
    }

    /** The SDK's adaptive retry mode ({@code RetryMode.ADAPTIVE_V2}), with the settings' attempts and backoff. */
    static RetryStrategy retryStrategy(Settings settings) {
        var retry = AwsRetryStrategy.adaptiveRetryStrategy().toBuilder();
        if (settings.maxAttempts() > 0) {
            retry.maxAttempts(settings.maxAttempts());
        }
        settings.backoff().ifPresent(b -> retry
                .backoffStrategy(BackoffStrategy.exponentialDelay(b.base(), b.max()))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(b.base(), b.max())));
        return retry.build();
    }

    private static SdkHttpClient httpClient(Settings settings) {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(settings.connectTimeout())
                .socketTimeout(settings.socketTimeout())
                .build();
    }

    /** The region chain, falling back to us-east-1 when nothing is configured (IAM needs no region). */
    private static Region defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException e) {
            return Region.US_EAST_1;
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
