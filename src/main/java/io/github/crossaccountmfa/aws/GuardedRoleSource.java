package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.RoleSource;

import io.github.crossaccountmfa.rule.RoleRecord;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;

/** A {@link RoleSource} whose SDK failures become one-line {@link AwsOperationException}s naming the IAM call. */
final class GuardedRoleSource implements RoleSource {
    private final RoleSource roles;

    GuardedRoleSource(RoleSource roles) {
        this.roles = roles;
    }

    @Override
    public long forEachRole(Consumer<RoleRecord> consumer) {
        try {
            return roles.forEachRole(consumer);
        } catch (SdkException e) {
            throw AwsErrors.failure("IAM ListRoles", e);
        }
    }

    @Override
    public Optional<Map<String, String>> tags(RoleRecord role) {
        try {
            return roles.tags(role);
        } catch (SdkException e) {
            throw AwsErrors.failure("IAM ListRoleTags for role " + role.name(), e);
        }
    }
}
