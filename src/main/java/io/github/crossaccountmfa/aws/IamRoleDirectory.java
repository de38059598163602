package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.remediation.RoleDirectory;
import io.github.crossaccountmfa.remediation.RemediationException;

import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.rule.RoleRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** {@link RoleDirectory} on IAM: {@code ListRoles}, {@code GetRole}, {@code UpdateAssumeRolePolicy}. */
public final class IamRoleDirectory implements RoleDirectory {
    private static final int PAGE_SIZE = 1000;

    private final IamClient iam;

    public IamRoleDirectory(IamClient iam) {
        this.iam = iam;
    }

    @Override
    public Optional<String> nameOf(String roleId) {
        List<String> found = new ArrayList<>(1);
        eachListedRole(role -> {
            if (roleId.equals(role.roleId())) {
                found.add(role.roleName());
                return false;
            }
            return true;
        });
        return found.stream().findFirst();
    }

    @Override
    public List<RoleRecord> list() {
        List<RoleRecord> roles = new ArrayList<>();
        // ListRoles carries no tags: unknown, not none
        eachListedRole(role -> roles.add(record(role, Optional.empty())));
        return roles;
    }

    /** Every role of the account, page by page, until {@code visit} says stop. */
    private void eachListedRole(Predicate<Role> visit) {
        Optional<String> marker = Optional.empty();
        do {
            Optional<String> current = marker;
            ListRolesResponse page = call("iam:ListRoles",
                    () -> iam.listRoles(r -> r.maxItems(PAGE_SIZE).marker(current.orElse(null))));
            for (Role role : page.roles()) {
                if (!visit.test(role)) {
                    return;
                }
            }
            marker = Boolean.TRUE.equals(page.isTruncated()) ? Optional.ofNullable(page.marker()) : Optional.empty();
        } while (marker.isPresent());
    }

    @Override
    public Optional<RoleRecord> find(String roleName) {
        try {
            Role role = call("iam:GetRole on role " + roleName, () -> iam.getRole(r -> r.roleName(roleName)).role());
            return Optional.of(record(role));
        } catch (RemediationException e) {
            if (e.getCause() instanceof NoSuchEntityException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void replaceTrustPolicy(String roleName, String document) {
        try {
            call("iam:UpdateAssumeRolePolicy on role " + roleName,
                    () -> iam.updateAssumeRolePolicy(r -> r.roleName(roleName).policyDocument(document)));
        } catch (RemediationException e) {
            if (e.getCause() instanceof LimitExceededException) {
                throw new RemediationException("IAM refused the new trust policy of role " + roleName + ": it is "
                        + "longer than this account's quota for trust policies ("
                        + TrustPolicy.IAM_DEFAULT_TRUST_POLICY_LENGTH + " characters by default; it can be raised to "
                        + TrustPolicy.IAM_MAX_TRUST_POLICY_LENGTH
                        + " in Service Quotas). Nothing was changed", e);
            }
            throw e;
        }
    }

    private static RoleRecord record(Role role) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : role.tags()) {
            tags.put(tag.key(), tag.value());
        }
        return record(role, Optional.of(tags));
    }

    private static RoleRecord record(Role role, Optional<Map<String, String>> tags) {
        return new RoleRecord(role.roleName(), role.roleId(), role.arn(), role.path() == null ? "/" : role.path(),
                role.assumeRolePolicyDocument() == null ? "" : role.assumeRolePolicyDocument(), tags);
    }

    private static <T> T call(String operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw new RemediationException(operation + " failed: "
                    + UnreachableEndpoints.described(e).orElseGet(e::getMessage), e);
        }
    }
}
