package io.github.crossaccountmfa.aws;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * How a command reaches AWS: {@code --profile} and {@code --region}, with the AWS CLI's semantics, as plain values
 * (the commands hold no SDK types). Everything else is the SDK's own profile support, read from the shared config
 * and credentials files ({@code AWS_CONFIG_FILE}, {@code AWS_SHARED_CREDENTIALS_FILE}):
 * <ul>
 *   <li>credentials: with a profile, that profile's (keys, {@code credential_process}, SSO, {@code role_arn} with
 *   {@code source_profile} or {@code credential_source}), as {@code aws --profile} uses them; without one, the
 *   default chain ({@code AWS_PROFILE} included);</li>
 *   <li>region: {@code --region}, else {@code AWS_REGION}, else the profile's {@code region}, else us-east-1 (IAM
 *   is global, so a scan needs none);</li>
 *   <li>endpoints: the {@code AWS_ENDPOINT_URL*} variables, else the profile's {@code endpoint_url} and its
 *   {@code services} section, which every client reads from the profile.</li>
 * </ul>
 *
 * @param profile a named profile, or empty for the default chains
 * @param region  a region that overrides every other source, or empty
 */
public record AwsConnectionSettings(Optional<String> profile, Optional<String> region) {
    /** The default chains, as the Lambda function uses them. */
    public static final AwsConnectionSettings DEFAULT = new AwsConnectionSettings(Optional.empty(), Optional.empty());

    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");
    private static final Pattern PROFILE = Pattern.compile("[^\\s\\[\\]]{1,128}");

    /** @throws IllegalArgumentException naming the option whose value cannot be a profile or region name */
    public AwsConnectionSettings {
        profile = profile.map(String::strip).filter(p -> !p.isEmpty());
        region = region.map(String::strip).filter(r -> !r.isEmpty());
        profile.ifPresent(p -> {
            if (!PROFILE.matcher(p).matches()) {
                throw new IllegalArgumentException("--profile \"" + p + "\" is not a profile name");
            }
        });
        region.ifPresent(r -> {
            if (!REGION.matcher(r).matches()) {
                throw new IllegalArgumentException("--region \"" + r + "\" is not an AWS region name (e.g. eu-west-1)");
            }
        });
    }

    /** Clients with the production timeouts and retries. */
    public AwsClients clients() {
        return clients(AwsClients.Settings.DEFAULT);
    }

    /**
     * Clients for these settings, the shared files read now.
     *
     * @throws IllegalArgumentException when the profile is in neither file (the AWS CLI refuses it too)
     */
    public AwsClients clients(AwsClients.Settings settings) {
        ProfileFile files = checkedProfileFile();
        AwsCredentialsProvider credentials = profile
                .<AwsCredentialsProvider>map(name -> ProfileCredentialsProvider.builder()
                        .profileFile(files).profileName(name).build())
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        return AwsClients.of(credentials, region(files), settings,
                profile.map(name -> new AwsClients.Profile(files, name)));
    }

    /**
     * Checks, before any AWS call, that the profile exists (the AWS CLI refuses an unknown one too).
     *
     * @throws IllegalArgumentException naming the profile and the files looked in
     */
    public AwsConnectionSettings check() {
        checkedProfileFile();
        return this;
    }

    private ProfileFile checkedProfileFile() {
        ProfileFile files = ProfileFile.defaultProfileFile();
        profile.ifPresent(name -> {
            if (files.profile(name).isEmpty()) {
                throw new IllegalArgumentException("--profile " + name + ": no such profile in "
                        + where(ProfileFileLocation.configurationFileLocation(), ProfileFileLocation.configurationFilePath()) + " or "
                        + where(ProfileFileLocation.credentialsFileLocation(),
                        ProfileFileLocation.credentialsFilePath()));
            }
        });
        return files;
    }

    /** The region the clients use and where it came from, for {@code --verbose}. */
    public String describe() {
        Region resolved = region(ProfileFile.defaultProfileFile());
        String source = region.isPresent() ? "--region" : "the SDK's region chain";
        return "profile " + profile.orElse("(default chain)") + ", region " + resolved.id() + " (" + source
                + "), partition " + AwsClients.partition(resolved);
    }

    private Region region(ProfileFile files) {
        if (region.isPresent()) {
            return Region.of(region.get());
        }
        DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder().profileFile(() -> files);
        profile.ifPresent(chain::profileName);
        try {
            return chain.build().getRegion();
        } catch (RuntimeException e) {
            return Region.US_EAST_1;
        }
    }

    private static String where(Optional<Path> existing, Path expected) {
        return existing.orElse(expected).toString();
    }
}
