package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.KnownAccounts;
import java.util.List;

/**
 * Who can get into one role: what {@code third-parties} needs of a scanned role, live or read back from a saved
 * {@code scan --format json}.
 *
 * @param accountId  the role's own account ({@code ""} when its ARN has none)
 * @param roleName   the role's name
 * @param arn        the role's ARN
 * @param compliance the role's verdict
 * @param access     the outside callers that can assume it
 */
public record RoleAccess(String accountId, String roleName, String arn, Compliance compliance,
                         List<AccessEntry> access) {

    public RoleAccess {
        access = List.copyOf(access);
    }

    public static RoleAccess of(ScannedRole role) {
        return new RoleAccess(role.accountId().orElse(""), role.role().name(), role.role().arn(), role.compliance(),
                role.access());
    }

    /** The same role with account names from {@code known} where it has them. */
    public RoleAccess named(KnownAccounts known) {
        return new RoleAccess(accountId, roleName, arn, compliance, access.stream().map(a -> a.named(known)).toList());
    }
}
