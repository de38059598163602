package io.github.crossaccountmfa.cli;

import io.github.crossaccountmfa.aws.AwsConnectionSettings;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --profile NAME} and {@code --region REGION} with the AWS CLI's meaning, as a picocli mixin for every
 * command that calls AWS. Plain values only: {@link AwsConnectionSettings} turns them into SDK clients.
 */
final class AwsOptions {
    @Option(names = "--profile", paramLabel = "NAME",
            description = "Named profile of the AWS config and credentials files, as aws --profile: its credentials "
                    + "(keys, credential_process, SSO, role_arn with source_profile), region and endpoint_url "
                    + "(default: the SDK's default chains, AWS_PROFILE included).")
    String profile;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region, as aws --region: overrides AWS_REGION and the profile's region (default: "
                    + "those, else us-east-1). Its partition (aws, aws-cn, aws-us-gov, …) gives the ARNs.")
    String region;

    /** @throws IllegalArgumentException naming the option whose value is malformed */
    AwsConnectionSettings settings() {
        return new AwsConnectionSettings(Optional.ofNullable(profile), Optional.ofNullable(region));
    }
}
