package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.report.AwsCallException;
import io.github.crossaccountmfa.report.Organization;
import io.github.crossaccountmfa.report.ScanConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code scan}'s AWS: clients from the default chains (or a named profile), built when first needed and closed
 * together. SDK failures, building the clients included, surface as {@link AwsCallException}s.
 */
public final class AwsScanConnection implements ScanConnection {
    private final AwsClients clients;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private AwsScanConnection(AwsClients clients) {
        this.clients = clients;
    }

    /** @throws AwsCallException when the SDK cannot be set up (e.g. a profile that does not exist) */
    public static ScanConnection open(Optional<String> profile) {
        return open(new AwsConnectionSettings(profile, Optional.empty()));
    }

    /**
     * What {@code --profile} / {@code --region} reach.
     *
     * @throws AwsCallException         when the SDK cannot be set up
     * @throws IllegalArgumentException when the profile is in neither shared file
     */
    public static ScanConnection open(AwsConnectionSettings connection) {
        return open(connection, AwsClients.Settings.DEFAULT);
    }

    /** As {@link #open(Optional)}, with other timeouts and retries (tests). */
    public static ScanConnection open(Optional<String> profile, AwsClients.Settings settings) {
        return open(new AwsConnectionSettings(profile, Optional.empty()), settings);
    }

    /** As {@link #open(AwsConnectionSettings)}, with other timeouts and retries (tests). */
    public static ScanConnection open(AwsConnectionSettings connection, AwsClients.Settings settings) {
        return new AwsScanConnection(build("sts:GetCallerIdentity", () -> connection.clients(settings)));
    }

    @Override
    public RoleSource roles() {
        return keep(new ScanRoleSource(build("iam:ListRoles", clients::iam)));
    }

    @Override
    public Organization organization(String executionRoleName) {
        return new AwsOrganization(clients, keep(build("sts:GetCallerIdentity", clients::sts)),
                keep(build("organizations:ListAccounts", clients::organizations)), executionRoleName);
    }

    private synchronized <T extends AutoCloseable> T keep(T resource) {
        opened.add(resource);
        return resource;
    }

    private static <T> T build(String action, Supplier<T> builder) {
        try {
            return builder.get();
        } catch (SdkException e) {
            throw AwsErrors.classify(action, "", e);
        }
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable resource : opened) {
            try {
                resource.close();
            } catch (Exception e) {
                // local resources only
            }
        }
        opened.clear();
        clients.close();
    }
}
