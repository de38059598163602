package io.github.crossaccountmfa.report;

import java.util.List;
import java.util.Objects;

/**
 * An AWS Organization as its management account or a delegated administrator sees it: who is calling, the
 * organization's id and accounts, and the roles of each account. Implementations throw {@link AwsCallException}
 * when a call fails.
 */
public interface Organization {

    /**
     * One look at the organization ({@code sts:GetCallerIdentity}, {@code organizations:DescribeOrganization},
     * every page of {@code organizations:ListAccounts}).
     *
     * @param id            the organization id ({@code o-…})
     * @param callerAccount the account of the current credentials
     * @param callerArn     who the current credentials are
     * @param accounts      every account, in listing order, whatever its status
     */
    record Snapshot(String id, String callerAccount, String callerArn, List<MemberAccount> accounts) {
        public Snapshot {
            Objects.requireNonNull(id);
            Objects.requireNonNull(callerAccount);
            Objects.requireNonNull(callerArn);
            accounts = List.copyOf(accounts);
        }
    }

    Snapshot describe();

    /**
     * The roles of {@code accountId}: the caller's own account with the current credentials, any other through
     * the execution role assumed there.
     *
     * @throws AwsCallException when the account cannot be entered (e.g. {@code sts:AssumeRole} is refused)
     */
    AccountRoles open(String accountId);
}
