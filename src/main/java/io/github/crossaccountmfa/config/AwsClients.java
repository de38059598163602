package io.github.crossaccountmfa.config;

import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds the SDK clients: the lightweight URLConnection HTTP client, adaptive retries for throttling and 5xx,
 * credentials and region from the SDK's default chains, endpoints from the standard {@code AWS_ENDPOINT_URL*}
 * variables (the SDK reads them itself: nothing is hard-coded here).
 */
public final class AwsClients implements AutoCloseable {
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;

    private AwsClients(SdkHttpClient http, AwsCredentialsProvider credentials, Region region) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
    }

    /** Clients for the default credential chain (optionally a named profile) and region chain. */
    public static AwsClients fromEnvironment(Optional<String> profile) {
        DefaultCredentialsProvider.Builder creds = DefaultCredentialsProvider.builder();
        profile.ifPresent(creds::profileName);
        return new AwsClients(httpClient(), creds.build(), defaultRegion());
    }

    /** Clients that act as {@code roleArn} (organization mode), assumed with the current credentials. */
    public AwsClients assumeRole(String roleArn, String sessionName) {
        StsClient sts = sts();
        AwsCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(sessionName).durationSeconds(900))
                .build();
        return new AwsClients(http, assumed, region);
    }

    public Region region() {
        return region;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** IAM is a global service: its signing region depends on the partition of the current region. */
    public IamClient iam() {
        return IamClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(iamRegion(region))
                .overrideConfiguration(overrides())
                .build();
    }

    public ConfigClient config() {
        return ConfigClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(region)
                .overrideConfiguration(overrides())
                .build();
    }

    public StsClient sts() {
        return StsClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .region(region)
                .overrideConfiguration(overrides())
                .build();
    }

    static Region iamRegion(Region region) {
        String id = region.id();
        if (id.startsWith("cn-")) {
            return Region.AWS_CN_GLOBAL;
        }
        if (id.startsWith("us-gov-")) {
            return Region.AWS_US_GOV_GLOBAL;
        }
        return Region.AWS_GLOBAL;
    }

    private static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.ADAPTIVE_V2)
                .apiCallAttemptTimeout(Duration.ofSeconds(20))
                .build();
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(20))
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
