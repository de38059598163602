package io.github.crossaccountmfa.testing;

/**
 * Points the SDK's default chains at local servers through the SDK's own system properties (the in-process
 * equivalents of {@code AWS_ENDPOINT_URL_IAM}, {@code AWS_ENDPOINT_URL_STS}, {@code AWS_ENDPOINT_URL_ORGANIZATIONS}
 * and {@code AWS_ENDPOINT_URL_CONFIG_SERVICE}), with dummy credentials and a region. Organizations goes where IAM
 * and STS go (moto serves all three on one port).
 * Note the Config property is {@code aws.endpointUrlConfig} although the variable is
 * {@code AWS_ENDPOINT_URL_CONFIG_SERVICE} (checked against SDK 2.41: {@code aws.endpointUrlConfigService} does not
 * route Config calls).
 */
public final class AwsTestEnvironment {
    private AwsTestEnvironment() {
    }

    public static void use(String iamAndStsEndpoint, String configEndpoint) {
        System.setProperty("aws.accessKeyId", "AKIATESTTESTTESTTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.endpointUrlIam", iamAndStsEndpoint);
        System.setProperty("aws.endpointUrlSts", iamAndStsEndpoint);
        System.setProperty("aws.endpointUrlOrganizations", iamAndStsEndpoint);
        System.setProperty("aws.endpointUrlConfig", configEndpoint);
    }
}
