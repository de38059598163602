package io.github.crossaccountmfa.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS shared config and credentials files of a test, in a temporary directory: the SDK reads them through its
 * {@code aws.configFile} / {@code aws.sharedCredentialsFile} properties (the in-process {@code AWS_CONFIG_FILE} and
 * {@code AWS_SHARED_CREDENTIALS_FILE}). While in use, the SDK properties that {@link AwsTestEnvironment} sets
 * (region, endpoints, keys) are cleared, so that only the files speak; {@link #close()} puts everything back.
 */
public final class SharedAwsFiles implements AutoCloseable {
    private static final List<String> CLEARED = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken",
            "aws.region", "aws.endpointUrl", "aws.endpointUrlIam", "aws.endpointUrlSts", "aws.endpointUrlOrganizations",
            "aws.endpointUrlConfig", "aws.profile", "aws.configFile", "aws.sharedCredentialsFile");

    private final Map<String, String> saved = new HashMap<>();
    private final Path config;
    private final Path credentials;

    private SharedAwsFiles(Path dir) {
        for (String key : CLEARED) {
            String value = System.getProperty(key);
            if (value != null) {
                saved.put(key, value);
            }
            System.clearProperty(key);
        }
        config = dir.resolve("config");
        credentials = dir.resolve("credentials");
        System.setProperty("aws.configFile", config.toString());
        System.setProperty("aws.sharedCredentialsFile", credentials.toString());
    }

    /** Empty files in {@code dir}; write them with {@link #config(String)} and {@link #credentials(String)}. */
    public static SharedAwsFiles in(Path dir) throws IOException {
        SharedAwsFiles files = new SharedAwsFiles(dir);
        files.config("");
        files.credentials("");
        return files;
    }

    public SharedAwsFiles config(String text) throws IOException {
        Files.writeString(config, text);
        return this;
    }

    public SharedAwsFiles credentials(String text) throws IOException {
        Files.writeString(credentials, text);
        return this;
    }

    public Path configFile() {
        return config;
    }

    @Override
    public void close() {
        for (String key : CLEARED) {
            System.clearProperty(key);
        }
        saved.forEach(System::setProperty);
    }
}
