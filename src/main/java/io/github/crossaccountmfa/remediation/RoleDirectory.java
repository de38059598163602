package io.github.crossaccountmfa.remediation;

import io.github.crossaccountmfa.rule.RoleRecord;
import java.util.List;
import java.util.Optional;

/** The IAM operations remediation needs: IAM in production ({@link IamRoleDirectory}), a fake in unit tests. */
public interface RoleDirectory {

    /**
     * The name of the role with this unique id. IAM has no lookup by id, so this pages through {@code ListRoles}.
     *
     * @throws RemediationException when IAM fails
     */
    Optional<String> nameOf(String roleId);

    /**
     * Every role of the account with its trust policy, as {@code ListRoles} gives them (without tags).
     *
     * @throws RemediationException when IAM fails
     */
    List<RoleRecord> list();

    /**
     * The role as it is now, trust policy and tags included ({@code GetRole}).
     *
     * @throws RemediationException when IAM fails
     */
    Optional<RoleRecord> find(String roleName);

    /**
     * Replaces the role's trust policy ({@code UpdateAssumeRolePolicy}).
     *
     * @throws RemediationException when IAM refuses it
     */
    void replaceTrustPolicy(String roleName, String document);
}
