package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.report.AccountRoles;
import io.github.crossaccountmfa.report.AwsCallException;
import io.github.crossaccountmfa.rule.RoleRecord;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The roles of one account for {@code scan}: {@link IamRoleSource} whose SDK failures become
 * {@link AwsCallException}s, and which closes what it was given (the IAM client, assumed-role credentials).
 */
final class ScanRoleSource implements AccountRoles {
    private final RoleSource roles;
    private final AutoCloseable[] resources;

    ScanRoleSource(IamClient iam, AutoCloseable... resources) {
        this.roles = new IamRoleSource(iam);
        this.resources = new AutoCloseable[resources.length + 1];
        this.resources[0] = iam;
        System.arraycopy(resources, 0, this.resources, 1, resources.length);
    }

    @Override
    public long forEachRole(Consumer<RoleRecord> consumer) {
        try {
            return roles.forEachRole(consumer);
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:ListRoles", "", e);
        }
    }

    @Override
    public Optional<Map<String, String>> tags(RoleRecord role) {
        try {
            return roles.tags(role);
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:ListRoleTags", role.arn(), e);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing frees local resources only; nothing the report depends on
            }
        }
    }
}
